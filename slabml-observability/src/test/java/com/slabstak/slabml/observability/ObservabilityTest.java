/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.observability.micrometer.MicrometerObserver;
import com.slabstak.slabml.observability.opentelemetry.OpenTelemetryObserver;
import com.slabstak.slabml.observe.StoreStats;
import com.slabstak.slabml.spi.ModelChoice;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.Faults;
import com.slabstak.slabml.testkit.InMemoryStores;
import com.slabstak.slabml.simulator.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservabilityTest {
    private static final String CANDIDATE = "ft:gpt-4o-mini-2024-07-18:acme::cand1";
    private static final String OCR = "TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10";
    private static final TaskName CARDS = TaskName.CARD_IDENTIFICATION;

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.create();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    private OpenTelemetryObserver otel;
    private SimulatedInferenceBackend inference;
    private SimulatedFineTuningBackend fineTuning;
    private SlabMl ml;

    @BeforeEach
    void setUp() {
        otel = new OpenTelemetryObserver(OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build());
        Faults faults = new Faults().timeout(Faults.Operation.COMPLETE, CANDIDATE, Faults.ALWAYS);
        inference = SimulatedInferenceBackend.builder().faults(faults).build();
        inference.replyWith(request -> "{\"player\": \"Tom Brady\", \"year\": 2000, \"brand\": \"Playoff Contenders\", "
            + "\"card_number\": \"144\", \"grade\": 10}");
        fineTuning = SimulatedFineTuningBackend.builder().clock(clock).build();
        ml = SlabMl.builder().ignoreEnvironment().dataDirectory(dir).clock(clock)
            .stores(InMemoryStores.create())
            .fineTuningBackend(fineTuning)
            .inferenceBackend(inference)
            .modelSelector((deployment, context) -> deployment.candidateModel()
                .map(c -> new ModelChoice(c, Arm.CANDIDATE, 1, true))
                .orElse(new ModelChoice(deployment.baseModel(), Arm.BASE, 0, false)))
            .putConfig("slabml.serving.breaker.consecutive_failures", "2")
            .putConfig("slabml.fine_tuning.base_model", "gpt-4o-mini-2024-07-18")
            .putConfig("slabml.inference.list_prices", "gpt-4o-mini=0.15/0.60,ft:gpt-4o-mini=0.30/1.20")
            .addObserver(new MicrometerObserver(meters))
            .addObserver(otel)
            .build();
    }

    @AfterEach
    void tearDown() {
        ml.close();
        otel.close();
        meterProvider.close();
    }

    @Test
    void identifyCard_baseModel_recordsLatencyTokensAndCostByTask() {
        // when
        ml.models().identifyCard(OCR);

        // then
        String base = ml.registry().deployment(CARDS).baseModel();
        var timer = meters.get("slabml.serving.latency")
            .tags("task", "card_identification", "model", base, "arm", "base", "outcome", "success").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(120);
        double input = meters.get("slabml.serving.tokens").tags("type", "input").counter().count();
        double output = meters.get("slabml.serving.tokens").tags("type", "output").counter().count();
        assertThat(input).isPositive();
        assertThat(output).isPositive();
        assertThat(meters.get("slabml.serving.cost").tags("model", base).counter().count()).isPositive();
        assertThat(meters.find("slabml.serving.fallbacks").counter()).isNull();
    }

    @Test
    void identifyCard_candidateTimesOut_countsFallbacksAndOpensCircuit() {
        // given
        ml.registry().startRollout(CARDS, CANDIDATE, 20, "first stage");

        // when
        for (int i = 0; i < 3; i++) {
            ml.models().identifyCard(OCR);
        }

        // then
        assertThat(meters.get("slabml.serving.fallbacks").tags("task", "card_identification", "reason", "timeout")
            .counter().count()).isEqualTo(2);
        assertThat(meters.get("slabml.serving.fallbacks").tags("reason", "circuit_open").counter().count()).isEqualTo(1);
        assertThat(meters.get("slabml.serving.latency").tags("arm", "fallback", "outcome", "fallback").timer().count())
            .isEqualTo(3);
        assertThat(meters.get("slabml.breaker.state").tags("model", CANDIDATE).gauge().value()).isEqualTo(2.0);
        assertThat(meters.get("slabml.breaker.transitions").tags("model", CANDIDATE, "state", "open").counter().count())
            .isEqualTo(1);
        assertThat(meters.get("slabml.rollout.percent").tags("task", "card_identification").gauge().value())
            .isEqualTo(20.0);
    }

    @Test
    void collectAndRollOut_countsSamplesRolloutStepsAndJobStatuses() throws Exception {
        // given
        Path file = dir.resolve("train.jsonl");
        Files.writeString(file, "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}\n");
        String fileId = fineTuning.uploadFile(file).id();

        // when
        ml.collector().collectCardIdentification(OCR,
            CardData.builder().player("Tom Brady").year("2000").brand("Playoff Contenders").build());
        ml.registry().startRollout(CARDS, CANDIDATE, 20, "start");
        ml.registry().setRolloutPercent(CARDS, 50, "step");
        ml.fineTuning().createJob(JobRequest.builder().trainingFileId(fileId).model("gpt-4o-mini-2024-07-18").build());

        // then
        assertThat(meters.get("slabml.samples.collected").tags("task", "card_identification", "source", "validated")
            .counter().count()).isEqualTo(1);
        assertThat(meters.get("slabml.rollout.changes").tags("action", "start").counter().count()).isEqualTo(1);
        assertThat(meters.get("slabml.rollout.changes").tags("action", "set").counter().count()).isEqualTo(1);
        assertThat(meters.get("slabml.rollout.percent").gauge().value()).isEqualTo(50.0);
        assertThat(meters.get("slabml.jobs.state.changes").counter().count()).isEqualTo(1);
    }

    @Test
    void storeOpened_metersReadTheStoreWhenScraped() {
        // given
        AtomicReference<StoreStats> now = new AtomicReference<>(new StoreStats(3, 10, 0, 0));
        MicrometerObserver observer = new MicrometerObserver(meters);
        observer.storeOpened("samples", now::get);
        otel.storeOpened("samples", now::get);

        // when
        now.set(new StoreStats(7, 12, 2, 1));

        // then
        assertThat(meters.get("slabml.store.queue.depth").tags("store", "samples").gauge().value()).isEqualTo(7.0);
        assertThat(meters.get("slabml.store.writes.rejected").tags("store", "samples").functionCounter().count())
            .isEqualTo(2.0);
        assertThat(meters.get("slabml.store.writes.failed").tags("store", "samples").functionCounter().count())
            .isEqualTo(1.0);
        Collection<MetricData> metrics = reader.collectAllMetrics();
        assertThat(longPoint(metrics, "slabml.store.queue.depth").getValue()).isEqualTo(7);
        assertThat(longPoint(metrics, "slabml.store.writes.rejected").getValue()).isEqualTo(2);
    }

    @Test
    void guardrailDecided_countsByDecision() {
        // when
        new MicrometerObserver(meters).guardrailDecided(CARDS, "rolled_back");

        // then
        assertThat(meters.get("slabml.guardrail.decisions").tags("task", "card_identification", "decision", "rolled_back")
            .counter().count()).isEqualTo(1);
    }

    @Test
    void identifyCard_openTelemetry_recordsGenAiDurationAndTokenUsageWithSemanticAttributes() {
        // when
        ml.models().identifyCard(OCR);

        // then
        String base = ml.registry().deployment(CARDS).baseModel();
        Collection<MetricData> metrics = reader.collectAllMetrics();
        MetricData duration = metric(metrics, "gen_ai.client.operation.duration");
        assertThat(duration.getUnit()).isEqualTo("s");
        assertThat(duration.getInstrumentationScopeInfo().getName()).isEqualTo("com.slabstak.slabml");
        HistogramPointData point = duration.getHistogramData().getPoints().iterator().next();
        assertThat(point.getCount()).isEqualTo(1);
        assertThat(point.getSum()).isGreaterThanOrEqualTo(0.12);
        Attributes a = point.getAttributes();
        assertThat(a.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        assertThat(a.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("simulated");
        assertThat(a.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo(base);
        assertThat(a.get(AttributeKey.stringKey("slabml.arm"))).isEqualTo("base");
        assertThat(a.get(AttributeKey.stringKey("slabml.task"))).isEqualTo("card_identification");
        assertThat(a.get(AttributeKey.longKey("slabml.rollout.stage"))).isZero();

        MetricData tokens = metric(metrics, "gen_ai.client.token.usage");
        assertThat(tokens.getUnit()).isEqualTo("{token}");
        List<String> types = tokens.getHistogramData().getPoints().stream()
            .map(p -> p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type"))).sorted().toList();
        assertThat(types).containsExactly("input", "output");
    }

    @Test
    void identifyCard_openTelemetryFallback_carriesSlabMlDimensions() {
        // given
        ml.registry().startRollout(CARDS, CANDIDATE, 20, "first stage");

        // when
        ml.models().identifyCard(OCR);

        // then
        Collection<MetricData> metrics = reader.collectAllMetrics();
        Attributes a = metric(metrics, "gen_ai.client.operation.duration").getHistogramData().getPoints().iterator()
            .next().getAttributes();
        assertThat(a.get(AttributeKey.stringKey("slabml.arm"))).isEqualTo("fallback");
        assertThat(a.get(AttributeKey.stringKey("slabml.fallback.reason"))).isEqualTo("timeout");
        assertThat(a.get(AttributeKey.longKey("slabml.rollout.stage"))).isEqualTo(20);
        assertThat(a.get(AttributeKey.stringKey("slabml.outcome"))).isEqualTo("fallback");
        assertThat(metric(metrics, "slabml.serving.fallbacks").getLongSumData().getPoints()).hasSize(1);
    }

    private static MetricData metric(Collection<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no metric " + name + " in " + metrics));
    }

    private static LongPointData longPoint(Collection<MetricData> metrics, String name) {
        MetricData m = metric(metrics, name);
        Collection<LongPointData> points = m.getType().name().equals("LONG_GAUGE")
            ? m.getLongGaugeData().getPoints() : m.getLongSumData().getPoints();
        return points.iterator().next();
    }
}
