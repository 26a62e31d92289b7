/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import static com.slabstak.slabml.core.internal.dataset.Fixtures.cardSample;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.distinctCard;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.listingSample;
import static com.slabstak.slabml.core.internal.dataset.Fixtures.ocrOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultDatasetExporterTest {
    static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");

    @TempDir
    Path dataDir;

    private final SampleStore store = MemoryStores.create().samples();
    private final Task cards = new TestTasks.Cards();
    private final Task listings = new TestTasks.Listings();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private Path exports() {
        return dataDir.resolve("training_data").resolve("exports");
    }

    private DefaultDatasetExporter exporter(ExportOptions options) {
        return new DefaultDatasetExporter(store, Map.of(TaskName.CARD_IDENTIFICATION, cards,
            TaskName.LISTING_GENERATION, listings), exports(), clock, options.toBuilder().modelCatalog(TestCatalog.create()).build());
    }

    private DefaultDatasetExporter exporter() {
        return exporter(ExportOptions.defaults());
    }

    private void addDistinctCards(int n) {
        for (int i = 0; i < n; i++) {
            store.append(cardSample(ocrOf(distinctCard(i)), distinctCard(i)).build());
        }
    }

    private static List<Map<String, Object>> read(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(Json::readObject).collect(Collectors.toList());
        }
    }

    @SuppressWarnings("unchecked")
    private static String content(Map<String, Object> line, int message) {
        List<Map<String, Object>> messages = (List<Map<String, Object>>) line.get("messages");
        return (String) messages.get(message).get("content");
    }

    private static ExportRequest request(TaskName task, double fraction, long seed) {
        return ExportRequest.builder().task(task).validationFraction(fraction).seed(seed).build();
    }

    private Set<String> filesInExports() throws IOException {
        if (!Files.exists(exports())) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(exports())) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void export_withProgress_reportsReadWriteAndCheckEachRisingToItsTotal() throws IOException {
        // given more samples than go between two reports
        addDistinctCards(10_000);
        List<String> steps = new java.util.ArrayList<>();
        Map<String, long[]> last = new java.util.LinkedHashMap<>();

        // when
        ExportResult r = exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.10, 42), (step, done, total) -> {
            if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(step)) {
                steps.add(step);
            }
            long[] before = last.get(step);
            assertThat(before == null || done >= before[0]).as("%s went back from %s to %d", step,
                before == null ? "-" : before[0], done).isTrue();
            last.put(step, new long[] {done, total});
        });

        // then: the steps in order, each ending complete
        long bytes = Files.size(r.trainingFile()) + Files.size(r.validationFile().orElseThrow());
        assertThat(steps).containsExactly("read", "write", "check");
        assertThat(last.get("read")).containsExactly(10_000, 10_000);
        assertThat(last.get("write")).containsExactly(10_000, 10_000);
        assertThat(last.get("check")).containsExactly(bytes, bytes);
    }

    @Test
    void export_distinctCards_writesValidatedChatFilesWithTheSplit() throws IOException {
        // given
        addDistinctCards(100);

        // when
        ExportResult r = exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.10, 42));

        // then
        assertThat(r.trainingFile().getFileName().toString())
            .isEqualTo("card_identification_export_20261124T150000_train.jsonl");
        assertThat(r.validationFile()).get().extracting(p -> p.getFileName().toString())
            .isEqualTo("card_identification_export_20261124T150000_validation.jsonl");
        assertThat(r.trainingExamples()).isEqualTo(90);
        assertThat(r.validationExamples()).isEqualTo(10);
        assertThat(r.validation().isValid()).isTrue();
        assertThat(filesInExports()).containsExactlyInAnyOrder(r.trainingFile().getFileName().toString(),
            r.validationFile().orElseThrow().getFileName().toString());

        List<Map<String, Object>> train = read(r.trainingFile());
        assertThat(train).hasSize(90);
        Map<String, Object> first = train.get(0);
        assertThat(first).containsOnlyKeys("messages");
        assertThat(content(first, 0)).startsWith("You identify sports cards");
        assertThat(content(first, 1)).isEqualTo("OCR text: " + ocrOf(distinctCard(0)));
        assertThat(Json.readObject(content(first, 2))).containsEntry("player", "Player 0");
        assertThat(r.trainingTokens())
            .isEqualTo(new CostEstimator(TestCatalog.create()).estimate(r.trainingFile(), "gpt-4o-mini-2024-07-18", null).trainingTokens());
    }

    @Test
    void export_sameSeed_givesTheSameSplitAndAnotherSeedAnother() throws IOException {
        // given
        addDistinctCards(200);

        // when
        ExportResult a = exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.15, 7));
        ExportResult b = exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.15, 7));
        ExportResult c = exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.15, 8));

        // then
        assertThat(b.trainingFile()).isNotEqualTo(a.trainingFile());
        assertThat(b.trainingFile().getFileName().toString()).contains("_20261124T150000_2_train");
        assertThat(Files.readAllLines(b.validationFile().orElseThrow()))
            .isEqualTo(Files.readAllLines(a.validationFile().orElseThrow()));
        assertThat(Files.readAllLines(c.validationFile().orElseThrow()))
            .isNotEqualTo(Files.readAllLines(a.validationFile().orElseThrow()));
        assertThat(a.validationExamples()).isEqualTo(30);
    }

    @Test
    void export_sameCardScannedDifferently_neverLandsOnBothSides() throws IOException {
        // given 60 cards, each read three times with texts too different to be near duplicates
        for (int i = 0; i < 60; i++) {
            Map<String, Object> card = distinctCard(i);
            store.append(cardSample(ocrOf(card), card).build());
            store.append(cardSample("BACK OF CARD " + i + " STATS TABLE COPYRIGHT " + card.get("brand"), card).build());
            store.append(cardSample("SLAB LABEL CERT " + (10_000 + i) + " GEM MINT", card).build());
        }

        // when
        ExportResult r = exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.20, 3));

        // then no answer (card) appears in both files
        Set<String> trainAnswers = new HashSet<>();
        read(r.trainingFile()).forEach(l -> trainAnswers.add(content(l, 2)));
        Set<String> validationAnswers = new HashSet<>();
        read(r.validationFile().orElseThrow()).forEach(l -> validationAnswers.add(content(l, 2)));
        assertThat(validationAnswers).isNotEmpty().doesNotContainAnyElementsOf(trainAnswers);
        assertThat(r.trainingExamples() + r.validationExamples()).isEqualTo(180);
        assertThat(r.validationExamples() % 3).isZero();
    }

    @Test
    void export_listings_areStratifiedByPlatformAndToneWithoutCardLeakage() throws IOException {
        // given 60 eBay/professional and 40 Mercari/casual listings; cards 0-39 appear on both platforms
        for (int i = 0; i < 60; i++) {
            store.append(listingSample(distinctCard(i), "ebay", "professional", "Card " + i + " eBay").build());
        }
        for (int i = 0; i < 40; i++) {
            store.append(listingSample(distinctCard(100 + i), "mercari", "casual", "Card " + (100 + i)).build());
        }

        // when
        ExportResult r = exporter().export(request(TaskName.LISTING_GENERATION, 0.20, 11));

        // then each group holds out its share
        List<Map<String, Object>> validation = read(r.validationFile().orElseThrow());
        long ebay = validation.stream().filter(l -> content(l, 1).contains("Platform: ebay")).count();
        long mercari = validation.stream().filter(l -> content(l, 1).contains("Platform: mercari")).count();
        assertThat(ebay).isEqualTo(12);
        assertThat(mercari).isEqualTo(8);
    }

    @Test
    void export_listingOfOneCardOnTwoPlatforms_keepsTheCardOnOneSide() throws IOException {
        // given 50 cards, each listed on eBay and on Mercari
        for (int i = 0; i < 50; i++) {
            store.append(listingSample(distinctCard(i), "ebay", "professional", "eBay " + i).build());
            store.append(listingSample(distinctCard(i), "mercari", "professional", "Mercari " + i).build());
        }

        // when
        ExportResult r = exporter().export(request(TaskName.LISTING_GENERATION, 0.20, 5));

        // then
        Set<String> trainCards = new HashSet<>();
        read(r.trainingFile()).forEach(l -> trainCards.add(content(l, 1).split("\n")[0]));
        Set<String> validationCards = new HashSet<>();
        read(r.validationFile().orElseThrow()).forEach(l -> validationCards.add(content(l, 1).split("\n")[0]));
        assertThat(validationCards).isNotEmpty().doesNotContainAnyElementsOf(trainCards);
    }

    @Test
    void export_exactAndNearDuplicates_keepOneCopyAndCountTheRest() throws IOException {
        // given one card read four times: exactly twice, and twice with small OCR differences
        addDistinctCards(20);
        Map<String, Object> jordan = Fixtures.card("Michael Jordan", "1986-87", "Fleer", "57", "9.5", "BGS",
            "basketball");
        store.append(cardSample("MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5", jordan).confidence(0.9).build());
        store.append(cardSample("MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5", jordan).confidence(0.9).build());
        store.append(cardSample("michael jordan 1986 87 fleer 57 bgs 9.5", jordan).confidence(0.95).build());
        store.append(cardSample("M1CHAEL JORDAN 1986-87 FLEER #57 BGS 9.5", jordan).confidence(0.8).build());
        // and the same card in another grade, a different answer that must stay
        Map<String, Object> jordan8 = Fixtures.card("Michael Jordan", "1986-87", "Fleer", "57", "8", "PSA",
            "basketball");
        store.append(cardSample("MICHAEL JORDAN 1986-87 FLEER #57 PSA 8", jordan8).build());

        // when
        ExportResult r = exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.0, 1));

        // then the highest-confidence copy is kept
        assertThat(r.duplicatesRemoved()).isEqualTo(3);
        assertThat(r.trainingExamples()).isEqualTo(22);
        List<String> jordanPrompts = read(r.trainingFile()).stream().map(l -> content(l, 1))
            .filter(c -> c.toLowerCase().contains("jordan")).toList();
        assertThat(jordanPrompts).containsExactlyInAnyOrder("OCR text: michael jordan 1986 87 fleer 57 bgs 9.5",
            "OCR text: MICHAEL JORDAN 1986-87 FLEER #57 PSA 8");
    }

    @Test
    void export_duplicateWithACorrection_keepsTheNewestCorrection() throws IOException {
        // given
        addDistinctCards(20);
        Map<String, Object> brady = Fixtures.card("Tom Brady", "2000", "Playoff Contenders", "144", "10", "PSA",
            "football");
        store.append(cardSample("TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10", brady).build());
        store.append(cardSample("TOM BRADY 2000 PLAYOFF CONTENDERS 144 PSA 10", brady)
            .source(SampleSource.CORRECTION).userId("u1").confidence(0.9).build());
        store.append(cardSample("TOM BRADY 2000 PLAYOFF CONTENDER #144 PSA 10", brady)
            .source(SampleSource.CORRECTION).userId("u2").confidence(0.9).build());

        // when
        ExportResult r = exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.0, 1));

        // then
        assertThat(r.duplicatesRemoved()).isEqualTo(2);
        assertThat(read(r.trainingFile()).stream().map(l -> content(l, 1)))
            .contains("OCR text: TOM BRADY 2000 PLAYOFF CONTENDER #144 PSA 10")
            .doesNotContain("OCR text: TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10");
    }

    @Test
    void exportWithDetails_conflictingLabels_newestTrustedCorrectionWinsAndOthersAreReported() throws IOException {
        // given one scan labelled three ways: validated, corrected by a trusted grader, corrected later by someone else
        addDistinctCards(20);
        String ocr = "KEN GRIFFEY JR 1989 UPPER DECK #1 PSA 9";
        Map<String, Object> validated = Fixtures.card("Ken Griffey Jr.", "1989", "Upper Deck", "1", "9", "PSA",
            "baseball");
        Map<String, Object> graded = Fixtures.card("Ken Griffey Jr.", "1989", "Upper Deck", "1", "9", "PSA",
            "baseball");
        graded.put("variant", "Star Rookie");
        Map<String, Object> wrong = Fixtures.card("Ken Griffey Sr.", "1989", "Upper Deck", "1", "9", "PSA",
            "baseball");
        store.append(cardSample(ocr, validated).id("v1").build());
        store.append(cardSample(ocr.toLowerCase(), graded).id("c1").source(SampleSource.CORRECTION)
            .userId("grader").build());
        store.append(cardSample(ocr + ".", wrong).id("c2").source(SampleSource.CORRECTION).userId("troll").build());

        // when
        ExportDetails trusted = exporter(ExportOptions.builder().addTrustedUser("grader").build())
            .exportWithDetails(request(TaskName.CARD_IDENTIFICATION, 0.0, 1));
        ExportDetails anyone = exporter().exportWithDetails(request(TaskName.CARD_IDENTIFICATION, 0.0, 1));

        // then
        assertThat(trusted.quality().conflicts()).isEqualTo(1);
        assertThat(trusted.quality().overruled()).isEqualTo(2);
        assertThat(trusted.quality().conflictDetails()).singleElement().satisfies(c -> {
            assertThat(c.keptSample()).isEqualTo("c1");
            assertThat(c.overruledSamples()).containsExactlyInAnyOrder("v1", "c2");
            assertThat(c.rule()).isEqualTo("trusted_correction");
        });
        assertThat(trusted.result().trainingExamples()).isEqualTo(21);
        assertThat(read(trusted.result().trainingFile()).stream().map(l -> content(l, 2)))
            .anySatisfy(a -> assertThat(a).contains("Star Rookie"))
            .noneSatisfy(a -> assertThat(a).contains("Griffey Sr."));
        assertThat(anyone.quality().conflictDetails().get(0).keptSample()).isEqualTo("c2");
    }

    @Test
    void analyze_conflictWithoutCorrections_highestSummedConfidenceWins() {
        // given two validated samples saying one thing and one, more confident, saying another
        String ocr = "DEREK JETER 1993 SP #279";
        Map<String, Object> a = Fixtures.card("Derek Jeter", "1993", "SP", "279", "9", "PSA", "baseball");
        Map<String, Object> b = Fixtures.card("Derek Jeter", "1993", "SP Foil", "279", "9", "PSA", "baseball");
        Stream<com.slabstak.slabml.Sample> samples = Stream.of(
            cardSample(ocr, a).id("a1").confidence(0.7).build(),
            cardSample(ocr, a).id("a2").confidence(0.7).build(),
            cardSample(ocr, b).id("b1").confidence(1.0).build());

        // when
        QualitySummary q = DatasetQuality.analyze(samples, cards);

        // then
        assertThat(q.conflicts()).isEqualTo(1);
        assertThat(q.conflictDetails().get(0).rule()).isEqualTo("confidence_vote");
        assertThat(q.conflictDetails().get(0).overruledSamples()).containsExactly("b1");
        assertThat(q.duplicates()).isEqualTo(1);
    }

    @Test
    void export_minConfidence_leavesOutLowConfidenceSamples() {
        addDistinctCards(30);
        store.append(cardSample("LOW CONFIDENCE SCAN", distinctCard(500)).confidence(0.5).build());

        ExportResult r = exporter().export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION)
            .minConfidence(0.8).validationFraction(0.0).build());

        assertThat(r.belowMinConfidence()).isEqualTo(1);
        assertThat(r.trainingExamples()).isEqualTo(30);
        assertThat(r.validationFile()).isEmpty();
    }

    @Test
    void exportWithDetails_redaction_isOffByDefaultAndReportedWhenOn() throws IOException {
        // given scans with an e-mail address and a phone number picked up by OCR
        addDistinctCards(20);
        store.append(cardSample("JORDAN 1986 FLEER #57 seller jane@example.com", distinctCard(300)).build());
        store.append(cardSample("BRADY 2000 #144 CERT 12345678 call 555-123-4567", distinctCard(301)).build());

        // when
        ExportDetails off = exporter().exportWithDetails(request(TaskName.CARD_IDENTIFICATION, 0.0, 1));
        ExportDetails on = exporter(ExportOptions.builder().redactPersonalData(true).build())
            .exportWithDetails(request(TaskName.CARD_IDENTIFICATION, 0.0, 1));

        // then
        assertThat(off.samplesRedacted()).isZero();
        assertThat(Files.readString(off.result().trainingFile())).contains("jane@example.com");
        assertThat(on.samplesRedacted()).isEqualTo(2);
        assertThat(on.emailsRedacted()).isEqualTo(1);
        assertThat(on.phonesRedacted()).isEqualTo(1);
        String text = Files.readString(on.result().trainingFile());
        assertThat(text).doesNotContain("jane@example.com").doesNotContain("555-123-4567")
            .contains("seller [email]").contains("CERT 12345678 call [phone]");
    }

    @Test
    void export_targetNameTaken_neverReplacesTheExistingFile() throws IOException {
        // given a file already holding the name this second's export would take
        addDistinctCards(30);
        Files.createDirectories(exports());
        Path taken = exports().resolve("card_identification_export_20261124T150000_validation.jsonl");
        Files.writeString(taken, "keep me\n");

        // when
        ExportResult r = exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.10, 1));

        // then
        assertThat(Files.readString(taken)).isEqualTo("keep me\n");
        assertThat(r.trainingFile().getFileName().toString())
            .isEqualTo("card_identification_export_20261124T150000_2_train.jsonl");
        assertThat(r.validation().file()).isEqualTo(r.trainingFile().toString());
        assertThat(filesInExports()).hasSize(3).noneMatch(n -> n.endsWith(".tmp.jsonl"));
    }

    @Test
    void export_sampleTheTaskCannotRender_throwsAndLeavesNoFile() {
        // given a stored sample with blank OCR text, which the task refuses
        addDistinctCards(30);
        store.append(cardSample(" ", distinctCard(400)).id("bad-1").build());

        // when / then
        assertThatThrownBy(() -> exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.1, 1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("bad-1");
        assertThat(exports()).isEmptyDirectory();
    }

    @Test
    void export_tooFewExamplesForTraining_throwsAndLeavesNoFile() {
        // given 9 samples: the provider needs 10 in the training file
        addDistinctCards(9);

        // when / then
        assertThatThrownBy(() -> exporter().export(request(TaskName.CARD_IDENTIFICATION, 0.0, 1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("too_few_examples");
        assertThat(exports()).isEmptyDirectory();
    }

    @Test
    void export_nothingToExport_throwsNamingTheTask() throws IOException {
        assertThatThrownBy(() -> exporter().export(TaskName.CARD_IDENTIFICATION))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("task"))
            .hasMessageContaining("no samples");

        for (int i = 0; i < 12; i++) {
            store.append(cardSample(ocrOf(distinctCard(i)), distinctCard(i)).confidence(0.9).build());
        }
        assertThatThrownBy(() -> exporter().export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION)
                .minConfidence(0.95).build()))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("12 below min_confidence");
        assertThat(filesInExports()).isEmpty();
    }

    @Test
    void export_unknownTask_throwsListingKnownTasks() {
        assertThatThrownBy(() -> exporter().export(TaskName.of("grading_estimate")))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("grading_estimate")
            .hasMessageContaining("card_identification");
    }

    @Test
    void validate_delegatesToTheValidator() throws IOException {
        Path f = dataDir.resolve("user.jsonl");
        Files.writeString(f, "not json\n");

        assertThat(exporter().validate(f, "gpt-4o-mini-2024-07-18").countsByCategory())
            .containsEntry("data_type", 1L).containsEntry("too_few_examples", 1L);
    }

    /** Cards with exact and near duplicates, rescans, conflicting labels and corrections, in a fixed order. */
    private void addMixedCards(int n) {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(4) == 0 ? random.nextInt(i + 1) : i;
            Map<String, Object> card = new java.util.LinkedHashMap<>(distinctCard(k));
            String ocr = ocrOf(card);
            switch (random.nextInt(6)) {
                case 0 -> ocr = ocr.replace('O', '0');
                case 1 -> ocr = ocr.replace("#", "# ");
                case 2 -> card.put("grade", String.valueOf(1 + random.nextInt(10)));
                default -> {
                }
            }
            com.slabstak.slabml.Sample.Builder b = cardSample(ocr, card).confidence(0.8 + random.nextInt(3) / 10.0);
            if (random.nextInt(5) == 0) {
                b.source(SampleSource.CORRECTION).userId("user" + random.nextInt(3));
            }
            store.append(b.build());
        }
    }

    private static List<byte[]> bytes(ExportResult r) throws IOException {
        return List.of(Files.readAllBytes(r.trainingFile()), Files.readAllBytes(r.validationFile().orElseThrow()));
    }

    private DefaultDatasetExporter exporterIn(Path dir, ExportOptions options) {
        return new DefaultDatasetExporter(store, Map.of(TaskName.CARD_IDENTIFICATION, cards,
            TaskName.LISTING_GENERATION, listings), dir, clock, options.toBuilder().modelCatalog(TestCatalog.create()).build());
    }

    private static Set<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void exportWithDetails_tinyIndexMemoryBudget_writesByteIdenticalFilesAndLeavesNoTemporaryFiles()
        throws IOException {
        // given 3,000 cards with duplicates, near duplicates and conflicts, and trusted corrections
        addMixedCards(3000);
        ExportOptions inMemory = ExportOptions.builder().addTrustedUser("user1").build();
        ExportOptions spilling = inMemory.toBuilder().indexMemoryBytes(1).build();
        ExportRequest request = request(TaskName.CARD_IDENTIFICATION, 0.15, 99);

        // when the index fits in memory, and when it must spill after every few entries
        ExportDetails expected = exporterIn(dataDir.resolve("a"), inMemory).exportWithDetails(request);
        ExportDetails actual = exporterIn(dataDir.resolve("b"), spilling).exportWithDetails(request);

        // then the same decisions and the same bytes
        assertThat(expected.quality().duplicates()).isPositive();
        assertThat(expected.quality().conflicts()).isPositive();
        assertThat(expected.result().validationExamples()).isPositive();
        assertThat(actual.quality()).isEqualTo(expected.quality());
        assertThat(actual.result().trainingExamples()).isEqualTo(expected.result().trainingExamples());
        assertThat(actual.result().validationExamples()).isEqualTo(expected.result().validationExamples());
        assertThat(actual.result().duplicatesRemoved()).isEqualTo(expected.result().duplicatesRemoved());
        assertThat(bytes(actual.result())).containsExactlyElementsOf(bytes(expected.result()));
        assertThat(filesIn(dataDir.resolve("b"))).containsExactlyInAnyOrder(
            actual.result().trainingFile().getFileName().toString(),
            actual.result().validationFile().orElseThrow().getFileName().toString());
    }

    @Test
    void export_tinyIndexMemoryBudgetAndCardsChainedAcrossListings_keepsUnitsWholeAndFilesIdentical()
        throws IOException {
        // given listings chained card - title - card - title ... (one unit), next to unrelated listings
        for (int i = 0; i < 60; i++) {
            store.append(listingSample(distinctCard(i / 2), i % 2 == 0 ? "ebay" : "mercari", "casual",
                "Chained title " + (i + 1) / 2).putOutput("description", "Chained").build());
        }
        for (int i = 0; i < 240; i++) {
            store.append(listingSample(distinctCard(1000 + i), i % 2 == 0 ? "ebay" : "mercari",
                i % 5 == 0 ? "professional" : "casual", "Title " + i).build());
        }
        ExportRequest request = request(TaskName.LISTING_GENERATION, 0.20, 5);

        // when
        ExportResult expected = exporterIn(dataDir.resolve("a"), ExportOptions.defaults()).export(request);
        ExportResult actual = exporterIn(dataDir.resolve("b"), ExportOptions.builder().indexMemoryBytes(1).build())
            .export(request);

        // then the chain stays on one side and both budgets write the same bytes
        long chainedInValidation = read(actual.validationFile().orElseThrow()).stream()
            .filter(l -> content(l, 2).contains("Chained title")).count();
        assertThat(chainedInValidation).isIn(0L, 60L);
        assertThat(bytes(actual)).containsExactlyElementsOf(bytes(expected));
        assertThat(filesIn(dataDir.resolve("b"))).hasSize(2);
    }

    @Test
    void export_tinyIndexMemoryBudgetAndASampleTheTaskCannotRender_leavesNothingBehind() {
        // given
        addMixedCards(300);
        store.append(cardSample(" ", distinctCard(4000)).id("bad-2").build());

        // when / then
        assertThatThrownBy(() -> exporter(ExportOptions.builder().indexMemoryBytes(1).build())
            .export(request(TaskName.CARD_IDENTIFICATION, 0.1, 1)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("bad-2");
        assertThat(exports()).isEmptyDirectory();
    }

    @Test
    void exportOptions_nonPositiveIndexMemoryBudget_isRejectedByName() {
        assertThatThrownBy(() -> ExportOptions.builder().indexMemoryBytes(0).build())
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("index_memory_bytes");
    }
}
