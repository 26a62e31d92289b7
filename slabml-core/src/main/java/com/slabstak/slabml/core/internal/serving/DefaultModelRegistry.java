/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.spi.RegistryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry over a {@link RegistryStore}. A task's deployment is its latest
 * {@link DeploymentEvent}; before any event it comes from configuration, as the seed did:
 * the base model is {@code slabml.<task>.base_model} (default {@code slabml.fine_tuning.base_model},
 * which the fine-tuning provider's catalogue fills), and a
 * fine-tuned model configured in {@code slabml.<task>.finetuned_model} with
 * {@code slabml.<task>.use_finetuned=true} serves as the candidate at 100%.
 *
 * <p>Every change appends an event (action, time from the clock, reason, previous percentage), so
 * the history is complete. Reads are served from a snapshot that is rebuilt only when
 * {@link RegistryStore#version()} changes; the version is asked at most once per
 * {@value #REFRESH_KEY} (default 1s, measured on the clock; 0 asks on every read), so another
 * instance's change is seen within that interval without a restart, and this instance's own
 * changes at once. Registering a model id twice for a task updates it (for example with
 * evaluation metrics); {@link #versions(TaskName)} lists each model once, at its first position,
 * with its latest record. Thread-safe. Internal: public for the entry point.
 *
 * {@code
 * ModelRegistry registry = new DefaultModelRegistry(stores.registry(), config, Clock.systemUTC());
 * registry.startRollout(TaskName.CARD_IDENTIFICATION, "ft:base-model:org:card:abc", 20, "beat base");
 * }
 */
public final class DefaultModelRegistry implements ModelRegistry {

    /** How often a read asks the store whether another instance changed it; default 1s, 0 = every read. */
    public static final String REFRESH_KEY = "slabml.registry.refresh_interval";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultModelRegistry.class);
    private static final List<TaskName> BUILT_IN = List.of(TaskName.CARD_IDENTIFICATION, TaskName.LISTING_GENERATION);

    private final RegistryStore store;
    private final SlabMlConfig config;
    private final Clock clock;
    private final long refreshMillis;
    private final Object writeLock = new Object();
    private volatile Snapshot snapshot;
    private volatile long checkedAtMillis;
    private final AtomicLong localWrites = new AtomicLong();
    private final SlabMlObserver observer;

    /** Creates a registry over {@code store}, with defaults from {@code config}. */
    public DefaultModelRegistry(RegistryStore store, SlabMlConfig config, Clock clock) {
        this(store, config, clock, SlabMlObserver.NOOP);
    }

    /**
     * Creates a registry that reports each deployment change it makes to {@code observer} (which
     * must not throw: pass a {@code SafeObserver}).
     */
    public DefaultModelRegistry(RegistryStore store, SlabMlConfig config, Clock clock, SlabMlObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        Duration refresh = config.getDuration(REFRESH_KEY, Duration.ofSeconds(1));
        if (refresh.isNegative()) {
            throw new ConfigurationException(REFRESH_KEY + ": must not be negative, was " + refresh);
        }
        this.refreshMillis = refresh.toMillis();
    }

    @Override
    public Deployment deployment(TaskName task) {
        Objects.requireNonNull(task, "task");
        Deployment latest = snapshot().latest.get(task);
        return latest != null ? latest : configured(task);
    }

    /** Returns the deployments of the built-in tasks and of every task with a recorded change, by name. */
    @Override
    public List<Deployment> deployments() {
        Snapshot s = snapshot();
        TreeSet<TaskName> tasks = new TreeSet<>(BUILT_IN);
        tasks.addAll(s.latest.keySet());
        List<Deployment> out = new ArrayList<>();
        for (TaskName t : tasks) {
            Deployment d = s.latest.get(t);
            out.add(d != null ? d : configured(t));
        }
        return List.copyOf(out);
    }

    @Override
    public ModelVersion register(ModelVersion version) {
        Objects.requireNonNull(version, "version");
        if (version.modelId().isBlank()) {
            throw new InvalidInputException("model_id", "must not be blank");
        }
        if (version.baseModel().isBlank()) {
            throw new InvalidInputException("base_model", "must not be blank");
        }
        synchronized (writeLock) {
            store.appendVersion(version);
            localWrites.incrementAndGet();
        }
        LOG.info("Registered model {} for task {}", version.modelId(), version.task());
        return version;
    }

    @Override
    public List<ModelVersion> versions(TaskName task) {
        Objects.requireNonNull(task, "task");
        List<ModelVersion> v = snapshot().versions.get(task);
        return v == null ? List.of() : v;
    }

    @Override
    public Deployment startRollout(TaskName task, String candidateModel, int percent, String reason) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(candidateModel, "candidateModel");
        Objects.requireNonNull(reason, "reason");
        checkPercent(percent);
        if (candidateModel.isBlank()) {
            throw new InvalidInputException("candidate_model", "must not be blank");
        }
        synchronized (writeLock) {
            Deployment current = deployment(task);
            if (candidateModel.equals(current.baseModel())) {
                throw new InvalidInputException("candidate_model",
                    "'" + candidateModel + "' is already the base model of " + task);
            }
            Deployment next = current.toBuilder().candidateModel(candidateModel).rolloutPercent(percent).build();
            return append(task, "start", current, next, reason, Map.of());
        }
    }

    @Override
    public Deployment setRolloutPercent(TaskName task, int percent, String reason) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(reason, "reason");
        checkPercent(percent);
        synchronized (writeLock) {
            Deployment current = requireCandidate(task, "setRolloutPercent");
            return append(task, "set", current, current.toBuilder().rolloutPercent(percent).build(), reason, Map.of());
        }
    }

    @Override
    public Deployment promote(TaskName task, String reason) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(reason, "reason");
        synchronized (writeLock) {
            Deployment current = requireCandidate(task, "promote");
            return append(task, "promote", current, current.toBuilder().rolloutPercent(100).build(), reason, Map.of());
        }
    }

    @Override
    public Deployment rollback(TaskName task, String reason) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(reason, "reason");
        synchronized (writeLock) {
            Deployment current = requireCandidate(task, "rollback");
            return append(task, "rollback", current, withoutCandidate(current), reason, Map.of());
        }
    }

    /**
     * Rolls the candidate back like {@link #rollback}, recorded as action {@code halt} with the
     * numbers behind the decision (for example a guardrail's test) in {@code details}.
     *
     * @throws InvalidInputException naming {@code candidate_model} when no candidate is deployed
     */
    public Deployment halt(TaskName task, String reason, Map<String, ?> details) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(details, "details");
        synchronized (writeLock) {
            Deployment current = requireCandidate(task, "halt");
            return append(task, "halt", current, withoutCandidate(current), reason, details);
        }
    }

    /**
     * Makes the candidate serving all traffic the new base model (the candidate slot empties), so
     * the next candidate is rolled out against it; recorded as action {@code adopt}.
     *
     * @throws InvalidInputException naming {@code candidate_model} when no candidate serves at 100%
     * @since 0.2
     */
    public Deployment adopt(TaskName task, String reason) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(reason, "reason");
        synchronized (writeLock) {
            Deployment current = requireCandidate(task, "adopt");
            if (current.rolloutPercent() != 100) {
                throw new InvalidInputException("candidate_model", "the candidate of " + task + " serves "
                    + current.rolloutPercent() + "%, not 100%; promote it first");
            }
            Deployment next = current.toBuilder().baseModel(current.candidateModel().get()).candidateModel(null)
                .rolloutPercent(0).build();
            return append(task, "adopt", current, next, reason, Map.of());
        }
    }

    /**
     * Records a decision that leaves the deployment unchanged (for example a promotion gate that
     * held a candidate back), with its numbers in {@code details}, so the history shows it.
     *
     * @param action a short lower-case word such as {@code gate} or {@code guardrail_check}
     * @throws InvalidInputException naming {@code action} when it is not lower-case letters and underscores
     */
    public DeploymentEvent record(TaskName task, String action, String reason, Map<String, ?> details) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(details, "details");
        if (!action.matches("[a-z][a-z_]{0,31}")) {
            throw new InvalidInputException("action", "use 1-32 lower-case letters and underscores, was '" + action + "'");
        }
        synchronized (writeLock) {
            Deployment current = deployment(task);
            DeploymentEvent event = DeploymentEvent.builder()
                .at(clock.instant())
                .action(action)
                .deployment(current)
                .previousPercent(current.candidateModel().isPresent() ? current.rolloutPercent() : 0)
                .reason(reason)
                .details(details)
                .build();
            store.appendEvent(event);
            localWrites.incrementAndGet();
            LOG.info("Deployment of {}: recorded {}", task, action);
            return event;
        }
    }

    @Override
    public List<DeploymentEvent> history(TaskName task) {
        Objects.requireNonNull(task, "task");
        List<DeploymentEvent> h = snapshot().history.get(task);
        return h == null ? List.of() : h;
    }

    @Override
    public String toString() {
        return "DefaultModelRegistry{store=" + store + '}';
    }

    private Deployment append(TaskName task, String action, Deployment current, Deployment next,
                              String reason, Map<String, ?> details) {
        Deployment stamped = next.toBuilder().updatedAt(clock.instant()).build();
        DeploymentEvent event = DeploymentEvent.builder()
            .at(stamped.updatedAt().orElseThrow())
            .action(action)
            .deployment(stamped)
            .previousPercent(current.candidateModel().isPresent() ? current.rolloutPercent() : 0)
            .reason(reason)
            .details(details)
            .build();
        store.appendEvent(event);
        localWrites.incrementAndGet();
        LOG.info("Deployment of {}: {} -> candidate {} at {}%", task, action,
            stamped.candidateModel().orElse("none"), stamped.rolloutPercent());
        observer.rolloutChanged(task, action, event.previousPercent(),
            stamped.candidateModel().isPresent() ? stamped.rolloutPercent() : 0);
        return stamped;
    }

    private Deployment requireCandidate(TaskName task, String operation) {
        Deployment current = deployment(task);
        if (current.candidateModel().isEmpty()) {
            throw new InvalidInputException("candidate_model",
                "task " + task + " has no candidate model to " + operation + "; call startRollout first");
        }
        return current;
    }

    private static Deployment withoutCandidate(Deployment d) {
        return d.toBuilder().candidateModel(null).rolloutPercent(0).build();
    }

    private static void checkPercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new InvalidInputException("rollout_percent", "must be 0-100, was " + percent);
        }
    }

    private Deployment configured(TaskName task) {
        String prefix = "slabml." + task.value() + ".";
        String base = config.get(prefix + "base_model").or(() -> config.get("slabml.fine_tuning.base_model"))
            .filter(s -> !s.isBlank()).map(String::trim)
            .orElseThrow(() -> new com.slabstak.slabml.ConfigurationException(prefix + "base_model: not set, and "
                + "neither slabml.fine_tuning.base_model nor the fine-tuning provider's catalogue names a default model"));
        Optional<String> finetuned = config.get(prefix + "finetuned_model").filter(s -> !s.isBlank()).map(String::trim);
        boolean use = config.getBoolean(prefix + "use_finetuned", false);
        Deployment.Builder b = Deployment.builder().task(task).baseModel(base);
        if (finetuned.isPresent() && use) {
            b.candidateModel(finetuned.get()).rolloutPercent(100);
        }
        return b.build();
    }

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        long writes = localWrites.get();
        long now = clock.millis();
        if (s != null && s.localWrites == writes && refreshMillis > 0
            && now - checkedAtMillis < refreshMillis && now >= checkedAtMillis) {
            return s;
        }
        long v = store.version();
        checkedAtMillis = now;
        if (s != null && s.localWrites == writes && s.storeVersion == v) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (s != null && s.localWrites == writes && s.storeVersion == v) {
                return s;
            }
            s = load(v, writes);
            snapshot = s;
            return s;
        }
    }

    private Snapshot load(long version, long writes) {
        List<DeploymentEvent> events = store.events();
        List<ModelVersion> versions = store.versions();
        Map<TaskName, Deployment> latest = new LinkedHashMap<>();
        Map<TaskName, List<DeploymentEvent>> history = new LinkedHashMap<>();
        for (DeploymentEvent e : events) {
            TaskName t = e.deployment().task();
            latest.put(t, e.deployment());
            history.computeIfAbsent(t, k -> new ArrayList<>()).add(e);
        }
        Map<TaskName, Map<String, ModelVersion>> byModel = new LinkedHashMap<>();
        for (ModelVersion mv : versions) {
            byModel.computeIfAbsent(mv.task(), k -> new LinkedHashMap<>()).put(mv.modelId(), mv);
        }
        Map<TaskName, List<ModelVersion>> versionLists = new LinkedHashMap<>();
        byModel.forEach((t, m) -> versionLists.put(t, List.copyOf(m.values())));
        Map<TaskName, List<DeploymentEvent>> historyLists = new LinkedHashMap<>();
        history.forEach((t, l) -> historyLists.put(t, List.copyOf(l)));
        return new Snapshot(version, writes, Collections.unmodifiableMap(latest),
            Collections.unmodifiableMap(historyLists), Collections.unmodifiableMap(versionLists));
    }

    private static final class Snapshot {
        final long storeVersion;
        final long localWrites;
        final Map<TaskName, Deployment> latest;
        final Map<TaskName, List<DeploymentEvent>> history;
        final Map<TaskName, List<ModelVersion>> versions;

        Snapshot(long storeVersion, long localWrites, Map<TaskName, Deployment> latest,
                 Map<TaskName, List<DeploymentEvent>> history, Map<TaskName, List<ModelVersion>> versions) {
            this.storeVersion = storeVersion;
            this.localWrites = localWrites;
            this.latest = latest;
            this.history = history;
            this.versions = versions;
        }
    }
}
