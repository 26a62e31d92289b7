/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.ListingRequest;
import com.slabstak.slabml.ModelComparison;
import com.slabstak.slabml.ModelRunStats;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.Platform;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.PredictionMetadata;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.Tone;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.core.internal.tasks.CardIdentificationTask;
import com.slabstak.slabml.core.internal.tasks.ListingGenerationTask;
import com.slabstak.slabml.core.testing.MemoryStores;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ModelSelector;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Task;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultModelManagerTest {
    private static final TaskName CARD = TaskName.CARD_IDENTIFICATION;
    private static final String BASE = "gpt-4o-mini-2024-07-18";
    private static final String FT = "ft:gpt-4o-mini-2024-07-18:org:card:abc";
    private static final String JORDAN = "{\"player\":\"Michael Jordan\",\"year\":\"1986-87\",\"brand\":\"Fleer\","
        + "\"card_number\":\"57\",\"grade\":\"9.5\",\"grading_company\":\"BGS\"}";
    private static final Map<String, Object> OCR = Map.of("ocr_text", "MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5");

    private final MutableClock clock = MutableClock.at("2026-01-15T10:00:00Z");
    private final DefaultModelRegistry registry =
        new DefaultModelRegistry(MemoryStores.create().registry(), TestCatalog.config(), clock);
    private final ModelSelector selector = new StickySelectorProvider()
        .create(ProviderContext.of(SlabMlConfig.of(Map.of()), Path.of("."), clock));
    private final Map<TaskName, Task> tasks = Map.of(CARD, new CardIdentificationTask(),
        TaskName.LISTING_GENERATION, new ListingGenerationTask());

    /** A lambda backend that records what it was asked. */
    private static final class Backend implements InferenceBackend {
        final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
        final Function<ChatRequest, ChatResponse> answer;
        final boolean schema;

        Backend(Function<ChatRequest, ChatResponse> answer, boolean schema) {
            this.answer = answer;
            this.schema = schema;
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            requests.add(request);
            return answer.apply(request);
        }

        @Override
        public boolean supportsResponseSchema() {
            return schema;
        }

        List<String> models() {
            return requests.stream().map(ChatRequest::model).collect(Collectors.toList());
        }
    }

    private static ChatResponse reply(ChatRequest r, String text) {
        return ChatResponse.builder().text(text).model(r.model()).usage(new TokenUsage(100, 20)).build();
    }

    private static Backend answering(String text) {
        return new Backend(r -> reply(r, text), false);
    }

    private DefaultModelManager manager(InferenceBackend backend) {
        return manager(backend, Map.of());
    }

    private DefaultModelManager manager(InferenceBackend backend, Map<String, String> config) {
        return new DefaultModelManager(backend, selector, registry, tasks, TestCatalog.config(config), clock);
    }

    @Test
    void predict_noCandidate_baseAnswersWithMetadata() {
        // given
        Backend backend = answering(JORDAN);
        // when
        Prediction<CardData> p = manager(backend).identifyCard("MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5",
            RequestContext.forSubject("user-1"));
        // then
        assertThat(p.value().player()).isEqualTo("Michael Jordan");
        PredictionMetadata m = p.metadata();
        assertThat(m.task()).isEqualTo(CARD);
        assertThat(m.modelUsed()).isEqualTo(BASE);
        assertThat(m.finetuned()).isFalse();
        assertThat(m.arm()).isEqualTo(Arm.BASE);
        assertThat(m.sticky()).isTrue();
        assertThat(m.bucket()).hasValue(StickyBuckets.bucket("user-1", "card_identification"));
        assertThat(m.usage()).isEqualTo(new TokenUsage(100, 20));
        assertThat(m.fallbackReason()).isEmpty();
        assertThat(m.cacheHit()).isFalse();
        ChatRequest sent = backend.requests.get(0);
        assertThat(sent.model()).isEqualTo(BASE);
        assertThat(sent.temperature()).hasValue(0.0);
        assertThat(sent.timeout()).isEmpty();
        assertThat(sent.responseSchema()).isEmpty();
        assertThat(sent.messages()).hasSize(2);
    }

    @Test
    void predict_latency_measuredOnTheClock() {
        Backend backend = new Backend(r -> {
            clock.advance(Duration.ofMillis(850));
            return reply(r, JORDAN);
        }, false);
        Prediction<Map<String, Object>> p = manager(backend).predict(CARD, OCR, RequestContext.none());
        assertThat(p.metadata().latency()).isEqualTo(Duration.ofMillis(850));
        assertThat(p.metadata().bucket()).isEmpty();
        assertThat(p.metadata().sticky()).isFalse();
    }

    @Test
    void predict_clockStandsStill_latencyIsWhatTheProviderReported() {
        // given: a simulated clock that does not move while the backend reports 420 ms
        Backend backend = new Backend(r -> ChatResponse.builder().text(JORDAN).model(r.model())
            .usage(new TokenUsage(100, 20)).latency(Duration.ofMillis(420)).build(), false);
        // when
        Prediction<Map<String, Object>> p = manager(backend).predict(CARD, OCR, RequestContext.none());
        // then
        assertThat(p.metadata().latency()).isEqualTo(Duration.ofMillis(420));
    }

    @Test
    void predict_fallbackAfterAnUnparsableAnswer_latencyCountsBothCalls() {
        // given: the candidate answers garbage in 300 ms, the base model answers in 200 ms
        registry.startRollout(CARD, FT, 100, "go");
        Backend backend = new Backend(r -> ChatResponse.builder()
            .text(r.model().equals(FT) ? "not json at all" : JORDAN).model(r.model())
            .usage(new TokenUsage(100, 20))
            .latency(Duration.ofMillis(r.model().equals(FT) ? 300 : 200)).build(), false);
        // when
        Prediction<Map<String, Object>> p = manager(backend).predict(CARD, OCR, RequestContext.none());
        // then
        assertThat(p.metadata().arm()).isEqualTo(Arm.FALLBACK);
        assertThat(p.metadata().latency()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void predict_candidateAtHundred_candidateServesAndIsFinetuned() {
        registry.startRollout(CARD, FT, 100, "go");
        Backend backend = answering(JORDAN);
        Prediction<Map<String, Object>> p = manager(backend).predict(CARD, OCR, RequestContext.forSubject("u"));
        assertThat(p.metadata().modelUsed()).isEqualTo(FT);
        assertThat(p.metadata().arm()).isEqualTo(Arm.CANDIDATE);
        assertThat(p.metadata().finetuned()).isTrue();
        assertThat(backend.models()).containsExactly(FT);
    }

    @Test
    void predict_candidateWithoutFtPrefix_finetunedBecauseItIsTheCandidate() {
        registry.startRollout(CARD, "my-tuned-model", 100, "go");
        Prediction<Map<String, Object>> p = manager(answering(JORDAN)).predict(CARD, OCR, RequestContext.none());
        assertThat(p.metadata().finetuned()).isTrue();
    }

    @Test
    void predict_rolloutChangedByRegistry_nextRequestFollowsWithoutRestart() {
        // given
        Backend backend = answering(JORDAN);
        DefaultModelManager manager = manager(backend);
        manager.predict(CARD, OCR, RequestContext.forSubject("u"));
        // when
        registry.startRollout(CARD, FT, 100, "go");
        manager.predict(CARD, OCR, RequestContext.forSubject("u"));
        registry.rollback(CARD, "stop");
        manager.predict(CARD, OCR, RequestContext.forSubject("u"));
        // then
        assertThat(backend.models()).containsExactly(BASE, FT, BASE);
    }

    static List<ProviderException> candidateFailures() {
        return List.of(
            new NotFoundException("The model 'ft:...' does not exist", "model_not_found", null),
            new ProviderUnavailableException("server error", 500, null),
            new RateLimitException("rate limited", "rate_limit_exceeded", Duration.ofSeconds(2), null),
            new ProviderTimeoutException("timed out", null));
    }

    @ParameterizedTest
    @MethodSource("candidateFailures")
    void predict_candidateFails_baseAnswersMarkedFallback(ProviderException failure) {
        // given
        registry.startRollout(CARD, FT, 100, "go");
        Backend backend = new Backend(r -> {
            if (r.model().equals(FT)) {
                throw failure;
            }
            return reply(r, JORDAN);
        }, false);
        // when
        Prediction<Map<String, Object>> p = manager(backend).predict(CARD, OCR, RequestContext.forSubject("u"));
        // then
        assertThat(p.metadata().arm()).isEqualTo(Arm.FALLBACK);
        assertThat(p.metadata().modelUsed()).isEqualTo(BASE);
        assertThat(p.metadata().finetuned()).isFalse();
        assertThat(p.metadata().fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains(failure.getMessage()));
        assertThat(backend.models()).containsExactly(FT, BASE);
        assertThat(p.value()).containsEntry("player", "Michael Jordan");
    }

    @Test
    void predict_candidateFailureKinds_reasonNamesTheKind() {
        registry.startRollout(CARD, FT, 100, "go");
        Map<String, String> reasons = new HashMap<>();
        for (ProviderException failure : candidateFailures()) {
            Backend backend = new Backend(r -> {
                if (r.model().equals(FT)) {
                    throw failure;
                }
                return reply(r, JORDAN);
            }, false);
            reasons.put(failure.getClass().getSimpleName(),
                manager(backend).predict(CARD, OCR, RequestContext.none()).metadata().fallbackReason().orElseThrow());
        }
        assertThat(reasons.get("NotFoundException")).startsWith("not_found:");
        assertThat(reasons.get("ProviderUnavailableException")).startsWith("unavailable:");
        assertThat(reasons.get("RateLimitException")).startsWith("rate_limited:");
        assertThat(reasons.get("ProviderTimeoutException")).startsWith("timeout:");
    }

    @Test
    void predict_candidateThrowsPlainRuntimeException_fallsBackCountsAndOpensTheCircuit() {
        registry.startRollout(CARD, FT, 100, "go");
        Backend backend = new Backend(r -> {
            if (r.model().equals(FT)) {
                throw new IllegalStateException("unmapped SDK error");
            }
            return reply(r, JORDAN);
        }, false);
        DefaultModelManager manager = manager(backend);

        for (int i = 0; i < 20; i++) {
            Prediction<Map<String, Object>> p = manager.predict(CARD, OCR, RequestContext.forSubject("u" + i));
            assertThat(p.metadata().arm()).isEqualTo(Arm.FALLBACK);
            assertThat(p.value()).containsEntry("player", "Michael Jordan");
        }

        assertThat(manager.unexpectedFailures()).isEqualTo(5);
        assertThat(manager.circuitState(FT)).isEqualTo(CircuitBreaker.State.OPEN);
        Prediction<Map<String, Object>> open = manager.predict(CARD, OCR, RequestContext.none());
        assertThat(open.metadata().fallbackReason()).hasValueSatisfying(r -> assertThat(r).startsWith("circuit_open"));
    }

    @Test
    void predict_candidateThrowsPlainRuntimeException_reasonSaysUnexpected() {
        registry.startRollout(CARD, FT, 100, "go");
        Backend backend = new Backend(r -> {
            if (r.model().equals(FT)) {
                throw new NullPointerException("bug in a provider");
            }
            return reply(r, JORDAN);
        }, false);

        Prediction<Map<String, Object>> p = manager(backend).predict(CARD, OCR, RequestContext.none());

        assertThat(p.metadata().fallbackReason()).hasValueSatisfying(r -> assertThat(r)
            .startsWith("unexpected: java.lang.NullPointerException").contains("bug in a provider"));
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void predict_candidateIgnoresTheTimeout_managerEnforcesItAndFallsBack() {
        registry.startRollout(CARD, FT, 100, "go");
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        Backend backend = new Backend(r -> {
            if (r.model().equals(FT)) {
                try {
                    never.await(); // ignores r.timeout(), as a careless backend would
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted at the deadline", e);
                }
            }
            return reply(r, JORDAN);
        }, false);
        DefaultModelManager manager = manager(backend, Map.of("slabml.inference.timeout", "200ms"));

        long start = System.nanoTime();
        Prediction<Map<String, Object>> p = manager.predict(CARD, OCR, RequestContext.none());
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(p.metadata().arm()).isEqualTo(Arm.FALLBACK);
        assertThat(p.metadata().fallbackReason()).hasValueSatisfying(r -> assertThat(r).startsWith("timeout:"));
        assertThat(tookMillis).isLessThan(10_000);
        manager.close();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void predict_baseIgnoresTheTimeout_throwsProviderTimeout() {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        Backend backend = new Backend(r -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return reply(r, JORDAN);
        }, false);

        assertThatThrownBy(() -> manager(backend).predict(CARD, OCR,
            RequestContext.builder().timeout(Duration.ofMillis(100)).build()))
            .isInstanceOf(ProviderTimeoutException.class).hasMessageContaining(BASE);
    }

    @Test
    void predict_candidateAnswerDoesNotParse_fallbackWithTokensOfBothCalls() {
        registry.startRollout(CARD, FT, 100, "go");
        Backend backend = new Backend(r -> reply(r, r.model().equals(FT) ? "I think it's a Jordan card." : JORDAN), false);
        Prediction<Map<String, Object>> p = manager(backend).predict(CARD, OCR, RequestContext.none());
        assertThat(p.metadata().arm()).isEqualTo(Arm.FALLBACK);
        assertThat(p.metadata().fallbackReason()).hasValueSatisfying(r -> assertThat(r).startsWith("invalid_answer"));
        assertThat(p.metadata().usage()).isEqualTo(new TokenUsage(200, 40));
    }

    @Test
    void predict_baseFails_providerExceptionPropagates() {
        registry.startRollout(CARD, FT, 100, "go");
        Backend backend = new Backend(r -> {
            throw new ProviderUnavailableException("down: " + r.model(), 503, null);
        }, false);
        assertThatThrownBy(() -> manager(backend).predict(CARD, OCR, RequestContext.none()))
            .isInstanceOf(ProviderUnavailableException.class)
            .hasMessageContaining(BASE);
        assertThat(backend.models()).containsExactly(FT, BASE);
    }

    @Test
    void predict_baseAnswerDoesNotParse_invalidAnswerPropagates() {
        Backend backend = answering("no idea");
        assertThatThrownBy(() -> manager(backend).predict(CARD, OCR, RequestContext.none()))
            .isInstanceOf(InvalidAnswerException.class);
    }

    @Test
    void predict_candidateKeepsFailing_circuitOpensThenProbesAfterCoolDown() {
        // given: a candidate that answers "not found" (still loading)
        registry.startRollout(CARD, FT, 100, "go");
        boolean[] loaded = {false};
        Backend backend = new Backend(r -> {
            if (r.model().equals(FT) && !loaded[0]) {
                throw new NotFoundException("model still loading", "model_not_found", null);
            }
            return reply(r, JORDAN);
        }, false);
        DefaultModelManager manager = manager(backend, Map.of(
            "slabml.serving.breaker.consecutive_failures", "3",
            "slabml.serving.breaker.cool_down", "60s"));
        // when: three failures open the circuit
        for (int i = 0; i < 3; i++) {
            manager.predict(CARD, OCR, RequestContext.none());
        }
        assertThat(manager.circuitState(FT)).isEqualTo(CircuitBreaker.State.OPEN);
        backend.requests.clear();
        Prediction<Map<String, Object>> whileOpen = manager.predict(CARD, OCR, RequestContext.none());
        // then: no traffic to the failing model while open
        assertThat(backend.models()).containsExactly(BASE);
        assertThat(whileOpen.metadata().arm()).isEqualTo(Arm.FALLBACK);
        assertThat(whileOpen.metadata().fallbackReason()).hasValueSatisfying(r -> assertThat(r).startsWith("circuit_open"));

        // when: the cool-down passes and the model has loaded
        clock.advance(Duration.ofSeconds(60));
        loaded[0] = true;
        backend.requests.clear();
        Prediction<Map<String, Object>> probe = manager.predict(CARD, OCR, RequestContext.none());
        // then: the probe succeeds and closes the circuit
        assertThat(probe.metadata().arm()).isEqualTo(Arm.CANDIDATE);
        assertThat(backend.models()).containsExactly(FT);
        assertThat(manager.circuitState(FT)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void predict_probeFails_circuitOpensAgain() {
        registry.startRollout(CARD, FT, 100, "go");
        Backend backend = new Backend(r -> {
            if (r.model().equals(FT)) {
                throw new ProviderUnavailableException("down", 500, null);
            }
            return reply(r, JORDAN);
        }, false);
        DefaultModelManager manager = manager(backend, Map.of("slabml.serving.breaker.consecutive_failures", "1"));
        manager.predict(CARD, OCR, RequestContext.none());
        clock.advance(Duration.ofSeconds(30));
        backend.requests.clear();
        manager.predict(CARD, OCR, RequestContext.none());
        assertThat(backend.models()).containsExactly(FT, BASE);
        assertThat(manager.circuitState(FT)).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void predict_unknownTask_invalidInputNamingTask() {
        DefaultModelManager manager = manager(answering(JORDAN));
        assertThatThrownBy(() -> manager.predict(TaskName.of("grading"), OCR, RequestContext.none()))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("task"));
    }

    @Test
    void identifyCard_emptyOcrText_invalidInputAndNoCall() {
        Backend backend = answering(JORDAN);
        assertThatThrownBy(() -> manager(backend).identifyCard("  "))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("ocr_text"));
        assertThat(backend.requests).isEmpty();
    }

    @Test
    void predict_timeoutFromContextElseConfig() {
        Backend backend = answering(JORDAN);
        DefaultModelManager manager = manager(backend, Map.of("slabml.inference.timeout", "20s"));
        manager.predict(CARD, OCR, RequestContext.none());
        manager.predict(CARD, OCR, RequestContext.builder().timeout(Duration.ofSeconds(3)).build());
        assertThat(backend.requests).extracting(r -> r.timeout().orElseThrow())
            .containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(3));
    }

    @Test
    void predict_backendSupportsSchema_taskSchemaSent() {
        Backend backend = new Backend(r -> reply(r, JORDAN), true);
        manager(backend).predict(CARD, OCR, RequestContext.none());
        assertThat(backend.requests.get(0).responseSchema()).isEqualTo(new CardIdentificationTask().responseSchema());
    }

    @Test
    void predict_messyAnswers_parsedIntoCardData() {
        List<String> answers = List.of(
            "```json\n" + JORDAN + "\n```",
            "Sure! Here is the card:\n" + JORDAN + "\nLet me know if you need more.",
            "{\"player\":\"Michael Jordan\",\"year\":\"1986-87\",\"brand\":\"Fleer\",\"card_number\":57,"
                + "\"grade\":9.5,\"grading_company\":\"BGS\"}");
        for (String answer : answers) {
            Prediction<CardData> p = manager(answering(answer)).identifyCard("MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5");
            assertThat(p.value().cardNumber()).contains("57");
            assertThat(p.value().grade()).contains("9.5");
            assertThat(p.metadata().arm()).isEqualTo(Arm.BASE);
        }
    }

    private static Backend answeringTitle(String title) {
        return answering("{\"title\":\"" + title + "\",\"description\":\"Iconic rookie.\"}");
    }

    private Prediction<Listing> listingFor(Backend backend, Platform platform, Tone tone) {
        CardData card = CardData.builder().player("Michael Jordan").year("1986-87").brand("Fleer").build();
        return manager(backend).generateListing(ListingRequest.builder().card(card).platform(platform).tone(tone).build());
    }

    @Test
    void generateListing_titleOverEbayLimit_trimmedAtWordBoundary() {
        // given
        String longTitle = "1986-87 Fleer Michael Jordan #57 Rookie Card BGS 9.5 Gem Mint Chicago Bulls HOF Legend Iconic";
        Backend backend = answeringTitle(longTitle);
        // when
        Prediction<Listing> ebay = listingFor(backend, Platform.EBAY, Tone.of("hype"));
        Prediction<Listing> comc = listingFor(backend, Platform.of("comc"), Tone.CASUAL);
        // then
        assertThat(ebay.value().title()).hasSizeLessThanOrEqualTo(80);
        assertThat(longTitle).startsWith(ebay.value().title());
        assertThat(longTitle.charAt(ebay.value().title().length())).isEqualTo(' ');
        assertThat(comc.value().title()).isEqualTo(longTitle);
    }

    @Test
    void generateListing_customPlatformLimit_trimsToItAndPromptsWithIt() {
        // given
        Backend backend = answeringTitle("1986-87 Fleer Michael Jordan #57 Rookie Card BGS 9.5 Gem Mint Chicago Bulls");
        // when
        Prediction<Listing> shop = listingFor(backend, Platform.of("myshop", 40), Tone.CASUAL);
        Prediction<Listing> ebay = listingFor(backend, Platform.of("ebay", 30), Tone.CASUAL);
        // then
        assertThat(shop.value().title()).isEqualTo("1986-87 Fleer Michael Jordan #57 Rookie");
        assertThat(ebay.value().title()).isEqualTo("1986-87 Fleer Michael Jordan");
        assertThat(backend.requests.get(0).messages().get(1).content()).contains("title at most 40 characters");
        assertThat(backend.requests.get(1).messages().get(1).content()).contains("title at most 30 characters");
    }

    @Test
    void predict_cacheOffByDefault_everyRequestCalls() {
        Backend backend = answering(JORDAN);
        DefaultModelManager manager = manager(backend);
        manager.predict(CARD, OCR, RequestContext.none());
        Prediction<Map<String, Object>> second = manager.predict(CARD, OCR, RequestContext.none());
        assertThat(backend.requests).hasSize(2);
        assertThat(second.metadata().cacheHit()).isFalse();
    }

    @Test
    void predict_cacheEnabled_repeatServedFromCacheUntilExpiry() {
        // given
        Backend backend = answering(JORDAN);
        DefaultModelManager manager = manager(backend, Map.of("slabml.cache.enabled", "true", "slabml.cache.ttl", "10m"));
        Prediction<Map<String, Object>> first = manager.predict(CARD, OCR, RequestContext.none());
        // when
        Prediction<Map<String, Object>> second = manager.predict(CARD, OCR, RequestContext.none());
        Prediction<Map<String, Object>> other = manager.predict(CARD, Map.of("ocr_text", "TOM BRADY 2000"), RequestContext.none());
        clock.advance(Duration.ofMinutes(10));
        Prediction<Map<String, Object>> expired = manager.predict(CARD, OCR, RequestContext.none());
        // then
        assertThat(first.metadata().cacheHit()).isFalse();
        assertThat(second.metadata().cacheHit()).isTrue();
        assertThat(second.metadata().usage()).isEqualTo(TokenUsage.ZERO);
        assertThat(second.value()).isEqualTo(first.value());
        assertThat(other.metadata().cacheHit()).isFalse();
        assertThat(expired.metadata().cacheHit()).isFalse();
        assertThat(backend.requests).hasSize(3);
    }

    @Test
    void predict_cacheKeyIncludesModel_candidateNotServedBaseAnswer() {
        Backend backend = answering(JORDAN);
        DefaultModelManager manager = manager(backend, Map.of("slabml.cache.enabled", "true"));
        manager.predict(CARD, OCR, RequestContext.none());
        registry.startRollout(CARD, FT, 100, "go");
        Prediction<Map<String, Object>> p = manager.predict(CARD, OCR, RequestContext.none());
        assertThat(p.metadata().cacheHit()).isFalse();
        assertThat(p.metadata().modelUsed()).isEqualTo(FT);
        assertThat(manager.predict(CARD, OCR, RequestContext.none()).metadata().cacheHit()).isTrue();
    }

    @Test
    void predict_cacheBound_evictsLeastRecentlyUsed() {
        Backend backend = answering(JORDAN);
        DefaultModelManager manager = manager(backend, Map.of("slabml.cache.enabled", "true", "slabml.cache.max_entries", "2"));
        for (String ocr : List.of("A", "B", "C")) {
            manager.predict(CARD, Map.of("ocr_text", ocr), RequestContext.none());
        }
        backend.requests.clear();
        boolean a = manager.predict(CARD, Map.of("ocr_text", "A"), RequestContext.none()).metadata().cacheHit();
        boolean c = manager.predict(CARD, Map.of("ocr_text", "C"), RequestContext.none()).metadata().cacheHit();
        assertThat(a).isFalse();
        assertThat(c).isTrue();
    }

    @Test
    void constructor_invalidConfiguration_configurationException() {
        Backend backend = answering(JORDAN);
        assertThatThrownBy(() -> manager(backend, Map.of("slabml.cache.enabled", "true", "slabml.cache.max_entries", "0")))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("slabml.cache.max_entries");
        assertThatThrownBy(() -> manager(backend, Map.of("slabml.serving.breaker.failure_rate", "2")))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("failure_rate");
    }

    @Test
    void activeModel_followsDeployment() {
        DefaultModelManager manager = manager(answering(JORDAN));
        assertThat(manager.activeModel(CARD)).isEqualTo(BASE);
        registry.startRollout(CARD, FT, 50, "half");
        assertThat(manager.activeModel(CARD)).isEqualTo(BASE);
        registry.promote(CARD, "all");
        assertThat(manager.activeModel(CARD)).isEqualTo(FT);
    }

    @Test
    void activeModel_unknownTask_invalidInputNamingTask() {
        DefaultModelManager manager = manager(answering(JORDAN));
        assertThatThrownBy(() -> manager.activeModel(TaskName.of("grading")))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("task"));
    }

    @Test
    void activeModel_seedVariables_fineTunedModel() {
        DefaultModelRegistry seeded = new DefaultModelRegistry(MemoryStores.create().registry(), TestCatalog.config(Map.of(
            "slabml.card_identification.finetuned_model", FT, "slabml.card_identification.use_finetuned", "true")), clock);
        DefaultModelManager manager = new DefaultModelManager(answering(JORDAN), selector, seeded, tasks,
            SlabMlConfig.of(Map.of()), clock);
        assertThat(manager.activeModel(CARD)).isEqualTo(FT);
    }

    @Test
    void compareModels_perModelStatsAgreementLatencyTokensAndCost() {
        // given: the base answers in 100..500 ms and disagrees with itself once; the candidate is steady
        int[] calls = {0};
        Backend backend = new Backend(r -> {
            int n = calls[0]++;
            if (r.model().equals(BASE)) {
                clock.advance(Duration.ofMillis(100L * (n + 1)));
                String grade = n == 4 ? "9" : "9.5";
                return ChatResponse.builder().text(JORDAN.replace("\"9.5\"", "\"" + grade + "\"")).model(r.model())
                    .usage(new TokenUsage(1000, 100)).build();
            }
            clock.advance(Duration.ofMillis(200));
            return ChatResponse.builder().text(JORDAN).model(r.model()).usage(new TokenUsage(1000, 100)).build();
        }, false);
        // when
        ModelComparison c = manager(backend).compareModels(CARD, OCR, List.of(BASE, FT), 5);
        // then
        assertThat(c.runs()).isEqualTo(5);
        ModelRunStats base = c.models().get(0);
        ModelRunStats ft = c.models().get(1);
        assertThat(base.model()).isEqualTo(BASE);
        assertThat(base.outputs()).hasSize(5);
        assertThat(base.agreement()).isEqualTo(0.8);
        assertThat(base.latencyMedianMillis()).isEqualTo(300);
        assertThat(base.latencyP95Millis()).isEqualTo(500);
        assertThat(base.averageUsage()).isEqualTo(new TokenUsage(1000, 100));
        // 1000 x 0.15/M + 100 x 0.60/M = 0.00021
        assertThat(base.costPerCall()).isEqualByComparingTo(new BigDecimal("0.00021"));
        assertThat(ft.agreement()).isEqualTo(1.0);
        // 1000 x 0.30/M + 100 x 1.20/M = 0.00042
        assertThat(ft.costPerCall()).isEqualByComparingTo(new BigDecimal("0.00042"));
        assertThat(ft.failures()).isZero();
    }

    @Test
    void compareModels_pricesOverridden_costFromConfiguredTable() {
        Backend backend = new Backend(r -> ChatResponse.builder().text(JORDAN).model(r.model())
            .usage(new TokenUsage(2000, 500)).build(), false);
        DefaultModelManager manager = manager(backend, Map.of("slabml.inference.prices", "gpt-4o-mini=1/2,my-model=0.5/0.5"));
        ModelComparison c = manager.compareModels(CARD, OCR, List.of(BASE, "my-model-v2"), 1);
        // 2000 x 1/M + 500 x 2/M = 0.003; 2500 x 0.5/M = 0.00125
        assertThat(c.models().get(0).costPerCall()).isEqualByComparingTo(new BigDecimal("0.003"));
        assertThat(c.models().get(1).costPerCall()).isEqualByComparingTo(new BigDecimal("0.00125"));
    }

    @Test
    void compareModels_failingAndUnpricedModel_countsFailuresAndNullCost() {
        Backend backend = new Backend(r -> {
            if (r.model().equals("ft:gone")) {
                throw new NotFoundException("no such model", "model_not_found", null);
            }
            return reply(r, JORDAN);
        }, false);
        ModelComparison c = manager(backend).compareModels(CARD, OCR, List.of("ft:gone", "claude-x"), 3);
        ModelRunStats gone = c.models().get(0);
        assertThat(gone.failures()).isEqualTo(3);
        assertThat(gone.agreement()).isZero();
        assertThat(gone.outputs()).containsOnly(Map.of());
        assertThat(gone.costPerCall()).isNull();
        assertThat(c.models().get(1).costPerCall()).isNull();
        assertThat(c.models().get(1).agreement()).isEqualTo(1.0);
    }

    @Test
    void compareModels_withoutModels_baseAgainstConfiguredFinetuned() {
        Backend backend = answering(JORDAN);
        DefaultModelManager manager = manager(backend, Map.of("slabml.card_identification.finetuned_model", FT));
        ModelComparison c = manager.compareModels(CARD, OCR, 2);
        assertThat(c.models()).extracting(ModelRunStats::model).containsExactly(BASE, FT);
        assertThat(backend.models()).containsExactly(BASE, BASE, FT, FT);
    }

    @Test
    void compareModels_badArguments_invalidInputNamingField() {
        DefaultModelManager manager = manager(answering(JORDAN));
        assertThatThrownBy(() -> manager.compareModels(CARD, OCR, List.of(BASE), 0))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("runs"));
        assertThatThrownBy(() -> manager.compareModels(CARD, OCR, List.of(), 1))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("models"));
        assertThatThrownBy(() -> manager.compareModels(CARD, Map.of("ocr_text", ""), List.of(BASE), 1))
            .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).contains("ocr_text"));
    }

    @Test
    void predict_concurrentRequests_eachSubjectServedByItsStickyArm() throws Exception {
        // given
        registry.startRollout(CARD, FT, 50, "half");
        Backend backend = answering(JORDAN);
        DefaultModelManager manager = manager(backend);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> results = new ArrayList<>();
        // when
        for (int i = 0; i < 2000; i++) {
            String subject = "user-" + (i % 300);
            results.add(pool.submit(() -> {
                Prediction<Map<String, Object>> p = manager.predict(CARD, OCR, RequestContext.forSubject(subject));
                boolean in = StickyBuckets.bucket(subject, "card_identification") <= 50;
                return p.metadata().modelUsed().equals(in ? FT : BASE);
            }));
        }
        pool.shutdown();
        // then
        for (Future<Boolean> r : results) {
            assertThat(r.get(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(backend.requests).hasSize(2000);
    }
}
