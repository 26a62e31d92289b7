/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.FineTuningUnavailableException;
import com.slabstak.slabml.JobError;
import com.slabstak.slabml.PermissionDeniedException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Fault injection shared by the simulated backends: the next N calls of an operation (optionally for
 * one model) throw, a create succeeds but its response is lost, a job fails. Thread-safe;
 * {@link #reset()} removes every planned fault.
 *
 * {@code
 * faults.rateLimit(Faults.Operation.CREATE_JOB, 2);          // two 429s, then success
 * faults.serverError(Faults.Operation.COMPLETE, "ft:gpt-4o-mini-2024-07-18:acme::x1", 1);
 * faults.failNextJob(new JobError("server_error", "Internal error", null));
 * }
 */
public final class Faults {
    /** Calls {@link #ALWAYS} times: until reset. */
    public static final int ALWAYS = Integer.MAX_VALUE;

    /** The operations faults can target. */
    public enum Operation {
        UPLOAD_FILE, CREATE_JOB, RETRIEVE_JOB, LIST_JOBS, CANCEL_JOB, PAUSE_JOB, RESUME_JOB,
        LIST_EVENTS, LIST_CHECKPOINTS, LIST_MODELS, RETRIEVE_MODEL, DELETE_MODEL,
        /** A chat completion of the inference backend. */
        COMPLETE
    }

    private final List<Rule> rules = new ArrayList<>();
    private final Deque<JobError> jobFailures = new ArrayDeque<>();
    private int lostCreateResponses;

    /** Creates fault injection with nothing planned. */
    public Faults() {
    }

    /** The next {@code times} calls of {@code operation} answer HTTP 429 (retryable, retry after 1 s). */
    public Faults rateLimit(Operation operation, int times) {
        return inject(operation, null, times, () -> new RateLimitException(
            "Rate limit reached (simulated)", "rate_limit_exceeded", Duration.ofSeconds(1), null));
    }

    /** The next {@code times} calls answer HTTP 429 {@code daily_rate_limit_exceeded} (not retryable). */
    public Faults dailyRateLimit(Operation operation, int times) {
        return inject(operation, null, times, () -> new RateLimitException(
            "Daily rate limit reached (simulated); try again tomorrow", "daily_rate_limit_exceeded",
            Duration.ofHours(24), null));
    }

    /** The next {@code times} calls answer HTTP 500. */
    public Faults serverError(Operation operation, int times) {
        return serverError(operation, null, times);
    }

    /** The next {@code times} calls for {@code model} (any model when null) answer HTTP 500. */
    public Faults serverError(Operation operation, String model, int times) {
        return inject(operation, model, times, () -> new ProviderUnavailableException(
            "The server had an error while processing your request (simulated)", 500, null));
    }

    /** The next {@code times} calls time out. */
    public Faults timeout(Operation operation, int times) {
        return timeout(operation, null, times);
    }

    /** The next {@code times} calls for {@code model} (any model when null) time out. */
    public Faults timeout(Operation operation, String model, int times) {
        return inject(operation, model, times, () -> new ProviderTimeoutException(
            "Request timed out (simulated)", null));
    }

    /** The next {@code times} job creates answer HTTP 403. */
    public Faults permissionDeniedOnCreate(int times) {
        return inject(Operation.CREATE_JOB, null, times, () -> new PermissionDeniedException(
            "You do not have access to this resource (simulated)", "permission_denied", null));
    }

    /** Job creation is refused as by an account whose fine-tuning was wound down (HTTP 403), until reset. */
    public Faults fineTuningUnavailable() {
        return inject(Operation.CREATE_JOB, null, ALWAYS, () -> new FineTuningUnavailableException(
            "Fine-tuning job creation is not available for this account (simulated)",
            "fine_tuning_unavailable", null));
    }

    /**
     * The next {@code times} job creates succeed (the job exists and runs) but the caller gets a
     * {@link ProviderTimeoutException}, as if the response was lost on the way back.
     */
    public synchronized Faults loseCreateResponse(int times) {
        requirePositive(times);
        lostCreateResponses = saturatedAdd(lostCreateResponses, times);
        return this;
    }

    /** The next job created fails while running with this error. */
    public synchronized Faults failNextJob(JobError error) {
        jobFailures.add(Objects.requireNonNull(error, "error"));
        return this;
    }

    /**
     * The next {@code times} calls of {@code operation} for {@code model} (any model when null)
     * throw what {@code exception} supplies.
     */
    public synchronized Faults inject(Operation operation, String model, int times,
            Supplier<? extends RuntimeException> exception) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(exception, "exception");
        requirePositive(times);
        rules.add(new Rule(operation, model, times, exception));
        return this;
    }

    /** Removes every planned fault. */
    public synchronized void reset() {
        rules.clear();
        jobFailures.clear();
        lostCreateResponses = 0;
    }

    /** Returns whether any fault is still planned. */
    public synchronized boolean isEmpty() {
        return rules.isEmpty() && jobFailures.isEmpty() && lostCreateResponses == 0;
    }

    /** Throws the first planned fault matching this call, consuming one of its times. */
    void check(Operation operation, String model) {
        RuntimeException toThrow = null;
        synchronized (this) {
            for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
                Rule r = it.next();
                if (r.operation == operation && (r.model == null || r.model.equals(model))) {
                    if (r.remaining != ALWAYS) {
                        r.remaining--;
                        if (r.remaining == 0) {
                            it.remove();
                        }
                    }
                    toThrow = r.exception.get();
                    break;
                }
            }
        }
        if (toThrow != null) {
            throw toThrow;
        }
    }

    synchronized boolean consumeLostCreateResponse() {
        if (lostCreateResponses == 0) {
            return false;
        }
        if (lostCreateResponses != ALWAYS) {
            lostCreateResponses--;
        }
        return true;
    }

    synchronized JobError consumeJobFailure() {
        return jobFailures.poll();
    }

    private static void requirePositive(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
    }

    private static int saturatedAdd(int a, int b) {
        long s = (long) a + b;
        return s >= ALWAYS ? ALWAYS : (int) s;
    }

    private static final class Rule {
        final Operation operation;
        final String model;
        int remaining;
        final Supplier<? extends RuntimeException> exception;

        Rule(Operation operation, String model, int remaining, Supplier<? extends RuntimeException> exception) {
            this.operation = operation;
            this.model = model;
            this.remaining = remaining;
            this.exception = exception;
        }
    }
}
