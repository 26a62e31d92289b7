/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.TaskName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlabMlObserverTest {

    @Test
    void composite_oneThrows_othersStillToldAndFirstFailureRethrown() {
        // given
        List<String> told = new ArrayList<>();
        SlabMlObserver failing = new SlabMlObserver() {
            @Override
            public void guardrailDecided(TaskName task, String decision) {
                throw new IllegalStateException("first");
            }
        };
        SlabMlObserver recording = new SlabMlObserver() {
            @Override
            public void guardrailDecided(TaskName task, String decision) {
                told.add(task + ":" + decision);
            }
        };
        SlabMlObserver both = SlabMlObserver.composite(List.of(failing, recording));

        // when / then
        assertThatThrownBy(() -> both.guardrailDecided(TaskName.CARD_IDENTIFICATION, "continue"))
            .isInstanceOf(IllegalStateException.class).hasMessage("first");
        assertThat(told).containsExactly("card_identification:continue");
    }

    @Test
    void composite_noneOrOne_returnsNoopOrTheObserverItself() {
        SlabMlObserver one = new SlabMlObserver() { };

        assertThat(SlabMlObserver.composite(List.of())).isSameAs(SlabMlObserver.NOOP);
        assertThat(SlabMlObserver.composite(List.of(one))).isSameAs(one);
    }

    @Test
    void fallbackKind_reasonWithMessage_isThePartBeforeTheColon() {
        ServedPrediction p = served().fallbackReason("timeout: read timed out after 30s").build();

        assertThat(p.fallbackKind()).contains("timeout");
        assertThat(p.fallbackReason()).contains("timeout: read timed out after 30s");
        assertThat(served().build().fallbackKind()).isEmpty();
    }

    @Test
    void build_missingRequiredPartOrBadValue_failsNamingIt() {
        assertThatThrownBy(() -> ServedPrediction.builder().model("m").build())
            .isInstanceOf(NullPointerException.class).hasMessage("task");
        assertThatThrownBy(() -> served().rolloutPercent(101).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rolloutPercent");
        assertThatThrownBy(() -> served().costUsd(-1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("costUsd");
        assertThatThrownBy(() -> new StoreStats(-1, 0, 0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueDepth=-1");
    }

    @Test
    void breakerState_levelAndValue_orderClosedHalfOpenOpen() {
        assertThat(BreakerState.CLOSED.level()).isZero();
        assertThat(BreakerState.HALF_OPEN.level()).isEqualTo(1);
        assertThat(BreakerState.OPEN.level()).isEqualTo(2);
        assertThat(BreakerState.HALF_OPEN.value()).isEqualTo("half_open");
    }

    private static ServedPrediction.Builder served() {
        return ServedPrediction.builder().task(TaskName.CARD_IDENTIFICATION).model("base-model").arm(Arm.BASE)
            .outcome(Outcome.SUCCESS).latency(Duration.ofMillis(5));
    }
}
