/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.ModelChoice;
import com.slabstak.slabml.spi.ModelSelector;
import com.slabstak.slabml.spi.ModelSelectorProvider;
import com.slabstak.slabml.spi.ProviderContext;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StickySelectorTest {
    private static final String BASE = "gpt-4o-mini-2024-07-18";
    private static final String CANDIDATE = "ft:gpt-4o-mini-2024-07-18:org:card:abc";

    private final ModelSelector selector = new StickySelectorProvider()
        .create(ProviderContext.of(SlabMlConfig.of(Map.of()), Path.of("."), MutableClock.at("2026-01-15T10:00:00Z")));

    @Test
    void serviceLoader_findsStickyProvider() {
        List<String> names = ServiceLoader.load(ModelSelectorProvider.class).stream()
            .map(p -> p.get().name()).collect(Collectors.toList());
        assertThat(names).contains("sticky");
    }

    @Test
    void select_subjectWithinPercent_getsCandidateWithItsBucket() {
        // given: bucket of "123" in group "card_identification"
        int bucket = StickyBuckets.bucket("123", "card_identification");
        Deployment at = rollout(bucket);
        Deployment below = rollout(bucket - 1);
        // when
        ModelChoice in = selector.select(at, RequestContext.forSubject("123"));
        ModelChoice out = selector.select(below, RequestContext.forSubject("123"));
        // then
        assertThat(in).isEqualTo(new ModelChoice(CANDIDATE, Arm.CANDIDATE, bucket, true));
        assertThat(out).isEqualTo(new ModelChoice(BASE, Arm.BASE, bucket, true));
    }

    @Test
    void select_raisingPercent_keepsEveryoneAlreadyIn() {
        // given
        Set<String> at20 = candidates(rollout(20), 10_000);
        // when
        Set<String> at50 = candidates(rollout(50), 10_000);
        // then
        assertThat(at50).containsAll(at20);
        assertThat(at50.size()).isGreaterThan(at20.size());
    }

    @Test
    void select_tenThousandSubjects_landWithinTwoPointsOfPercent() {
        for (int percent : new int[] {5, 20, 50, 80}) {
            int in = candidates(rollout(percent), 10_000).size();
            assertThat(in / 100.0).as("share at %d%%", percent).isBetween(percent - 2.0, percent + 2.0);
        }
    }

    @Test
    void select_sameSubjectRepeatedly_alwaysSameArm() {
        Deployment d = rollout(50);
        Set<Arm> arms = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            arms.add(selector.select(d, RequestContext.forSubject("user-42")).arm());
        }
        assertThat(arms).hasSize(1);
    }

    @Test
    void select_noSubject_randomArmNotSticky() {
        // given
        Deployment d = rollout(30);
        int candidate = 0;
        // when
        for (int i = 0; i < 10_000; i++) {
            ModelChoice c = selector.select(d, RequestContext.none());
            assertThat(c.sticky()).isFalse();
            assertThat(c.bucket()).isZero();
            if (c.arm() == Arm.CANDIDATE) {
                candidate++;
            }
        }
        // then: 30% within a margin of more than six standard deviations
        assertThat(candidate).isBetween(2_700, 3_300);
    }

    @Test
    void select_noCandidate_basePerSubject() {
        Deployment d = Deployment.builder().task(TaskName.CARD_IDENTIFICATION).baseModel(BASE).build();
        ModelChoice c = selector.select(d, RequestContext.forSubject("u"));
        assertThat(c.model()).isEqualTo(BASE);
        assertThat(c.arm()).isEqualTo(Arm.BASE);
        assertThat(c.sticky()).isTrue();
    }

    @Test
    void select_fullAndZeroRollout_allCandidateOrAllBase() {
        assertThat(candidates(rollout(100), 1000)).hasSize(1000);
        assertThat(candidates(rollout(0), 1000)).isEmpty();
        assertThat(selector.select(rollout(100), RequestContext.none()).arm()).isEqualTo(Arm.CANDIDATE);
        assertThat(selector.select(rollout(0), RequestContext.none()).arm()).isEqualTo(Arm.BASE);
    }

    @Test
    void select_groupIsTaskName_sameSubjectsInForANewCandidate() {
        // given: two successive candidates of the same task at the same percentage
        Deployment first = rollout(20);
        Deployment second = first.toBuilder().candidateModel("ft:gpt-4o-mini-2024-07-18:org:card:def").build();
        // when / then
        assertThat(candidates(second, 2000)).isEqualTo(candidates(first, 2000));
    }

    private Set<String> candidates(Deployment d, int subjects) {
        Set<String> in = new HashSet<>();
        for (int i = 0; i < subjects; i++) {
            String s = "user-" + i;
            if (selector.select(d, RequestContext.forSubject(s)).arm() == Arm.CANDIDATE) {
                in.add(s);
            }
        }
        return in;
    }

    private static Deployment rollout(int percent) {
        return Deployment.builder().task(TaskName.CARD_IDENTIFICATION).baseModel(BASE)
            .candidateModel(CANDIDATE).rolloutPercent(percent).build();
    }
}
