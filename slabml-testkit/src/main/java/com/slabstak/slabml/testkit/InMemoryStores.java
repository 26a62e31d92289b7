/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit;

import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.spi.JobStore;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.RegistryStore;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.StateStore;
import com.slabstak.slabml.spi.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Thread-safe in-memory stores with the same behaviour as the embedded file stores, for tests
 * and for hosts that need no persistence. Each store can be {@linkplain #reset(Stores) reset} and
 * stays usable afterwards.
 *
 * {@code
 * Stores stores = InMemoryStores.create();
 * SlabMl ml = SlabMl.builder().stores(stores).build();
 * }
 */
public final class InMemoryStores {
    private InMemoryStores() {
    }

    /** Returns five new, empty in-memory stores; leases expire on the system clock. */
    public static Stores create() {
        return create(Clock.systemUTC());
    }

    /**
     * Returns five new, empty in-memory stores whose leases expire on {@code clock}.
     *
     * @param clock the clock lease expiry is measured on
     * @return the stores
     * @since 0.2
     */
    public static Stores create(Clock clock) {
        return new Stores(new Samples(), new ProductionLog(), new Registry(), new Jobs(), new State(clock));
    }

    /** Empties every in-memory store among {@code stores}; other stores are left alone. */
    public static void reset(Stores stores) {
        Objects.requireNonNull(stores, "stores");
        if (stores.samples() instanceof Samples s) {
            s.reset();
        }
        if (stores.productionLog() instanceof ProductionLog p) {
            p.reset();
        }
        if (stores.registry() instanceof Registry r) {
            r.reset();
        }
        if (stores.jobs() instanceof Jobs j) {
            j.reset();
        }
        if (stores.state() instanceof State st) {
            st.reset();
        }
    }

    /** In-memory {@link SampleStore}: samples per task in the order they were appended. */
    public static final class Samples implements SampleStore {
        private final List<Sample> samples = new ArrayList<>();

        /** Creates an empty store. */
        public Samples() {
        }

        @Override
        public void append(Sample sample) {
            Objects.requireNonNull(sample, "sample");
            if (sample.id().isEmpty()) {
                throw new InvalidInputException("id", "a stored sample needs an id");
            }
            if (sample.createdAt().isEmpty()) {
                throw new InvalidInputException("created_at", "a stored sample needs a time");
            }
            synchronized (this) {
                samples.add(sample);
            }
        }

        @Override
        public Stream<Sample> read(TaskName task) {
            Objects.requireNonNull(task, "task");
            List<Sample> copy;
            synchronized (this) {
                copy = samples.stream().filter(s -> s.task().equals(task)).toList();
            }
            return copy.stream();
        }

        @Override
        public synchronized long count(TaskName task) {
            Objects.requireNonNull(task, "task");
            return samples.stream().filter(s -> s.task().equals(task)).count();
        }

        /** Removes every sample. */
        public synchronized void reset() {
            samples.clear();
        }
    }

    /** In-memory {@link ProductionLogStore}, grouped by the UTC month of each record. */
    public static final class ProductionLog implements ProductionLogStore {
        private final List<ProductionRecord> records = new ArrayList<>();

        /** Creates an empty store. */
        public ProductionLog() {
        }

        @Override
        public void append(ProductionRecord record) {
            Objects.requireNonNull(record, "record");
            if (record.id().isEmpty()) {
                throw new InvalidInputException("id", "a stored production record needs an id");
            }
            if (record.timestamp().isEmpty()) {
                throw new InvalidInputException("timestamp", "a stored production record needs a timestamp");
            }
            synchronized (this) {
                records.add(record);
            }
        }

        @Override
        public Stream<ProductionRecord> read(YearMonth month) {
            Objects.requireNonNull(month, "month");
            List<ProductionRecord> copy;
            synchronized (this) {
                copy = records.stream().filter(r -> monthOf(r).equals(month)).toList();
            }
            return copy.stream();
        }

        @Override
        public synchronized List<YearMonth> months() {
            TreeSet<YearMonth> months = new TreeSet<>();
            for (ProductionRecord r : records) {
                months.add(monthOf(r));
            }
            return List.copyOf(months);
        }

        /** Removes every record. */
        public synchronized void reset() {
            records.clear();
        }

        private static YearMonth monthOf(ProductionRecord r) {
            return YearMonth.from(r.timestamp().orElseThrow().atOffset(ZoneOffset.UTC));
        }
    }

    /** In-memory {@link RegistryStore}, append-only until reset. */
    public static final class Registry implements RegistryStore {
        private final List<DeploymentEvent> events = new ArrayList<>();
        private final List<ModelVersion> versions = new ArrayList<>();
        private long changes;

        /** Creates an empty store. */
        public Registry() {
        }

        @Override
        public synchronized void appendEvent(DeploymentEvent event) {
            events.add(Objects.requireNonNull(event, "event"));
            changes++;
        }

        @Override
        public synchronized boolean appendEventIfCurrent(DeploymentEvent event, long expectedTaskEvents) {
            Objects.requireNonNull(event, "event");
            long current = events.stream().filter(e -> e.deployment().task().equals(event.deployment().task())).count();
            if (current != expectedTaskEvents) {
                return false;
            }
            appendEvent(event);
            return true;
        }

        @Override
        public synchronized List<DeploymentEvent> events() {
            return List.copyOf(events);
        }

        @Override
        public synchronized void appendVersion(ModelVersion version) {
            versions.add(Objects.requireNonNull(version, "version"));
            changes++;
        }

        @Override
        public synchronized List<ModelVersion> versions() {
            return List.copyOf(versions);
        }

        @Override
        public synchronized long version() {
            return changes;
        }

        /** Removes every event and version; {@link #version()} keeps moving forward. */
        public synchronized void reset() {
            events.clear();
            versions.clear();
            changes++;
        }
    }

    /** In-memory {@link JobStore}, one record per idempotency key, oldest first. */
    public static final class Jobs implements JobStore {
        private final List<TrackedJob> jobs = new ArrayList<>();

        /** Creates an empty store. */
        public Jobs() {
        }

        @Override
        public synchronized void save(TrackedJob job) {
            Objects.requireNonNull(job, "job");
            for (int i = 0; i < jobs.size(); i++) {
                if (jobs.get(i).idempotencyKey().equals(job.idempotencyKey())) {
                    jobs.set(i, job);
                    return;
                }
            }
            jobs.add(job);
        }

        @Override
        public synchronized Optional<TrackedJob> findByJobId(String jobId) {
            Objects.requireNonNull(jobId, "jobId");
            return jobs.stream().filter(j -> j.jobId().map(jobId::equals).orElse(false)).findFirst();
        }

        @Override
        public synchronized Optional<TrackedJob> findByIdempotencyKey(String key) {
            Objects.requireNonNull(key, "key");
            return jobs.stream().filter(j -> j.idempotencyKey().equals(key)).findFirst();
        }

        @Override
        public synchronized List<TrackedJob> list() {
            List<TrackedJob> copy = new ArrayList<>(jobs);
            copy.sort(Comparator.comparing(TrackedJob::createdAt));
            return List.copyOf(copy);
        }

        /** Removes every record. */
        public synchronized void reset() {
            jobs.clear();
        }
    }

    /**
     * In-memory {@link StateStore}: versioned values and leases, expiry measured on a clock.
     *
     * @since 0.2
     */
    public static final class State implements StateStore {
        private final Clock clock;
        private final Map<String, Versioned> values = new HashMap<>();
        private final Map<String, Map.Entry<String, Instant>> leases = new HashMap<>();

        /**
         * Creates an empty store.
         *
         * @param clock the clock lease expiry is measured on
         */
        public State(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        @Override
        public synchronized Optional<Versioned> get(String key) {
            return Optional.ofNullable(values.get(checkKey("key", key)));
        }

        @Override
        public synchronized OptionalLong compareAndSet(String key, long expectedVersion, String value) {
            checkKey("key", key);
            Objects.requireNonNull(value, "value");
            if (expectedVersion < 0) {
                throw new InvalidInputException("expected_version", "must be 0 or more, was " + expectedVersion);
            }
            Versioned now = values.get(key);
            long current = now == null ? 0 : now.version();
            if (current != expectedVersion) {
                return OptionalLong.empty();
            }
            values.put(key, new Versioned(value, current + 1));
            return OptionalLong.of(current + 1);
        }

        @Override
        public synchronized boolean tryAcquireLease(String name, String owner, Duration ttl) {
            checkKey("name", name);
            checkKey("owner", owner);
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new InvalidInputException("ttl", "must be positive, was " + ttl);
            }
            Instant now = clock.instant();
            Map.Entry<String, Instant> held = leases.get(name);
            if (held != null && !held.getKey().equals(owner) && held.getValue().isAfter(now)) {
                return false;
            }
            leases.put(name, Map.entry(owner, now.plus(ttl)));
            return true;
        }

        @Override
        public synchronized void releaseLease(String name, String owner) {
            checkKey("name", name);
            checkKey("owner", owner);
            Map.Entry<String, Instant> held = leases.get(name);
            if (held != null && held.getKey().equals(owner)) {
                leases.remove(name);
            }
        }

        /** Removes every value and lease. */
        public synchronized void reset() {
            values.clear();
            leases.clear();
        }

        private static String checkKey(String field, String key) {
            Objects.requireNonNull(key, field);
            if (key.isBlank()) {
                throw new InvalidInputException(field, "must not be blank");
            }
            return key;
        }
    }
}
