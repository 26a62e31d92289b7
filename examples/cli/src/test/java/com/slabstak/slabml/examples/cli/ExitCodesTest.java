/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.AuthenticationException;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.FineTuningUnavailableException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JobFailedException;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.PermissionDeniedException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.WaitTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExitCodesTest {

    static Stream<Arguments> failures() {
        FineTuningJob job = FineTuningJob.builder().id("ftjob-1").model("m").status(JobStatus.FAILED)
            .createdAt(Instant.EPOCH).trainingFileId("file-1").build();
        return Stream.of(
            Arguments.of(new InvalidInputException("file", "missing"), 2),
            Arguments.of(new ConfigurationException("no key"), 2),
            Arguments.of(new AuthenticationException("bad key", "invalid_api_key", null), 3),
            Arguments.of(new PermissionDeniedException("no", null, null), 3),
            Arguments.of(new FineTuningUnavailableException("wind-down", null, null), 3),
            Arguments.of(new InvalidRequestException("bad", 400, null, "suffix", null), 3),
            Arguments.of(new NotFoundException("none", null, null), 3),
            Arguments.of(new JobFailedException(job), 4),
            Arguments.of(new WaitTimeoutException("slow", job), 5),
            Arguments.of(new RateLimitException("daily", "daily_rate_limit_exceeded", Duration.ofHours(1), null), 6),
            Arguments.of(new ProviderUnavailableException("502", 502, null), 6),
            Arguments.of(new ProviderTimeoutException("slow", null), 6),
            Arguments.of(new StoreException("disk full"), 1),
            Arguments.of(new IllegalStateException("bug"), 1));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void of_eachFailure_hasItsDocumentedCode(Throwable failure, int expected) {
        // when
        int code = ExitCodes.of(failure);

        // then
        assertThat(code).isEqualTo(expected);
    }
}
