/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.AccuracyReport;
import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultModelEvaluatorTest {
    @TempDir
    Path dir;

    private MutableClock clock;
    private ProductionLogStore log;
    private TestRegistry registry;
    private DefaultModelEvaluator evaluator;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-11-24T10:15:30Z");
        log = MemoryStores.create().productionLog();
        registry = new TestRegistry(clock);
        evaluator = evaluator(Map.of());
    }

    private DefaultModelEvaluator evaluator(Map<String, String> config) {
        return new DefaultModelEvaluator(log, registry, TestTasks.all(), dir, SlabMlConfig.of(config), clock);
    }

    private static Map<String, Object> card(String player, String year, String brand, String number, String grade,
        String grader) {
        return CardData.builder().player(player).year(year).brand(brand).cardNumber(number).grade(grade)
            .gradingCompany(grader).build().toMap();
    }

    private static final Map<String, Object> JORDAN = card("Michael Jordan", "1986-87", "Fleer", "57", "9.5", "BGS");
    private static final Map<String, Object> BRADY = card("Tom Brady", "2000", "Playoff Contenders", "144", "10", "PSA");

    @Test
    void evaluate_normalisedSpellings_countAsCorrect() {
        Map<String, Object> jordanSpelledDifferently = card("MICHAEL JORDAN", "86-87", "fleer", "#57", "9.50",
            "Beckett");

        AccuracyReport r = evaluator.evaluate(TaskName.CARD_IDENTIFICATION, List.of(jordanSpelledDifferently),
            List.of(JORDAN));

        assertThat(r.exactMatch().successes()).isEqualTo(1);
        assertThat(r.fields()).containsOnlyKeys(CardData.CORE_FIELDS.toArray(new String[0]));
        assertThat(r.fields().values()).allSatisfy(p -> assertThat(p.rate()).isEqualTo(1.0));
    }

    @Test
    void evaluate_wrongFieldsAndFailedCall_countPerFieldAndExactMatchWithWilsonIntervals() {
        Map<String, Object> wrongYear = new HashMap<>(JORDAN);
        wrongYear.put("year", "1987-88");
        List<Map<String, Object>> predictions = new ArrayList<>(Arrays.asList(JORDAN, wrongYear, null, BRADY));
        List<Map<String, Object>> truth = List.of(JORDAN, JORDAN, BRADY, BRADY);

        AccuracyReport r = evaluator.evaluate(TaskName.CARD_IDENTIFICATION, predictions, truth);

        assertThat(r.items()).isEqualTo(4);
        assertThat(r.exactMatch().successes()).isEqualTo(2);
        assertThat(r.exactMatch().lower()).isEqualTo(Statistics.wilson(2, 4).lower());
        assertThat(r.fields().get("year").successes()).isEqualTo(2);
        assertThat(r.fields().get("player").successes()).isEqualTo(3);
        assertThat(r.fields().get("player").total()).isEqualTo(4);
        assertThat(r.mismatches()).anySatisfy(m -> assertThat(m).contains("item 1 year").contains("1987-88"))
            .anySatisfy(m -> assertThat(m).contains("item 2").contains("failed call"));
    }

    @Test
    void evaluate_optionalFieldOnlyInSomeTruthItems_isJudgedOnlyWhereTruthSetsIt() {
        Map<String, Object> withTeam = new HashMap<>(JORDAN);
        withTeam.put("team", "Chicago Bulls");

        AccuracyReport r = evaluator.evaluate(TaskName.CARD_IDENTIFICATION, List.of(JORDAN, BRADY),
            List.of(withTeam, BRADY));

        assertThat(r.fields().get("team").total()).isEqualTo(1);
        assertThat(r.fields().get("team").successes()).isZero();
        assertThat(r.exactMatch().successes()).isEqualTo(1);
    }

    @Test
    void evaluate_cardIdentification_writesCardIdEvalFile() throws IOException {
        evaluator.evaluate(TaskName.CARD_IDENTIFICATION, List.of(JORDAN), List.of(JORDAN));

        Path file = dir.resolve("card_id_eval_20261124_101530.json");
        assertThat(file).exists();
        Map<String, Object> json = Json.readObject(Files.readString(file));
        assertThat(json).containsEntry("task", "card_identification").containsEntry("items", 1);
        assertThat(json.get("exact_match").toString()).contains("successes=1");
    }

    @Test
    void evaluate_twiceInTheSameSecond_writesTwoFiles() throws IOException {
        evaluator.evaluate(TaskName.CARD_IDENTIFICATION, List.of(JORDAN), List.of(JORDAN));
        evaluator.evaluate(TaskName.CARD_IDENTIFICATION, List.of(BRADY), List.of(BRADY));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("card_id_eval_20261124_101530.json", "card_id_eval_20261124_101530_2.json");
        }
    }

    @Test
    void evaluate_otherTask_writesTaskNamedFile() {
        Map<String, Object> listing = Map.of("title", "1986-87 Fleer Michael Jordan #57", "description", "Iconic.");

        evaluator.evaluate(TaskName.LISTING_GENERATION, List.of(listing), List.of(listing));

        assertThat(dir.resolve("listing_generation_eval_20261124_101530.json")).exists();
    }

    @Test
    void evaluate_badInput_throwsNamingTheFieldAndWritesNothing() throws IOException {
        assertThatThrownBy(() -> evaluator.evaluate(TaskName.CARD_IDENTIFICATION, List.of(JORDAN), List.of(JORDAN, BRADY)))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("predictions").hasMessageContaining("truth has 2");
        assertThatThrownBy(() -> evaluator.evaluate(TaskName.CARD_IDENTIFICATION, List.of(), List.of()))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("truth").hasMessageContaining("empty");
        assertThatThrownBy(() -> evaluator.evaluate(TaskName.of("unknown_task"), List.of(JORDAN), List.of(JORDAN)))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown task 'unknown_task'");
        assertThatThrownBy(() -> evaluator.evaluate(TaskName.CARD_IDENTIFICATION, List.of(JORDAN),
            List.of(Map.of("player", "Michael Jordan", "colour", "red"))))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).hasValue("truth[0].colour"));
        assertThatThrownBy(() -> evaluator.evaluate(TaskName.CARD_IDENTIFICATION, List.of(JORDAN), Arrays.asList((Map<String, Object>) null)))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("truth[0]");

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void abTest_candidateClearlyBetter_namesWinnerWithExactMcNemar() throws IOException {
        List<Map<String, Object>> truth = new ArrayList<>();
        List<Map<String, Object>> base = new ArrayList<>();
        List<Map<String, Object>> tuned = new ArrayList<>();
        Map<String, Object> wrongNumber = new HashMap<>(JORDAN);
        wrongNumber.put("card_number", "58");
        for (int i = 0; i < 50; i++) {
            truth.add(JORDAN);
            // base wrong on items 0-11, tuned wrong on items 0-1 only: b = 0, c = 10
            base.add(i < 12 ? wrongNumber : JORDAN);
            tuned.add(i < 2 ? wrongNumber : JORDAN);
        }

        AbTestResult r = evaluator.abTest(TaskName.CARD_IDENTIFICATION, base, tuned, truth, "base", "fine-tuned");

        assertThat(r.discordantAOnly()).isZero();
        assertThat(r.discordantBOnly()).isEqualTo(10);
        assertThat(r.test()).isEqualTo(McNemarResult.EXACT);
        assertThat(r.pValue()).isCloseTo(2 * Math.pow(0.5, 10), within(1e-12));
        assertThat(r.winner()).hasValue("fine-tuned");
        assertThat(r.fieldDeltas().get("card_number")).isCloseTo(0.2, within(1e-12));
        assertThat(r.fieldDeltas().get("player")).isZero();
        assertThat(r.note()).contains("fine-tuned is significantly better");
        Path file = dir.resolve("ab_test_20261124_101530.json");
        assertThat(file).exists();
        assertThat(Json.readObject(Files.readString(file))).containsEntry("winner", "fine-tuned")
            .containsEntry("test", "mcnemar_exact");
    }

    @Test
    void abTest_smallDifference_hasNoWinnerAndEstimatesItemsNeeded() {
        List<Map<String, Object>> truth = new ArrayList<>();
        List<Map<String, Object>> a = new ArrayList<>();
        List<Map<String, Object>> b = new ArrayList<>();
        Map<String, Object> wrong = new HashMap<>(BRADY);
        wrong.put("grade", "9");
        for (int i = 0; i < 50; i++) {
            truth.add(BRADY);
            // A wrong on 0-6, B wrong on 5-8: A only right on 7-8 (b=2), B only right on 0-4 (c=5)
            a.add(i < 7 ? wrong : BRADY);
            b.add(i >= 5 && i < 9 ? wrong : BRADY);
        }

        AbTestResult r = evaluator.abTest(TaskName.CARD_IDENTIFICATION, a, b, truth, "A", "B");

        assertThat(r.discordantAOnly()).isEqualTo(2);
        assertThat(r.discordantBOnly()).isEqualTo(5);
        assertThat(r.pValue()).isCloseTo(Statistics.mcNemarExactP(2, 5), within(1e-15));
        assertThat(r.significant()).isFalse();
        assertThat(r.winner()).isEmpty();
        long needed = Statistics.mcNemarSampleSize(2, 5, 50, 0.05, 0.8).orElseThrow();
        assertThat(needed).isGreaterThan(50);
        assertThat(r.note()).contains("Not significant").contains("about " + needed + " items")
            .contains("(" + (needed - 50) + " more)");
    }

    @Test
    void abTest_identicalAnswers_saysTheModelsAgree() {
        AbTestResult r = evaluator.abTest(TaskName.CARD_IDENTIFICATION, List.of(JORDAN, BRADY), List.of(JORDAN, BRADY),
            List.of(JORDAN, BRADY), "A", "B");

        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(r.winner()).isEmpty();
        assertThat(r.note()).startsWith("No difference: both models got exactly the same items right");
    }

    @Test
    void abTest_balancedDisagreement_saysMoreItemsWouldNotHelp() {
        Map<String, Object> wrong = new HashMap<>(JORDAN);
        wrong.put("brand", "Topps");
        AbTestResult r = evaluator.abTest(TaskName.CARD_IDENTIFICATION, List.of(wrong, JORDAN, JORDAN),
            List.of(JORDAN, wrong, JORDAN), List.of(JORDAN, JORDAN, JORDAN), "A", "B");

        assertThat(r.discordantAOnly()).isEqualTo(1);
        assertThat(r.discordantBOnly()).isEqualTo(1);
        assertThat(r.note()).contains("win equally often");
    }

    @Test
    void abTest_configuredAlpha_changesTheVerdict() {
        List<Map<String, Object>> truth = new ArrayList<>();
        List<Map<String, Object>> a = new ArrayList<>();
        List<Map<String, Object>> b = new ArrayList<>();
        Map<String, Object> wrong = new HashMap<>(BRADY);
        wrong.put("player", "Tom Bradley");
        for (int i = 0; i < 40; i++) {
            truth.add(BRADY);
            a.add(i < 6 ? wrong : BRADY);
            b.add(BRADY);
        }
        // b = 0, c = 6: exact p = 2 / 64 = 0.03125

        AbTestResult strict = evaluator(Map.of("slabml.evaluation.alpha", "0.01"))
            .abTest(TaskName.CARD_IDENTIFICATION, a, b, truth, "A", "B");
        AbTestResult lenient = evaluator.abTest(TaskName.CARD_IDENTIFICATION, a, b, truth, "A", "B");

        assertThat(strict.alpha()).isEqualTo(0.01);
        assertThat(strict.winner()).isEmpty();
        assertThat(lenient.winner()).hasValue("B");
    }

    @Test
    void abTest_sameNamesOrBadAlpha_areRejected() {
        assertThatThrownBy(() -> evaluator.abTest(TaskName.CARD_IDENTIFICATION, List.of(JORDAN), List.of(JORDAN),
            List.of(JORDAN), "m", "m")).isInstanceOf(InvalidInputException.class).hasMessageContaining("nameB");
        assertThatThrownBy(() -> evaluator(Map.of("slabml.evaluation.alpha", "1.5")))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("slabml.evaluation.alpha");
    }

    @Test
    void trackProduction_recordWithoutIdOrTime_getsIdAndClockTimestamp() {
        evaluator.trackProduction(ProductionRecord.builder().modelId("m").prediction(JORDAN).build());

        try (Stream<ProductionRecord> s = log.read(YearMonth.of(2026, 11))) {
            List<ProductionRecord> records = s.toList();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).id()).isPresent();
            assertThat(records.get(0).timestamp()).hasValue(clock.instant());
        }
    }

    @Test
    void trackProduction_storeFails_countsTheDropAndDoesNotThrow() {
        ProductionLogStore failing = new ProductionLogStore() {
            @Override
            public void append(ProductionRecord record) {
                throw new StoreException("disk full");
            }

            @Override
            public Stream<ProductionRecord> read(YearMonth month) {
                return Stream.empty();
            }

            @Override
            public List<YearMonth> months() {
                return List.of();
            }
        };
        DefaultModelEvaluator e = new DefaultModelEvaluator(failing, registry, TestTasks.all(), dir, SlabMlConfig.of(Map.of()),
            clock);

        e.trackProduction(ProductionRecord.builder().modelId("m").prediction(JORDAN).build());

        assertThat(e.droppedRecords()).isEqualTo(1);
    }

    @Test
    void trackProduction_nanOrUnsupportedTypeInPrediction_throwsInvalidInputNamingTheFieldAndStoresNothing() {
        Map<String, Object> nan = withField(JORDAN, "confidence", Double.NaN);
        Map<String, Object> odd = withField(JORDAN, "scan", new Object());

        assertThatThrownBy(() -> evaluator.trackProduction(ProductionRecord.builder().modelId("m").prediction(nan).build()))
            .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("prediction.confidence");
        assertThatThrownBy(() -> evaluator.trackProduction(ProductionRecord.builder().modelId("m").prediction(JORDAN)
            .correction(odd).build()))
            .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("correction.scan");
        assertThat(evaluator.droppedRecords()).isZero();
        try (Stream<ProductionRecord> s = log.read(YearMonth.of(2026, 11))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void trackProduction_afterClose_throws() {
        evaluator.close();

        assertThatThrownBy(() -> evaluator.trackProduction(ProductionRecord.builder().modelId("m").build()))
            .hasMessageContaining("closed");
    }

    @Test
    void analyzeMonth_recordsOfTwoModelsAndArms_givesVolumesRatesFieldsLatencyAndPreviousMonth() {
        clock.set(Instant.parse("2026-10-15T00:00:00Z"));
        for (int i = 0; i < 4; i++) {
            track("base", Arm.BASE, JORDAN, i == 0 ? withField(JORDAN, "year", "1987-88") : Map.of(), null, 100L);
        }
        clock.set(Instant.parse("2026-11-02T00:00:00Z"));
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(1));
            Map<String, Object> correction = i < 3 ? withField(JORDAN, "card_number", "58")
                : i == 3 ? withField(JORDAN, "card_number", "#57") : Map.of();
            track("base", Arm.BASE, JORDAN, correction, i % 2 == 0 ? 4 : null, 100L + i * 10);
        }
        for (int i = 0; i < 5; i++) {
            Map<String, Object> correction = i == 0 ? withField(withField(BRADY, "grade", "9"), "player", "Tom Brady Jr.")
                : Map.of();
            track("ft:card", Arm.CANDIDATE, BRADY, correction, 5, 200L);
        }
        track("base", Arm.FALLBACK, BRADY, Map.of(), null, 900L);

        MonthlyAnalysis a = evaluator.analyzeMonth(YearMonth.of(2026, 11));

        assertThat(a.totalPredictions()).isEqualTo(16);
        ModelMonthStats base = a.perModel().get(0);
        assertThat(base.model()).isEqualTo("base");
        assertThat(base.arm()).isNull();
        assertThat(base.volume()).isEqualTo(11);
        assertThat(base.correctionRate().successes()).as("'#57' for '57' is not a correction").isEqualTo(3);
        assertThat(base.correctionRate().lower()).isEqualTo(Statistics.wilson(3, 11).lower());
        assertThat(base.mostCorrectedFields()).containsExactly(Map.entry("card_number", 3L));
        assertThat(base.ratings()).isEqualTo(5);
        assertThat(base.averageRating()).isEqualTo(4.0);
        assertThat(base.latencyP50Millis()).isEqualTo(150);
        assertThat(base.latencyP95Millis()).isEqualTo(900);
        assertThat(base.totalTokens()).isEqualTo(11 * 150);
        ModelMonthStats tuned = a.perModel().get(1);
        assertThat(tuned.model()).isEqualTo("ft:card");
        assertThat(tuned.correctionRate().successes()).isEqualTo(1);
        assertThat(tuned.mostCorrectedFields()).containsOnlyKeys("grade", "player");
        assertThat(a.perModelAndArm()).extracting(ModelMonthStats::model, ModelMonthStats::arm, ModelMonthStats::volume)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("base", Arm.BASE, 10L),
                org.assertj.core.groups.Tuple.tuple("base", Arm.FALLBACK, 1L),
                org.assertj.core.groups.Tuple.tuple("ft:card", Arm.CANDIDATE, 5L));
        assertThat(a.previousMonth()).singleElement().satisfies(p -> {
            assertThat(p.volume()).isEqualTo(4);
            assertThat(p.correctionRate().successes()).isEqualTo(1);
        });
    }

    @Test
    void analyzeMonth_emptyMonth_hasNoModels() {
        MonthlyAnalysis a = evaluator.analyzeMonth(YearMonth.of(2020, 1));

        assertThat(a.totalPredictions()).isZero();
        assertThat(a.perModel()).isEmpty();
        assertThat(a.previousMonth()).isEmpty();
    }

    private void track(String model, Arm arm, Map<String, Object> prediction, Map<String, Object> correction, Integer rating,
        long latency) {
        evaluator.trackProduction(ProductionRecord.builder().modelId(model).arm(arm).prediction(prediction)
            .correction(correction).rating(rating).latencyMillis(latency).usage(new TokenUsage(100, 50)).build());
    }

    private static Map<String, Object> withField(Map<String, Object> card, String field, Object value) {
        Map<String, Object> m = new HashMap<>(card);
        m.put(field, value);
        return m;
    }
}
