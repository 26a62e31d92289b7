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
 *
 * @param task the task served
 * @param model the model that answered, or for an {@link Outcome#ERROR} the model that was asked last
 * @param arm the arm: base, candidate, or fallback when the base model stood in
 * @param outcome how the prediction ended
 * @param latency the time from request to answer, provider time included
 * @param usage the tokens of every call made, the failed one before a fallback included
 * @param costUsd the cost in US dollars of those tokens, when the model's price is known
 * @param providerName the name of the inference provider, such as {@code openai}
 * @param fallbackReason the full fallback reason, such as {@code "timeout: read timed out"}, when the base model stood in
 * @param errorType the simple class name of the exception the caller got, for {@link Outcome#ERROR}
 * @param rolloutPercent the candidate's rollout percentage for the task when the request was served
 * @param cacheHit whether the response cache answered without a call
 */
public record ServedPrediction(
    TaskName task,
    String model,
    Arm arm,
    Outcome outcome,
    Duration latency,
    TokenUsage usage,
    OptionalDouble costUsd,
    String providerName,
    Optional<String> fallbackReason,
    Optional<String> errorType,
    int rolloutPercent,
    boolean cacheHit
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param task the task served
     * @param model the model that answered, or for an {@link Outcome#ERROR} the model that was asked last
     * @param arm the arm: base, candidate, or fallback when the base model stood in
     * @param outcome how the prediction ended
     * @param latency the time from request to answer, provider time included
     * @param usage the tokens of every call made, the failed one before a fallback included
     * @param costUsd the cost in US dollars of those tokens, when the model's price is known
     * @param providerName the name of the inference provider, such as {@code openai}
     * @param fallbackReason the full fallback reason, such as {@code "timeout: read timed out"}, when the base model stood in
     * @param errorType the simple class name of the exception the caller got, for {@link Outcome#ERROR}
     * @param rolloutPercent the candidate's rollout percentage for the task when the request was served
     * @param cacheHit whether the response cache answered without a call
     */
    public ServedPrediction {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(costUsd, "costUsd");
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(fallbackReason, "fallbackReason");
        Objects.requireNonNull(errorType, "errorType");
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
     * @return a builder with no value set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the kind of the fallback reason: the part before the first colon, such as
     * {@code timeout}, {@code not_found}, {@code circuit_open} or {@code invalid_answer}. A bounded
     * value, fit for a metric tag.
     *
     * @return the fallback kind, when the base model stood in
     */
    public Optional<String> fallbackKind() {
        return fallbackReason.map(reason -> {
            int colon = reason.indexOf(':');
            return (colon < 0 ? reason : reason.substring(0, colon)).strip();
        });
    }

    /**
     * Returns the prediction without its full fallback reason, which may quote a provider's
     * message: only its kind ({@link #fallbackKind()}).
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "ServedPrediction{task=" + task + ", model=" + model + ", arm=" + arm + ", outcome=" + outcome
            + ", latency=" + latency + ", usage=" + usage + ", provider=" + providerName
            + (fallbackReason.isPresent() ? ", fallback=" + fallbackKind().orElse("") : "")
            + (errorType.isPresent() ? ", error=" + errorType.get() : "") + '}';
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

        /**
         * @param task the task served; required @return this builder
         *
         * @return the value
         */
        public Builder task(TaskName task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * @param model the model that answered; required @return this builder
         *
         * @return the value
         */
        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * @param arm the arm; required @return this builder
         *
         * @return the value
         */
        public Builder arm(Arm arm) {
            this.arm = Objects.requireNonNull(arm, "arm");
            return this;
        }

        /**
         * @param outcome how it ended; required @return this builder
         *
         * @return the value
         */
        public Builder outcome(Outcome outcome) {
            this.outcome = Objects.requireNonNull(outcome, "outcome");
            return this;
        }

        /**
         * @param latency time to answer, default zero @return this builder
         *
         * @return the value
         */
        public Builder latency(Duration latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /**
         * @param usage tokens used, default zero @return this builder
         *
         * @return the value
         */
        public Builder usage(TokenUsage usage) {
            this.usage = Objects.requireNonNull(usage, "usage");
            return this;
        }

        /**
         * @param costUsd cost in US dollars, not negative @return this builder
         *
         * @return the value
         */
        public Builder costUsd(double costUsd) {
            if (!(costUsd >= 0)) {
                throw new IllegalArgumentException("costUsd must not be negative, was " + costUsd);
            }
            this.costUsd = costUsd;
            return this;
        }

        /**
         * @param providerName the inference provider's name, default {@code unknown} @return this builder
         *
         * @return the value
         */
        public Builder providerName(String providerName) {
            this.providerName = Objects.requireNonNull(providerName, "providerName");
            return this;
        }

        /**
         * @param fallbackReason why the base model stood in, or null for none @return this builder
         *
         * @return the value
         */
        public Builder fallbackReason(String fallbackReason) {
            this.fallbackReason = fallbackReason;
            return this;
        }

        /**
         * @param errorType the exception's simple class name, or null for none @return this builder
         *
         * @return the value
         */
        public Builder errorType(String errorType) {
            this.errorType = errorType;
            return this;
        }

        /**
         * @param rolloutPercent the candidate's rollout percentage, 0-100 @return this builder
         *
         * @return the value
         */
        public Builder rolloutPercent(int rolloutPercent) {
            this.rolloutPercent = rolloutPercent;
            return this;
        }

        /**
         * @param cacheHit whether the cache answered @return this builder
         *
         * @return the value
         */
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
            return new ServedPrediction(task, model, arm, outcome, latency, usage, costUsd == null ? OptionalDouble.empty() : OptionalDouble.of(costUsd), providerName, Optional.ofNullable(fallbackReason), Optional.ofNullable(errorType), rolloutPercent, cacheHit);
        }
    }
}
