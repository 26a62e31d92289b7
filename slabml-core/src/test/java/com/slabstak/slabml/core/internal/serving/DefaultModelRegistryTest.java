/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.core.internal.store.FileStoreProvider;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.RegistryStore;
import com.slabstak.slabml.spi.Stores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultModelRegistryTest {
    private static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    private static final String FT = "ft:gpt-4o-mini-2024-07-18:org:card:abc";

    private final MutableClock clock = MutableClock.at("2026-01-15T10:00:00Z");
    private final RegistryStore store = MemoryStores.create().registry();

    @Test
    void deployment_noConfigNoEvents_defaultBaseWithoutCandidate() {
        // given
        DefaultModelRegistry registry = registry(Map.of());
        // when
        Deployment d = registry.deployment(CARD);
        // then
        assertThat(d.baseModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(d.candidateModel()).isEmpty();
        assertThat(d.rolloutPercent()).isZero();
    }

    @Test
    void deployment_finetunedConfiguredAndEnabled_candidateAtHundred() {
        DefaultModelRegistry registry = registry(Map.of(
            "slabml.card_identification.base_model", "gpt-4o-2024-08-06",
            "slabml.card_identification.finetuned_model", FT,
            "slabml.card_identification.use_finetuned", "true"));
        Deployment d = registry.deployment(CARD);
        assertThat(d.baseModel()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(d.candidateModel()).contains(FT);
        assertThat(d.rolloutPercent()).isEqualTo(100);
    }

    @Test
    void deployment_finetunedConfiguredButDisabled_baseOnly() {
        DefaultModelRegistry registry = registry(Map.of(
            "slabml.card_identification.finetuned_model", FT,
            "slabml.card_identification.use_finetuned", "false"));
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
        DefaultModelRegistry notSet = registry(Map.of("slabml.card_identification.use_finetuned", "true"));
        assertThat(notSet.deployment(CARD).candidateModel()).isEmpty();
    }

    @Test
    void startRollout_thenSetAndPromote_recordsEveryStepWithTimeReasonAndPreviousPercent() {
        // given
        DefaultModelRegistry registry = registry(Map.of());
        // when
        registry.startRollout(CARD, FT, 20, "beat base on holdout");
        clock.advance(Duration.ofDays(1));
        registry.setRolloutPercent(CARD, 50, "no regressions");
        clock.advance(Duration.ofDays(7));
        Deployment promoted = registry.promote(CARD, "week at 50%");
        // then
        assertThat(promoted.candidateModel()).contains(FT);
        assertThat(promoted.rolloutPercent()).isEqualTo(100);
        assertThat(promoted.updatedAt()).contains(clock.instant());
        List<DeploymentEvent> history = registry.history(CARD);
        assertThat(history).extracting(DeploymentEvent::action).containsExactly("start", "set", "promote");
        assertThat(history).extracting(DeploymentEvent::previousPercent).containsExactly(0, 20, 50);
        assertThat(history).extracting(DeploymentEvent::reason)
            .containsExactly("beat base on holdout", "no regressions", "week at 50%");
        assertThat(history.get(0).at()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));
        assertThat(registry.deployment(CARD)).isEqualTo(promoted);
    }

    @Test
    void rollback_afterRollout_baseServesAndEventRecorded() {
        DefaultModelRegistry registry = registry(Map.of());
        registry.startRollout(CARD, FT, 20, "start");
        Deployment d = registry.rollback(CARD, "correction rate up");
        assertThat(d.candidateModel()).isEmpty();
        assertThat(d.rolloutPercent()).isZero();
        DeploymentEvent last = registry.history(CARD).get(1);
        assertThat(last.action()).isEqualTo("rollback");
        assertThat(last.previousPercent()).isEqualTo(20);
    }

    @Test
    void rollback_ofConfigSeededCandidate_overridesConfig() {
        // given: the seed's variables put the fine-tuned model at 100%
        DefaultModelRegistry registry = registry(Map.of(
            "slabml.card_identification.finetuned_model", FT,
            "slabml.card_identification.use_finetuned", "true"));
        // when
        registry.rollback(CARD, "bad week");
        // then
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
        assertThat(registry.history(CARD).get(0).previousPercent()).isEqualTo(100);
    }

    @Test
    void halt_recordsDetails() {
        DefaultModelRegistry registry = registry(Map.of());
        registry.startRollout(CARD, FT, 50, "start");
        registry.halt(CARD, "guardrail: correction rate significantly worse", Map.of("p_value", 0.003, "candidate_rate", 0.31));
        DeploymentEvent halt = registry.history(CARD).get(1);
        assertThat(halt.action()).isEqualTo("halt");
        assertThat(halt.details()).containsEntry("p_value", 0.003).containsEntry("candidate_rate", 0.31);
        assertThat(registry.deployment(CARD).candidateModel()).isEmpty();
    }

    @Test
    void setRolloutPercent_outOfRange_typedErrorNamingFieldAndNothingWritten() {
        DefaultModelRegistry registry = registry(Map.of());
        registry.startRollout(CARD, FT, 20, "start");
        for (int bad : new int[] {-1, 101}) {
            assertThatThrownBy(() -> registry.setRolloutPercent(CARD, bad, "x"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).contains("rollout_percent"));
        }
        assertThatThrownBy(() -> registry.startRollout(CARD, FT, 120, "x")).isInstanceOf(InvalidInputException.class);
        assertThat(store.events()).hasSize(1);
    }

    @Test
    void setPromoteRollbackHalt_withoutCandidate_typedErrorNamingCandidate() {
        DefaultModelRegistry registry = registry(Map.of());
        List<Runnable> calls = List.of(
            () -> registry.setRolloutPercent(CARD, 50, "x"),
            () -> registry.promote(CARD, "x"),
            () -> registry.rollback(CARD, "x"),
            () -> registry.halt(CARD, "x", Map.of()));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).contains("candidate_model"));
        }
        assertThat(store.events()).isEmpty();
    }

    @Test
    void startRollout_blankOrBaseCandidate_rejected() {
        DefaultModelRegistry registry = registry(Map.of());
        assertThatThrownBy(() -> registry.startRollout(CARD, " ", 20, "x"))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("candidate_model"));
        assertThatThrownBy(() -> registry.startRollout(CARD, "gpt-4o-mini-2024-07-18", 20, "x"))
            .isInstanceOf(InvalidInputException.class);
        assertThat(store.events()).isEmpty();
    }

    @Test
    void deployment_changeByAnotherInstance_visibleWithoutRestart() {
        // given: two instances sharing a store
        DefaultModelRegistry first = registry(Map.of());
        DefaultModelRegistry second = registry(Map.of());
        assertThat(second.deployment(CARD).candidateModel()).isEmpty();
        // when
        first.startRollout(CARD, FT, 20, "start");
        clock.advance(Duration.ofSeconds(1));
        // then: seen after the refresh interval
        assertThat(second.deployment(CARD).candidateModel()).contains(FT);
        first.setRolloutPercent(CARD, 60, "up");
        assertThat(second.deployment(CARD).rolloutPercent()).isEqualTo(20);
        clock.advance(Duration.ofSeconds(1));
        assertThat(second.deployment(CARD).rolloutPercent()).isEqualTo(60);
        assertThat(first.deployment(CARD).rolloutPercent()).isEqualTo(60);
    }

    @Test
    void deployment_refreshIntervalZero_otherInstanceSeenOnNextRead() {
        DefaultModelRegistry first = registry(Map.of());
        DefaultModelRegistry second = registry(Map.of(DefaultModelRegistry.REFRESH_KEY, "0s"));
        second.deployment(CARD);
        first.startRollout(CARD, FT, 20, "start");
        assertThat(second.deployment(CARD).candidateModel()).contains(FT);
    }

    @Test
    void deployment_storeUnchanged_readsEventsOnlyOnce() {
        // given
        AtomicInteger reads = new AtomicInteger();
        RegistryStore counting = new RegistryStore() {
            @Override
            public void appendEvent(DeploymentEvent event) {
                store.appendEvent(event);
            }

            @Override
            public List<DeploymentEvent> events() {
                reads.incrementAndGet();
                return store.events();
            }

            @Override
            public void appendVersion(ModelVersion version) {
                store.appendVersion(version);
            }

            @Override
            public List<ModelVersion> versions() {
                return store.versions();
            }

            @Override
            public long version() {
                return store.version();
            }
        };
        DefaultModelRegistry registry = new DefaultModelRegistry(counting, TestCatalog.config(), clock);
        // when
        for (int i = 0; i < 100; i++) {
            registry.deployment(CARD);
            clock.advance(Duration.ofSeconds(2));
        }
        int afterReads = reads.get();
        registry.startRollout(CARD, FT, 10, "start");
        registry.deployment(CARD);
        registry.deployment(CARD);
        // then
        assertThat(afterReads).isEqualTo(1);
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void register_versionsPerTask_oldestFirstAndReRegistrationUpdates() {
        // given
        DefaultModelRegistry registry = registry(Map.of());
        ModelVersion v1 = version(CARD, "ft:gpt-4o-mini-2024-07-18:org:card:one");
        ModelVersion v2 = version(CARD, "ft:gpt-4o-mini-2024-07-18:org:card:two");
        ModelVersion listing = version(TaskName.LISTING_GENERATION, "ft:gpt-4o-mini-2024-07-18:org:listing:x");
        // when
        registry.register(v1);
        registry.register(v2);
        registry.register(listing);
        ModelVersion evaluated = v1.toBuilder().putMetric("accuracy", 0.89).build();
        registry.register(evaluated);
        // then
        assertThat(registry.versions(CARD)).containsExactly(evaluated, v2);
        assertThat(registry.versions(TaskName.LISTING_GENERATION)).containsExactly(listing);
        assertThat(registry.versions(TaskName.of("other"))).isEmpty();
    }

    @Test
    void deployments_listsBuiltInTasksAndTasksWithEvents() {
        DefaultModelRegistry registry = registry(Map.of());
        registry.startRollout(TaskName.of("grading"), "ft:x", 10, "start");
        assertThat(registry.deployments()).extracting(d -> d.task().value())
            .containsExactly("card_identification", "grading", "listing_generation");
    }

    private ModelVersion version(TaskName task, String id) {
        return ModelVersion.builder().task(task).modelId(id).baseModel("gpt-4o-mini-2024-07-18")
            .jobId("ftjob-1").createdAt(clock.instant()).build();
    }

    private DefaultModelRegistry registry(Map<String, String> config) {
        return new DefaultModelRegistry(store, TestCatalog.config(config), clock);
    }

    @Test
    void record_decisionWithoutChange_appearsInHistoryAndKeepsDeployment() {
        // given
        DefaultModelRegistry registry = registry(Map.of());
        Deployment before = registry.startRollout(CARD, FT, 20, "start");
        // when
        DeploymentEvent gate = registry.record(CARD, "gate", "not significantly better", Map.of("p_value", 0.21));
        // then
        assertThat(registry.deployment(CARD)).isEqualTo(before);
        assertThat(registry.history(CARD)).last().isEqualTo(gate);
        assertThat(gate.details()).containsEntry("p_value", 0.21);
        assertThat(gate.previousPercent()).isEqualTo(20);
        assertThatThrownBy(() -> registry.record(CARD, "Gate!", "x", Map.of()))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("action"));
    }

    @Test
    void deployment_twoInstancesOnOneFileStore_changeVisibleWithoutRestart(@TempDir Path dataDirectory) {
        // given: two instances, each with its own file store over the same data directory
        ProviderContext context = ProviderContext.of(SlabMlConfig.of(Map.of()), dataDirectory, clock);
        try (Stores one = new FileStoreProvider().create(context); Stores two = new FileStoreProvider().create(context)) {
            DefaultModelRegistry first = new DefaultModelRegistry(one.registry(), TestCatalog.config(), clock);
            DefaultModelRegistry second = new DefaultModelRegistry(two.registry(), TestCatalog.config(), clock);
            assertThat(second.deployment(CARD).candidateModel()).isEmpty();
            // when
            first.startRollout(CARD, FT, 20, "start");
            first.setRolloutPercent(CARD, 50, "up");
            clock.advance(Duration.ofSeconds(1));
            // then
            assertThat(second.deployment(CARD).rolloutPercent()).isEqualTo(50);
            assertThat(second.history(CARD)).extracting(DeploymentEvent::action).containsExactly("start", "set");
        }
    }
}
