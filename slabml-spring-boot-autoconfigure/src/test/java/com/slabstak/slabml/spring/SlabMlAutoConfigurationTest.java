/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.observe.BreakerState;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.Faults;
import com.slabstak.slabml.testkit.InMemoryStores;
import com.slabstak.slabml.simulator.ManualClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SlabMlAutoConfigurationTest {
    private static final String ANSWER = "{\"player\": \"Tom Brady\", \"year\": 2000, \"brand\": \"Playoff Contenders\", "
        + "\"card_number\": \"144\", \"grade\": 10}";
    private static final String OCR = "TOM BRADY 2000 PLAYOFF CONTENDERS #144 PSA 10";

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SlabMlAutoConfiguration.class))
            .withUserConfiguration(Fakes.class)
            .withPropertyValues("slabml.data.dir=" + dir, "slabml.read-environment=false", "slabml.health.probe-provider=true",
                "slabml.health.provider-interval=0s");
    }

    @Test
    void slabMl_properties_reachSlabMlUnderItsKeys() {
        runner().withPropertyValues("slabml.serving.breaker.consecutive-failures=3",
                "slabml.serving.breaker.coolDown=45s", "slabml.guardrail.alpha=0.01")
            .run(context -> {
                SlabMl ml = context.getBean(SlabMl.class);
                assertThat(ml.dataDirectory()).isEqualTo(dir);
                assertThat(ml.config().get("slabml.serving.breaker.consecutive_failures")).contains("3");
                assertThat(ml.config().get("slabml.serving.breaker.cool_down")).contains("45s");
                assertThat(ml.config().get("slabml.guardrail.alpha")).contains("0.01");
                assertThat(ml.config().get("slabml.health.probe_provider")).isEmpty();
                assertThat(ml.config().get("slabml.read_environment")).isEmpty();
            });
    }

    @Test
    void slabMl_badTypedValue_failsStartupNamingTheProperty() {
        runner().withPropertyValues("slabml.store.durability=SOMETIMES")
            .run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("SOMETIMES"));
        runner().withPropertyValues("slabml.store.durability=SOMETIMES")
            .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining("slabml.store.durability"));
    }

    @Test
    void slabMl_userDefinedBean_autoConfigurationBacksOff() {
        runner().withBean("mine", SlabMl.class, () -> SlabMl.builder().ignoreEnvironment().dataDirectory(dir)
                .stores(InMemoryStores.create())
                .inferenceBackend(SimulatedInferenceBackend.builder().build())
                .fineTuningBackend(SimulatedFineTuningBackend.builder().clock(ManualClock.create()).build()).build())
            .run(context -> {
                assertThat(context).hasSingleBean(SlabMl.class);
                assertThat(context).hasBean("mine");
            });
    }

    @Test
    void slabMl_contextClosed_closesTheStores() {
        SlabMl[] ml = new SlabMl[1];
        runner().run(context -> {
            ml[0] = context.getBean(SlabMl.class);
            ml[0].collector().collectCardIdentification(OCR,
                CardData.builder().player("Tom Brady").year("2000").brand("Playoff Contenders").build());
        });
        assertThatThrownBy(() -> ml[0].collector().collectCardIdentification(OCR,
                CardData.builder().player("Tom Brady").year("2000").brand("Playoff Contenders").build()))
            .isInstanceOf(StoreException.class);
    }

    @Test
    void micrometer_registryBean_recordsServingMeters() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            context.getBean(SlabMl.class).models().identifyCard(OCR);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("slabml.serving.latency").tag("outcome", "success").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void micrometer_disabled_recordsNothing() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("slabml.observability.micrometer.enabled=false").run(context -> {
                context.getBean(SlabMl.class).models().identifyCard(OCR);
                assertThat(context.getBean(MeterRegistry.class).find("slabml.serving.latency").timer()).isNull();
            });
    }

    @Test
    void openTelemetry_bean_recordsGenAiDuration() {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        runner().withBean(OpenTelemetry.class, () -> OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build())
            .run(context -> {
                context.getBean(SlabMl.class).models().identifyCard(OCR);
                assertThat(reader.collectAllMetrics()).extracting(MetricData::getName)
                    .contains("gen_ai.client.operation.duration", "gen_ai.client.token.usage");
            });
    }

    @Test
    void health_storeWritableAndProviderAnswering_isUpWithCircuitStates() {
        runner().run(context -> {
            SlabMlHealthIndicator health = context.getBean(SlabMlHealthIndicator.class);
            health.breakerStateChanged("ft:m:acme::1", BreakerState.CLOSED, BreakerState.OPEN);

            Health h = health.health(true);

            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("store", "writable");
            assertThat((String) h.getDetails().get("provider")).startsWith("reachable");
            assertThat(h.getDetails()).containsEntry("circuits", Map.of("ft:m:acme::1", "open"));
            assertThat(h.getDetails()).containsKey("stores");
        });
    }

    @Test
    void health_providerFailing_isDown() {
        runner().run(context -> {
            context.getBean(Faults.class).serverError(Faults.Operation.LIST_MODELS, Faults.ALWAYS);

            Health h = context.getBean(SlabMlHealthIndicator.class).health(true);

            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) h.getDetails().get("provider")).startsWith("unreachable");
        });
    }

    @Test
    void health_dataDirectoryRemoved_isDown() {
        runner().run(context -> {
            SlabMl ml = context.getBean(SlabMl.class);
            Path gone = ml.dataDirectory();
            try (var files = java.nio.file.Files.walk(gone)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }

            Health h = context.getBean(SlabMlHealthIndicator.class).health(true);

            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) h.getDetails().get("store")).contains("not a writable directory");
        });
    }

    @Test
    void health_disabled_noIndicator() {
        runner().withPropertyValues("management.health.slabml.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(SlabMlHealthIndicator.class));
    }

    /** The testkit's fakes, wired explicitly. */
    @Configuration(proxyBeanMethods = false)
    static class Fakes {
        @Bean
        Faults faults() {
            return new Faults();
        }

        @Bean
        SlabMlBuilderCustomizer fakes(Faults faults) {
            SimulatedInferenceBackend inference = SimulatedInferenceBackend.builder().build();
            inference.replyWith(request -> ANSWER);
            SimulatedFineTuningBackend fineTuning = SimulatedFineTuningBackend.builder().clock(ManualClock.create()).faults(faults).build();
            return builder -> builder.inferenceBackend(inference).fineTuningBackend(fineTuning);
        }
    }
}
