/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change of a task's deployment, with when, why, and the deployment it led to.
 *
 * @param at when it happened
 * @param action what happened: {@code configure}, {@code start}, {@code set}, {@code promote}, {@code rollback}, {@code halt}
 * @param deployment the deployment after the change
 * @param previousPercent the rollout percentage before the change
 * @param reason why
 * @param details numbers behind the change, for example a guardrail's test
 * @since 0.1
 */
public record DeploymentEvent(
    java.time.Instant at,
    String action,
    Deployment deployment,
    int previousPercent,
    String reason,
    Map<String, Object> details
) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a required component is null
     * @param at when it happened
     * @param action what happened: {@code configure}, {@code start}, {@code set}, {@code promote}, {@code rollback}, {@code halt}
     * @param deployment the deployment after the change
     * @param previousPercent the rollout percentage before the change
     * @param reason why
     * @param details numbers behind the change, for example a guardrail's test
     */
    public DeploymentEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(reason, "reason");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
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
     * Returns a builder that starts from this value.
     *
     * @return a builder holding this value's components
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.at = this.at;
        b.action = this.action;
        b.deployment = this.deployment;
        b.previousPercent = this.previousPercent;
        b.reason = this.reason;
        b.details.putAll(this.details);
        return b;
    }

    /** Builds DeploymentEvent values. */
    public static final class Builder {
        private java.time.Instant at;
        private String action;
        private Deployment deployment;
        private int previousPercent;
        private String reason = "";
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sets when it happened.
         *
         * @param at when it happened
         * @return this builder
         */
        public Builder at(java.time.Instant at) {
            this.at = Objects.requireNonNull(at, "at");
            return this;
        }

        /**
         * Sets what happened: {@code configure}, {@code start}, {@code set}, {@code promote}, {@code rollback}, {@code halt}.
         *
         * @param action what happened: {@code configure}, {@code start}, {@code set}, {@code promote}, {@code rollback}, {@code halt}
         * @return this builder
         */
        public Builder action(String action) {
            this.action = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * Sets the deployment after the change.
         *
         * @param deployment the deployment after the change
         * @return this builder
         */
        public Builder deployment(Deployment deployment) {
            this.deployment = Objects.requireNonNull(deployment, "deployment");
            return this;
        }

        /**
         * Sets the rollout percentage before the change.
         *
         * @param previousPercent the rollout percentage before the change
         * @return this builder
         */
        public Builder previousPercent(int previousPercent) {
            this.previousPercent = previousPercent;
            return this;
        }

        /**
         * Sets why.
         *
         * @param reason why
         * @return this builder
         */
        public Builder reason(String reason) {
            this.reason = Objects.requireNonNull(reason, "reason");
            return this;
        }

        /**
         * Sets numbers behind the change, for example a guardrail's test.
         *
         * @param details numbers behind the change, for example a guardrail's test
         * @return this builder
         */
        public Builder details(Map<? extends String, ? extends Object> details) {
            this.details.clear();
            this.details.putAll(Objects.requireNonNull(details, "details"));
            return this;
        }

        /**
         * Puts one entry of {@code detail}.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder putDetail(String key, Object value) {
            this.details.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the value
         * @throws NullPointerException if a required value is not set
         */
        public DeploymentEvent build() {
            return new DeploymentEvent(at, action, deployment, previousPercent, reason, details);
        }
    }
}
