/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.spi.InferenceBackend;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link InferenceBackend} does: one chat completion returns the model's text, the
 * model, token usage and latency; a model that does not exist is a {@link NotFoundException}.
 *
 * <p>Subclasses create the backend and script the next answer of a model (a simulated backend queues it, a
 * provider against a simulated server tells the server).
 *
 * <p>A backend's failures are {@link ProviderException}s: the request path treats anything else
 * (a plain {@link RuntimeException} from an unmapped SDK error) as a bug of the provider. Subclasses
 * that can make the service fail ({@link #scriptServerError}) have that checked.
 */
public abstract class InferenceBackendContract {
    private InferenceBackend backend;

    /** Returns a new backend; closed after each test. */
    protected abstract InferenceBackend createBackend();

    /** Arranges that the next completion requested from {@code model} answers {@code text}. */
    protected abstract void scriptReply(String model, String text);

    /** A model the backend serves. */
    protected String existingModel() {
        return "gpt-4o-mini-2024-07-18";
    }

    /** A model the backend does not know. */
    protected String missingModel() {
        return "ft:gpt-4o-mini-2024-07-18:nobody:missing:zzz999";
    }

    /**
     * Arranges that completions requested from {@code model} fail as the service failing does (a
     * server error, every attempt). The default skips the test that needs it.
     */
    protected void scriptServerError(String model) {
        Assumptions.abort("this contract subclass cannot script a server error");
    }

    /**
     * Checks that {@code call} fails with a {@link ProviderException}, as a provider's failures must.
     *
     * <pre>{@code
     * InferenceBackendContract.assertMappedFailure(() -> backend.complete(request));
     * }</pre>
     *
     * @param call what should fail
     * @throws AssertionError if it does not fail, or fails with anything else
     * @since 0.2
     */
    public static void assertMappedFailure(ThrowingCallable call) {
        assertThatThrownBy(call)
            .as("a provider maps its failures to ProviderException subclasses; anything else is a provider bug")
            .isInstanceOf(ProviderException.class);
    }

    @BeforeEach
    void openBackend() {
        backend = createBackend();
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    /** Returns the backend under test. */
    protected final InferenceBackend backend() {
        return backend;
    }

    private ChatRequest request(String model) {
        return ChatRequest.builder().model(model)
            .addMessage(ChatMessage.system("You identify sports trading cards. Answer with one JSON object."))
            .addMessage(ChatMessage.user("OCR text:\nMICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5"))
            .temperature(0.0).maxTokens(200).build();
    }

    @Test
    void complete_scriptedAnswer_returnsTextModelUsageAndLatency() {
        // given
        String answer = "{\"player\":\"Michael Jordan\",\"year\":\"1986-87\",\"brand\":\"Fleer\"}";
        scriptReply(existingModel(), answer);
        // when
        ChatResponse response = backend.complete(request(existingModel()));
        // then
        assertThat(response.text()).isEqualTo(answer);
        assertThat(response.model()).startsWith(existingModel().substring(0, Math.min(6, existingModel().length())));
        assertThat(response.usage().promptTokens()).isPositive();
        assertThat(response.usage().completionTokens()).isPositive();
        assertThat(response.latency()).isGreaterThanOrEqualTo(Duration.ZERO);
    }

    @Test
    void complete_twoScriptedAnswers_returnsThemInOrder() {
        scriptReply(existingModel(), "{\"n\":1}");
        scriptReply(existingModel(), "{\"n\":2}");
        assertThat(backend.complete(request(existingModel())).text()).isEqualTo("{\"n\":1}");
        assertThat(backend.complete(request(existingModel())).text()).isEqualTo("{\"n\":2}");
    }

    @Test
    void complete_serverFails_throwsAMappedProviderException() {
        scriptServerError(existingModel());

        assertMappedFailure(() -> backend.complete(request(existingModel())));
    }

    @Test
    void complete_unknownModel_isNotFound() {
        assertThatThrownBy(() -> backend.complete(request(missingModel()))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void complete_nullRequest_isRefused() {
        assertThatThrownBy(() -> backend.complete(null)).isInstanceOf(NullPointerException.class);
    }
}
