/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.testing;

import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.spi.JobStore;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.RegistryStore;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.Stores;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Minimal in-memory stores for core's own unit tests (core cannot depend on the testkit, which
 * depends on core). Host applications use the testkit's stores instead.
 */
public final class MemoryStores {
    private MemoryStores() {
    }

    public static Stores create() {
        return new Stores(new Samples(), new Log(), new Registry(), new Jobs(), new State());
    }

    static final class Samples implements SampleStore {
        private final List<Sample> samples = new CopyOnWriteArrayList<>();

        @Override
        public void append(Sample sample) {
            samples.add(sample);
        }

        @Override
        public Stream<Sample> read(TaskName task) {
            return samples.stream().filter(s -> s.task().equals(task));
        }
    }

    static final class Log implements ProductionLogStore {
        private final List<ProductionRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void append(ProductionRecord record) {
            records.add(record);
        }

        @Override
        public Stream<ProductionRecord> read(YearMonth month) {
            return records.stream().filter(r -> YearMonth.from(r.timestamp().orElseThrow().atOffset(ZoneOffset.UTC))
                .equals(month));
        }

        @Override
        public List<YearMonth> months() {
            return records.stream().map(r -> YearMonth.from(r.timestamp().orElseThrow().atOffset(ZoneOffset.UTC)))
                .distinct().sorted().toList();
        }
    }

    static final class Registry implements RegistryStore {
        private final List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
        private final List<ModelVersion> versions = new CopyOnWriteArrayList<>();

        @Override
        public void appendEvent(DeploymentEvent event) {
            events.add(event);
        }

        @Override
        public List<DeploymentEvent> events() {
            return List.copyOf(events);
        }

        @Override
        public void appendVersion(ModelVersion version) {
            versions.add(version);
        }

        @Override
        public List<ModelVersion> versions() {
            return List.copyOf(versions);
        }

        @Override
        public long version() {
            return events.size() + versions.size();
        }
    }

    static final class Jobs implements JobStore {
        private final List<TrackedJob> jobs = new ArrayList<>();

        @Override
        public synchronized void save(TrackedJob job) {
            jobs.removeIf(j -> j.idempotencyKey().equals(job.idempotencyKey()));
            jobs.add(job);
        }

        @Override
        public synchronized Optional<TrackedJob> findByJobId(String jobId) {
            return jobs.stream().filter(j -> j.jobId().map(jobId::equals).orElse(false)).findFirst();
        }

        @Override
        public synchronized Optional<TrackedJob> findByIdempotencyKey(String key) {
            return jobs.stream().filter(j -> j.idempotencyKey().equals(key)).findFirst();
        }

        @Override
        public synchronized List<TrackedJob> list() {
            return List.copyOf(jobs);
        }
    }

    static final class State implements com.slabstak.slabml.spi.StateStore {
        private final java.util.Map<String, Versioned> values = new java.util.HashMap<>();
        private final java.util.Map<String, String> leases = new java.util.HashMap<>();

        @Override
        public synchronized Optional<Versioned> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public synchronized java.util.OptionalLong compareAndSet(String key, long expectedVersion, String value) {
            long current = values.containsKey(key) ? values.get(key).version() : 0;
            if (current != expectedVersion) {
                return java.util.OptionalLong.empty();
            }
            values.put(key, new Versioned(value, current + 1));
            return java.util.OptionalLong.of(current + 1);
        }

        @Override
        public synchronized boolean tryAcquireLease(String name, String owner, java.time.Duration ttl) {
            return leases.putIfAbsent(name, owner) == null || leases.get(name).equals(owner);
        }

        @Override
        public synchronized void releaseLease(String name, String owner) {
            leases.remove(name, owner);
        }
    }
}
