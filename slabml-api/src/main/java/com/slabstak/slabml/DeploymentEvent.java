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
 */
public final class DeploymentEvent {
    private final java.time.Instant at;
    private final String action;
    private final Deployment deployment;
    private final int previousPercent;
    private final String reason;
    private final Map<String, Object> details;

    private DeploymentEvent(Builder b) {
        this.at = Objects.requireNonNull(b.at, "at");
        this.action = Objects.requireNonNull(b.action, "action");
        this.deployment = Objects.requireNonNull(b.deployment, "deployment");
        this.previousPercent = b.previousPercent;
        this.reason = Objects.requireNonNull(b.reason, "reason");
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(b.details));
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this value. */
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

    /** When it happened. */
    public java.time.Instant at() {
        return at;
    }

    /** What happened: {@code configure}, {@code start}, {@code set}, {@code promote}, {@code rollback}, {@code halt}. */
    public String action() {
        return action;
    }

    /** The deployment after the change. */
    public Deployment deployment() {
        return deployment;
    }

    /** The rollout percentage before the change. */
    public int previousPercent() {
        return previousPercent;
    }

    /** Why. */
    public String reason() {
        return reason;
    }

    /** Numbers behind the change, for example a guardrail's test. */
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeploymentEvent)) {
            return false;
        }
        DeploymentEvent that = (DeploymentEvent) o;
        return Objects.equals(at, that.at)
            && Objects.equals(action, that.action)
            && Objects.equals(deployment, that.deployment)
            && Objects.equals(previousPercent, that.previousPercent)
            && Objects.equals(reason, that.reason)
            && Objects.equals(details, that.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(at, action, deployment, previousPercent, reason, details);
    }

    @Override
    public String toString() {
        return "DeploymentEvent{"
            + "at=" + at
            + ", action=" + action
            + ", deployment=" + deployment
            + ", previousPercent=" + previousPercent
            + ", reason=" + reason
            + ", details=" + details
            + '}';
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

        public Builder at(java.time.Instant at) {
            this.at = Objects.requireNonNull(at, "at");
            return this;
        }

        public Builder action(String action) {
            this.action = Objects.requireNonNull(action, "action");
            return this;
        }

        public Builder deployment(Deployment deployment) {
            this.deployment = Objects.requireNonNull(deployment, "deployment");
            return this;
        }

        public Builder previousPercent(int previousPercent) {
            this.previousPercent = previousPercent;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = Objects.requireNonNull(reason, "reason");
            return this;
        }

        public Builder details(Map<? extends String, ? extends Object> details) {
            this.details.clear();
            this.details.putAll(Objects.requireNonNull(details, "details"));
            return this;
        }

        public Builder putDetail(String key, Object value) {
            this.details.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        public DeploymentEvent build() {
            return new DeploymentEvent(this);
        }
    }
}
