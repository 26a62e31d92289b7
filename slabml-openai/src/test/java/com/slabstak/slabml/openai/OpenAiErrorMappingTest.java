/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.slabstak.slabml.AuthenticationException;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.FineTuningUnavailableException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.PermissionDeniedException;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.simulator.http.HttpFault;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Vendor errors become SlabML's exception tree at the provider boundary, with no key in any message. */
class OpenAiErrorMappingTest extends ScriptedServerTest {

    private static JobRequest request() {
        return JobRequest.builder().trainingFileId("file-1").model("gpt-4o-mini-2024-07-18").build();
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
            Arguments.of(400, InvalidRequestException.class, false),
            Arguments.of(422, InvalidRequestException.class, false),
            Arguments.of(401, AuthenticationException.class, false),
            Arguments.of(403, PermissionDeniedException.class, false),
            Arguments.of(404, NotFoundException.class, false),
            Arguments.of(429, RateLimitException.class, true),
            Arguments.of(500, ProviderUnavailableException.class, true),
            Arguments.of(503, ProviderUnavailableException.class, true));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @MethodSource("statuses")
    void listJobs_errorStatus_mapsToTheMatchingException(int status, Class<? extends ProviderException> type, boolean retryable) {
        server.inject("GET", "/fine_tuning/jobs", 1, HttpFault.status(status, "some_code", "Refused for " + KEY));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> openai.listJobs(10, null));

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.statusCode()).hasValue(status);
        if (!(e instanceof ProviderUnavailableException)) {
            assertThat(e.code()).contains("some_code");
        }
        assertThat(e.isRetryable()).isEqualTo(retryable);
        assertThat(e.getMessage()).contains("HTTP " + status).doesNotContain(KEY);
        assertThat(e.getCause() == null || !e.getCause().getClass().getName().startsWith("com.openai")).isTrue();
    }

    @Test
    void createJob_invalidParameter_namesTheParam() {
        server.inject("POST", "/fine_tuning/jobs", 1,
            HttpFault.status(400, "invalid_value", "Invalid value for suffix").withParam("suffix"));

        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> openai.createJob(request()));

        assertThat(e.param()).contains("suffix");
        assertThat(e.getMessage()).contains("Invalid value for suffix").contains("suffix");
    }

    @Test
    void createJob_forbidden_throwsFineTuningUnavailableExplainingTheWindDownAndTheSpi() {
        server.inject("POST", "/fine_tuning/jobs", 1,
            HttpFault.status(403, null, "You do not have access to fine-tuning"));

        FineTuningUnavailableException e = catchThrowableOfType(FineTuningUnavailableException.class,
            () -> openai.createJob(request()));

        assertThat(e.isRetryable()).isFalse();
        assertThat(e.statusCode()).hasValue(403);
        assertThat(e.getMessage())
            .contains("winding down self-serve fine-tuning during 2026")
            .contains("existing fine-tuned models keep serving")
            .contains("FineTuningBackendProvider")
            .contains("Azure OpenAI")
            .contains("You do not have access to fine-tuning");
        assertThat(server.requests("POST", "/fine_tuning/jobs")).hasSize(1);
    }

    @Test
    void retrieveJob_forbidden_isAPlainPermissionDeniedNotAWindDown() {
        server.inject("GET", "/fine_tuning/jobs/", 1, HttpFault.status(403, null, "Project has no access"));

        assertThatThrownBy(() -> openai.retrieveJob("ftjob-1"))
            .isExactlyInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void createJob_dailyRateLimitWithoutRetryAfter_isNotRetryableAndSaysTryAfterMidnightUtc() {
        FineTuningBackend retrying = backend(Map.of("slabml.openai.max_retries", "2"));
        server.inject("POST", "/fine_tuning/jobs", 1,
            HttpFault.status(429, "daily_rate_limit_exceeded", "Daily rate limit exceeded for fine-tuning jobs"));

        RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> retrying.createJob(request()));

        assertThat(server.requests("POST", "/fine_tuning/jobs")).as("a daily limit is not retried").hasSize(1);
        assertThat(e.isDaily()).isTrue();
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.code()).contains("daily_rate_limit_exceeded");
        assertThat(e.getMessage())
            .contains("daily limit")
            .contains("after midnight UTC")
            .contains("2026-11-25T00:00:00Z")
            .contains("in 4h 0m");
        retrying.close();
    }

    @Test
    void listJobs_dailyRateLimitWithRetryAfter_reportsWhenToTryAgain() {
        server.inject("GET", "/fine_tuning/jobs", 1,
            HttpFault.status(429, "daily_rate_limit_exceeded", "Daily limit").withRetryAfter(Duration.ofHours(2)));

        RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> openai.listJobs(5, null));

        assertThat(e.retryAfter()).contains(Duration.ofHours(2));
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("in 2h 0m").contains("2026-11-24T22:00:00Z");
    }

    @Test
    void listJobs_dailyRateLimitWithRetriesConfigured_isNotRetriedBySdk() {
        FineTuningBackend retrying = backend(Map.of("slabml.openai.max_retries", "2"));
        server.inject("GET", "/fine_tuning/jobs", 3,
            HttpFault.status(429, "daily_rate_limit_exceeded", "Daily limit").withRetryAfter(Duration.ZERO));

        assertThatThrownBy(() -> retrying.listJobs(5, null)).isInstanceOf(RateLimitException.class);

        assertThat(server.requests("GET", "/fine_tuning/jobs")).hasSize(1);
        retrying.close();
    }

    @Test
    void listJobs_ordinaryRateLimitWithRetriesConfigured_isRetriedBySdk() {
        FineTuningBackend retrying = backend(Map.of("slabml.openai.max_retries", "2"));
        server.inject("GET", "/fine_tuning/jobs", 1,
            HttpFault.status(429, "rate_limit_exceeded", "Slow down").withRetryAfter(Duration.ZERO));

        assertThat(retrying.listJobs(5, null)).isEmpty();

        assertThat(server.requests("GET", "/fine_tuning/jobs")).hasSize(2);
        retrying.close();
    }

    @Test
    void listJobs_ordinaryRateLimit_isRetryableWithRetryAfter() {
        server.inject("GET", "/fine_tuning/jobs", 1,
            HttpFault.status(429, "rate_limit_exceeded", "Slow down").withRetryAfter(Duration.ofSeconds(2)));

        RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> openai.listJobs(5, null));

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void anyCall_wrongApiKey_throwsAuthenticationWithoutTheKeyInTheMessage() {
        FineTuningBackend wrong = backend(Map.of("slabml.openai.api_key", "sk-wrong-key-987654321"));

        AuthenticationException e = catchThrowableOfType(AuthenticationException.class, wrong::listModels);

        assertThat(e.statusCode()).hasValue(401);
        assertThat(e.code()).contains("invalid_api_key");
        assertThat(e.getMessage()).doesNotContain("sk-wrong-key-987654321").doesNotContain(KEY);
        wrong.close();
    }

    @Test
    void anyCall_serverUnreachable_throwsRetryableProviderUnavailable() {
        server.close();

        ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class, openai::listModels);

        assertThat(e.isRetryable()).isTrue();
        assertThat(e.statusCode()).isEmpty();
    }

    @Test
    void defaultConfiguration_twoServerErrors_areRetriedTwiceByTheSdk() {
        // only the key and the base URL: the provider's own retry and validation defaults
        FineTuningBackend defaults = backend(Map.of("slabml.openai.response_validation", "", "slabml.openai.max_retries", ""));
        server.inject("GET", "/models", 2, HttpFault.status(500, null, "boom").withRetryAfter(Duration.ZERO));

        assertThat(defaults.listModels()).isEmpty();

        assertThat(server.requests("GET", "/models")).hasSize(3);
        defaults.close();
    }

    @Test
    void configuredTimeout_slowServer_throwsProviderTimeout() {
        FineTuningBackend impatient = backend(Map.of("slabml.openai.timeout", "300ms"));
        server.inject("GET", "/models", 1, HttpFault.delay(Duration.ofSeconds(5)));

        assertThatThrownBy(impatient::listModels)
            .isInstanceOf(com.slabstak.slabml.ProviderTimeoutException.class);
        impatient.close();
    }

    @Test
    void organizationAndProject_configured_areSentAsHeaders() {
        FineTuningBackend scoped = backend(Map.of("slabml.openai.organization", "org-slab", "slabml.openai.project", "proj-cards"));

        scoped.listModels();

        assertThat(server.requests().get(0).header("OpenAI-Organization")).contains("org-slab");
        assertThat(server.requests().get(0).header("OpenAI-Project")).contains("proj-cards");
        scoped.close();
    }

    @Test
    void create_missingApiKey_throwsConfigurationExceptionNamingTheKey() {
        Map<String, String> config = Map.of("slabml.openai.base_url", server.baseUrl());

        assertThatThrownBy(() -> new OpenAiFineTuningBackendProvider()
            .create(ProviderContext.of(SlabMlConfig.of(config), dir, CLOCK)))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.openai.api_key")
            .hasMessageContaining("OPENAI_API_KEY");
    }

    @Test
    void create_invalidRetriesAndTimeout_reportsBothProblemsWithoutTheKey() {
        Map<String, String> config = Map.of("slabml.openai.api_key", KEY,
            "slabml.openai.max_retries", "-1", "slabml.openai.timeout", "0s");

        assertThatThrownBy(() -> new OpenAiInferenceBackendProvider()
            .create(ProviderContext.of(SlabMlConfig.of(config), dir, CLOCK)))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.openai.max_retries")
            .hasMessageContaining("slabml.openai.timeout")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }
}
