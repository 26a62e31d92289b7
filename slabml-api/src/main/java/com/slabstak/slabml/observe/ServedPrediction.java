/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.observe;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One prediction as an observer sees it: which task, model and arm served it, how it ended, how long
 * it took, the tokens it used and what they cost. Immutable.
 *
 * <pre>{@code
 * ServedPrediction p = ServedPrediction.builder()
 *     .task(TaskName.CARD_IDENTIFICATION).model("base-model").arm(Arm.BASE)
 *     .outcome(Outcome.SUCCESS).latency(Duration.ofMillis(420)).usage(new TokenUsage(120, 30))
 *     .providerName("openai").build();
 * }</pre>
 *
 * @since 0.2
 */
public final class ServedPrediction {
    private final TaskName task;
    private final String model;
    private final Arm arm;
    private final Outcome outcome;
    private final Duration latency;
    private final TokenUsage usage;
    private final Double costUsd;
    private final String providerName;
    private final String fallbackReason;
    private final String errorType;
    private final int rolloutPercent;
    private final boolean cacheHit;

    private ServedPrediction(Builder b) {
        this.task = Objects.requireNonNull(b.task, "task");
        this.model = Objects.requireNonNull(b.model, "model");
        this.arm = Objects.requireNonNull(b.arm, "arm");
        this.outcome = Objects.requireNonNull(b.outcome, "outcome");
        this.latency = Objects.requireNonNull(b.latency, "latency");
        this.usage = Objects.requireNonNull(b.usage, "usage");
        this.providerName = Objects.requireNonNull(b.providerName, "providerName");
        this.costUsd = b.costUsd;
        this.fallbackReason = b.fallbackReason;
        this.errorType = b.errorType;
        this.rolloutPercent = b.rolloutPercent;
        this.cacheHit = b.cacheHit;
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
        if (rolloutPercent < 0 || rolloutPercent > 100) {
            throw new IllegalArgumentException("rolloutPercent must be 0-100, was " + rolloutPercent);
        }
    }

    /**
     * Returns a new builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the task served */
    public TaskName task() {
        return task;
    }

    /** @return the model that answered, or for an {@link Outcome#ERROR} the model that was asked last */
    public String model() {
        return model;
    }

    /** @return the arm: base, candidate, or fallback when the base model stood in */
    public Arm arm() {
        return arm;
    }

    /** @return how the prediction ended */
    public Outcome outcome() {
        return outcome;
    }

    /** @return the time from request to answer, provider time included */
    public Duration latency() {
        return latency;
    }

    /** @return the tokens of every call made, the failed one before a fallback included */
    public TokenUsage usage() {
        return usage;
    }

    /** @return the cost in US dollars of those tokens, when the model's price is known */
    public OptionalDouble costUsd() {
        return costUsd == null ? OptionalDouble.empty() : OptionalDouble.of(costUsd);
    }

    /** @return the name of the inference provider, such as {@code openai} */
    public String providerName() {
        return providerName;
    }

    /** @return the full fallback reason, such as {@code "timeout: read timed out"}, when the base model stood in */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    /**
     * Returns the kind of the fallback reason: the part before the first colon, such as
     * {@code timeout}, {@code not_found}, {@code circuit_open} or {@code invalid_answer}. A bounded
     * value, fit for a metric tag.
     *
     * @return the fallback kind, when the base model stood in
     */
    public Optional<String> fallbackKind() {
        if (fallbackReason == null) {
            return Optional.empty();
        }
        int colon = fallbackReason.indexOf(':');
        return Optional.of((colon < 0 ? fallbackReason : fallbackReason.substring(0, colon)).strip());
    }

    /** @return the simple class name of the exception the caller got, for {@link Outcome#ERROR} */
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }

    /** @return the candidate's rollout percentage for the task when the request was served */
    public int rolloutPercent() {
        return rolloutPercent;
    }

    /** @return whether the response cache answered without a call */
    public boolean cacheHit() {
        return cacheHit;
    }

    @Override
    public String toString() {
        return "ServedPrediction{task=" + task + ", model=" + model + ", arm=" + arm + ", outcome=" + outcome
            + ", latency=" + latency + ", usage=" + usage + ", provider=" + providerName
            + (fallbackReason != null ? ", fallback=" + fallbackKind().orElse("") : "")
            + (errorType != null ? ", error=" + errorType : "") + '}';
    }

    /** Builds a {@link ServedPrediction}; {@link #build()} checks the required parts. */
    public static final class Builder {
        private TaskName task;
        private String model;
        private Arm arm;
        private Outcome outcome;
        private Duration latency = Duration.ZERO;
        private TokenUsage usage = TokenUsage.ZERO;
        private Double costUsd;
        private String providerName = "unknown";
        private String fallbackReason;
        private String errorType;
        private int rolloutPercent;
        private boolean cacheHit;

        private Builder() {
        }

        /** @param task the task served; required @return this builder */
        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /** @param model the model that answered; required @return this builder */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** @param arm the arm; required @return this builder */
        public Builder arm(Arm arm) {
            this.arm = Objects.requireNonNull(arm, "arm");
            return this;
        }

        /** @param outcome how it ended; required @return this builder */
        public Builder outcome(Outcome outcome) {
            this.outcome = Objects.requireNonNull(outcome, "outcome");
            return this;
        }

        /** @param latency time to answer, default zero @return this builder */
        public Builder latency(Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** @param usage tokens used, default zero @return this builder */
        public Builder usage(TokenUsage usage) {
            this.usage = Objects.requireNonNull(usage, "usage");
            return this;
        }

        /** @param costUsd cost in US dollars, not negative @return this builder */
        public Builder costUsd(double costUsd) {
            if (!(costUsd >= 0)) {
                throw new IllegalArgumentException("costUsd must not be negative, was " + costUsd);
            }
            this.costUsd = costUsd;
            return this;
        }

        /** @param providerName the inference provider's name, default {@code unknown} @return this builder */
        public Builder providerName(String providerName) {
            this.providerName = Objects.requireNonNull(providerName, "providerName");
            return this;
        }

        /** @param fallbackReason why the base model stood in, or null for none @return this builder */
        public Builder fallbackReason(String fallbackReason) {
            this.fallbackReason = fallbackReason;
            return this;
        }

        /** @param errorType the exception's simple class name, or null for none @return this builder */
        public Builder errorType(String errorType) {
            this.errorType = errorType;
            return this;
        }

        /** @param rolloutPercent the candidate's rollout percentage, 0-100 @return this builder */
        public Builder rolloutPercent(int rolloutPercent) {
            this.rolloutPercent = rolloutPercent;
            return this;
        }

        /** @param cacheHit whether the cache answered @return this builder */
        public Builder cacheHit(boolean cacheHit) {
            this.cacheHit = cacheHit;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the prediction
         * @throws NullPointerException naming a missing required part
         * @throws IllegalArgumentException for a negative latency or a percentage outside 0-100
         */
        public ServedPrediction build() {
            return new ServedPrediction(this);
        }
    }
}
