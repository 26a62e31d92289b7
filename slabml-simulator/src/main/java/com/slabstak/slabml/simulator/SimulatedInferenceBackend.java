/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.simulator.Faults.Operation;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An inference backend that answers from a script: replies queued per model or for any model
 * (first in, first out), or computed by a function; without a script it can answer as a
 * {@link SimulatedLearner}, base models as the untuned model and fine-tuned models (from a
 * {@link SimulatedFineTuningBackend}) as tuned on their training file. A fine-tuned model that just
 * finished, was deleted or never existed answers {@link NotFoundException}. Faults come from
 * {@link Faults} ({@link Faults.Operation#COMPLETE}). Thread-safe; records every request;
 * {@link #reset()} forgets the script and the requests.
 *
 * {@code
 * SimulatedInferenceBackend ai = SimulatedInferenceBackend.builder().build();
 * ai.reply("gpt-4o-mini-2024-07-18", "{\"player\":\"Michael Jordan\",\"year\":\"1986-87\",\"brand\":\"Fleer\"}");
 * }
 */
public final class SimulatedInferenceBackend implements InferenceBackend {
    private final Faults faults;
    private final ModelSource models;
    private final SimulatedLearner learner;
    private final boolean supportsResponseSchema;
    private final Duration latency;

    private final Map<String, Deque<String>> byModel = new HashMap<>();
    private final Deque<String> fifo = new ArrayDeque<>();
    private final Map<String, Function<ChatRequest, String>> functionsByModel = new HashMap<>();
    private Function<ChatRequest, String> function;
    private final List<ChatRequest> requests = new ArrayList<>();

    private SimulatedInferenceBackend(Builder b) {
        this.faults = b.faults == null ? new Faults() : b.faults;
        this.models = b.models;
        this.learner = b.learner;
        this.supportsResponseSchema = b.supportsResponseSchema;
        this.latency = b.latency;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Queues a reply for the next request to {@code model}. */
    public synchronized SimulatedInferenceBackend reply(String model, String text) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(text, "text");
        byModel.computeIfAbsent(model, m -> new ArrayDeque<>()).add(text);
        return this;
    }

    /** Queues a reply for the next request to any model without its own queued reply. */
    public synchronized SimulatedInferenceBackend reply(String text) {
        fifo.add(Objects.requireNonNull(text, "text"));
        return this;
    }

    /** Answers every request to {@code model} that has no queued reply with a function. */
    public synchronized SimulatedInferenceBackend replyWith(String model, Function<ChatRequest, String> responder) {
        functionsByModel.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(responder, "responder"));
        return this;
    }

    /** Answers every request that nothing more specific answers with a function. */
    public synchronized SimulatedInferenceBackend replyWith(Function<ChatRequest, String> responder) {
        this.function = Objects.requireNonNull(responder, "responder");
        return this;
    }

    /** Returns the faults this backend injects. */
    public Faults faults() {
        return faults;
    }

    /** Returns every request so far, oldest first (including failed ones). */
    public synchronized List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    /** Returns the requests to one model, oldest first. */
    public synchronized List<ChatRequest> requests(String model) {
        Objects.requireNonNull(model, "model");
        return requests.stream().filter(r -> r.model().equals(model)).toList();
    }

    /** Returns the last request. @throws IllegalStateException if there was none */
    public synchronized ChatRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("no request was made");
        }
        return requests.get(requests.size() - 1);
    }

    /** Forgets queued replies, functions, recorded requests and planned faults. */
    public synchronized void reset() {
        byModel.clear();
        fifo.clear();
        functionsByModel.clear();
        function = null;
        requests.clear();
        faults.reset();
    }

    @Override
    public boolean supportsResponseSchema() {
        return supportsResponseSchema;
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        synchronized (this) {
            requests.add(request);
        }
        faults.check(Operation.COMPLETE, request.model());
        String text = scripted(request);
        if (text == null) {
            text = simulated(request);
        }
        long prompt = 0;
        for (ChatMessage m : request.messages()) {
            prompt += 3 + tokens(m.content());
        }
        long completion = tokens(text);
        return ChatResponse.builder().text(text).model(request.model())
            .usage(new TokenUsage(prompt + 3, completion))
            .latency(latency.plusMillis(completion * 2)).finishReason("stop").build();
    }

    private synchronized String scripted(ChatRequest request) {
        Deque<String> queue = byModel.get(request.model());
        if (queue != null && !queue.isEmpty()) {
            return queue.poll();
        }
        if (!fifo.isEmpty()) {
            return fifo.poll();
        }
        Function<ChatRequest, String> f = functionsByModel.get(request.model());
        if (f == null) {
            f = function;
        }
        return f == null ? null : f.apply(request);
    }

    private String simulated(ChatRequest request) {
        String model = request.model();
        ModelSource.ModelState state = models == null ? ModelSource.ModelState.base(model) : models.state(model);
        switch (state.kind()) {
            case UNKNOWN:
                throw new NotFoundException("The model '" + model + "' does not exist or you do not have access to it.",
                    "model_not_found", null);
            case LOADING:
                throw new NotFoundException("The model '" + model + "' does not exist or you do not have access to it "
                    + "(it may still be loading after fine-tuning).", "model_not_found", null);
            default:
                break;
        }
        if (learner == null) {
            throw new IllegalStateException("no reply scripted for model " + model
                + " and no simulated learner configured; use reply(...) or replyWith(...)");
        }
        return state.kind() == ModelSource.Kind.TUNED
            ? learner.answer(request.messages(), state.trainingJsonl())
            : learner.answer(request.messages(), supportsResponseSchema && request.responseSchema().isPresent());
    }

    private static long tokens(String s) {
        return Math.max(1, (s.length() + 3) / 4);
    }

    /** Builds a {@link SimulatedInferenceBackend}. */
    public static final class Builder {
        private Faults faults;
        private ModelSource models;
        private SimulatedLearner learner;
        private boolean supportsResponseSchema;
        private Duration latency = Duration.ofMillis(120);

        private Builder() {
        }

        /** Shared fault injection; a new one by default. */
        public Builder faults(Faults faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /**
         * Answers unscripted requests as the learner: base models untuned, models of
         * {@code fineTuning} tuned on their training file; other models are not found.
         */
        public Builder simulate(SimulatedLearner learner, SimulatedFineTuningBackend fineTuning) {
            this.learner = Objects.requireNonNull(learner, "learner");
            this.models = Objects.requireNonNull(fineTuning, "fineTuning").modelSource();
            return this;
        }

        /** Answers unscripted requests to any model as the learner's untuned model. */
        public Builder simulate(SimulatedLearner learner) {
            this.learner = Objects.requireNonNull(learner, "learner");
            this.models = null;
            return this;
        }

        Builder models(ModelSource models) {
            this.models = models;
            return this;
        }

        /** Whether the backend claims to honour response schemas (false by default). */
        public Builder supportsResponseSchema(boolean supports) {
            this.supportsResponseSchema = supports;
            return this;
        }

        /** The base latency reported in responses (120 ms by default; nothing waits). */
        public Builder latency(Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** Builds the backend. */
        public SimulatedInferenceBackend build() {
            return new SimulatedInferenceBackend(this);
        }
    }
}
