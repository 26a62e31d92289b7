/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.JobError;
import com.slabstak.slabml.PermissionDeniedException;
import com.slabstak.slabml.RateLimitException;
import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void check_plannedTimes_throwsThatOftenThenPasses() {
        Faults faults = new Faults().rateLimit(Faults.Operation.COMPLETE, 2);
        assertThatThrownBy(() -> faults.check(Faults.Operation.COMPLETE, "m")).isInstanceOf(RateLimitException.class);
        assertThatThrownBy(() -> faults.check(Faults.Operation.COMPLETE, "m")).isInstanceOf(RateLimitException.class);
        assertThatCode(() -> faults.check(Faults.Operation.COMPLETE, "m")).doesNotThrowAnyException();
        assertThat(faults.isEmpty()).isTrue();
    }

    @Test
    void check_otherOperationOrModel_isNotAffected() {
        Faults faults = new Faults().serverError(Faults.Operation.COMPLETE, "ft:a", 1);
        assertThatCode(() -> faults.check(Faults.Operation.COMPLETE, "base")).doesNotThrowAnyException();
        assertThatCode(() -> faults.check(Faults.Operation.RETRIEVE_JOB, "ft:a")).doesNotThrowAnyException();
        assertThat(faults.isEmpty()).isFalse();
    }

    @Test
    void check_always_throwsUntilReset() {
        Faults faults = new Faults().permissionDeniedOnCreate(Faults.ALWAYS);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> faults.check(Faults.Operation.CREATE_JOB, null))
                .isInstanceOf(PermissionDeniedException.class);
        }
        faults.reset();
        assertThatCode(() -> faults.check(Faults.Operation.CREATE_JOB, null)).doesNotThrowAnyException();
    }

    @Test
    void consume_jobFailuresAndLostResponses_areUsedOnceEach() {
        JobError error = new JobError("server_error", "boom", null);
        Faults faults = new Faults().failNextJob(error).loseCreateResponse(1);
        assertThat(faults.consumeJobFailure()).isEqualTo(error);
        assertThat(faults.consumeJobFailure()).isNull();
        assertThat(faults.consumeLostCreateResponse()).isTrue();
        assertThat(faults.consumeLostCreateResponse()).isFalse();
    }

    @Test
    void inject_zeroTimes_isRefused() {
        assertThatThrownBy(() -> new Faults().timeout(Faults.Operation.COMPLETE, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
