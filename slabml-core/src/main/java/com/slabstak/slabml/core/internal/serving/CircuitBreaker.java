/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * A circuit breaker for one model. Closed: calls pass; it opens after {@code consecutiveFailures}
 * failures in a row, or when at least {@code minimumCalls} of the last {@code window} calls were made
 * and the share that failed reaches {@code failureRate}. Open: calls are refused for
 * {@code coolDown}, measured on the clock. Half-open: one probe call is let through; its success
 * closes the circuit (and clears the window), its failure opens it again for another cool-down.
 * Each change of state is reported to a listener, under the breaker's lock. Thread-safe.
 */
final class CircuitBreaker {
    enum State { CLOSED, OPEN, HALF_OPEN }

    /** The thresholds of a breaker. */
    record Settings(int consecutiveFailures, double failureRate, int window, int minimumCalls, Duration coolDown) {
        Settings {
            if (consecutiveFailures < 1) {
                throw new IllegalArgumentException("consecutiveFailures must be at least 1");
            }
            if (window < 1 || minimumCalls < 1 || minimumCalls > window) {
                throw new IllegalArgumentException("need 1 <= minimumCalls <= window");
            }
            if (coolDown.isNegative()) {
                throw new IllegalArgumentException("coolDown must not be negative");
            }
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final boolean[] outcomes;
    private int recorded;
    private int next;
    private int failuresInWindow;
    private int consecutive;
    private State state = State.CLOSED;
    private Instant openUntil = Instant.MIN;
    private boolean probeInFlight;
    private final BiConsumer<State, State> listener;

    CircuitBreaker(Settings settings, Clock clock) {
        this(settings, clock, (from, to) -> { });
    }

    /** @param listener told {@code (from, to)} on every change of state; must not throw */
    CircuitBreaker(Settings settings, Clock clock, BiConsumer<State, State> listener) {
        this.settings = settings;
        this.clock = clock;
        this.outcomes = new boolean[settings.window()];
        this.listener = listener;
    }

    private void moveTo(State next) {
        State previous = state;
        state = next;
        if (previous != next) {
            listener.accept(previous, next);
        }
    }

    /**
     * Returns whether a call may go to the model now. In the half-open state only one caller gets
     * {@code true} until {@link #onSuccess()} or {@link #onFailure()} reports the probe.
     */
    synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (clock.instant().isBefore(openUntil)) {
                    return false;
                }
                moveTo(State.HALF_OPEN);
                probeInFlight = true;
                return true;
            case HALF_OPEN:
            default:
                if (probeInFlight) {
                    return false;
                }
                probeInFlight = true;
                return true;
        }
    }

    synchronized void onSuccess() {
        if (state != State.CLOSED) {
            moveTo(State.CLOSED);
            probeInFlight = false;
            clearWindow();
            return;
        }
        consecutive = 0;
        record(false);
    }

    synchronized void onFailure() {
        if (state != State.CLOSED) {
            open();
            return;
        }
        consecutive++;
        record(true);
        if (consecutive >= settings.consecutiveFailures()
            || (recorded >= settings.minimumCalls()
                && failuresInWindow >= settings.failureRate() * recorded)) {
            open();
        }
    }

    /** Reports that an acquired call ended without a verdict on the model (for example bad input). */
    synchronized void release() {
        probeInFlight = false;
    }

    synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            return State.HALF_OPEN;
        }
        return state;
    }

    private void open() {
        moveTo(State.OPEN);
        probeInFlight = false;
        openUntil = clock.instant().plus(settings.coolDown());
        clearWindow();
    }

    private void record(boolean failure) {
        if (recorded == outcomes.length) {
            if (outcomes[next]) {
                failuresInWindow--;
            }
        } else {
            recorded++;
        }
        outcomes[next] = failure;
        if (failure) {
            failuresInWindow++;
        }
        next = (next + 1) % outcomes.length;
    }

    private void clearWindow() {
        recorded = 0;
        next = 0;
        failuresInWindow = 0;
        consecutive = 0;
    }
}
