/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when a test moves it. Thread-safe; clocks made with {@link #withZone}
 * share the same time, so advancing one advances all of them.
 *
 * {@code
 * ManualClock clock = ManualClock.at(Instant.parse("2026-03-01T10:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * }
 */
public final class ManualClock extends Clock {
    /** The instant {@link #create()} starts at. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-15T09:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Returns a clock at {@link #DEFAULT_START}, in UTC. */
    public static ManualClock create() {
        return at(DEFAULT_START);
    }

    /** Returns a clock at the given instant, in UTC. */
    public static ManualClock at(Instant start) {
        return new ManualClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** Returns a clock that shares this clock's time but reports another zone. */
    @Override
    public ManualClock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return zone.equals(this.zone) ? this : new ManualClock(now, zone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    /**
     * Moves the clock forward.
     *
     * @throws IllegalArgumentException if {@code amount} is negative
     * @return the new instant
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        return now.updateAndGet(t -> t.plus(amount));
    }

    /** Sets the clock to an instant (earlier or later). */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManualClock && ((ManualClock) o).now == now && ((ManualClock) o).zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(now) * 31 + zone.hashCode();
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "," + zone + "]";
    }
}
