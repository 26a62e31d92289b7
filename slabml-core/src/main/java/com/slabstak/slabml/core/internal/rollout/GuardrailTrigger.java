/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.rollout;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.GuardrailDecision;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.spi.MonthAggregator;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link RolloutGuardrail} by itself while production records are stored: a
 * {@link ProductionLogStore} that passes every call to the store it wraps and, every
 * {@code slabml.guardrail.check_every} records appended for a task (default 200; 0 turns it off),
 * checks that task's rollout on a background thread, so the appending thread never waits for it. At
 * most one check per task is pending at a time. {@link #close()} stops the thread (a running check
 * gets a few seconds to end); the wrapped store stays open, its owner closes it.
 *
 * <pre>{@code
 * ProductionLogStore watched = new GuardrailTrigger(stores.productionLog(), guardrail, config, null);
 * }</pre>
 */
public final class GuardrailTrigger implements ProductionLogStore {
    /** Records of a task between two automatic guardrail checks; 0 turns them off. */
    public static final String CHECK_EVERY_KEY = "slabml.guardrail.check_every";
    private static final int DEFAULT_CHECK_EVERY = 200;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(GuardrailTrigger.class);

    private final ProductionLogStore log;
    private final RolloutGuardrail guardrail;
    private final int checkEvery;
    private final Executor executor;
    private final ExecutorService owned;
    private final Map<TaskName, AtomicLong> appended = new ConcurrentHashMap<>();
    private final Set<TaskName> pending = ConcurrentHashMap.newKeySet();
    private final SlabMlObserver observer;

    /**
     * Watches {@code log}; checks run on {@code executor} (not shut down by {@link #close()}), or on a
     * daemon thread of its own when it is null.
     *
     * @throws ConfigurationException naming {@value #CHECK_EVERY_KEY} when it is negative
     */
    public GuardrailTrigger(ProductionLogStore log, RolloutGuardrail guardrail, SlabMlConfig config, Executor executor) {
        this(log, guardrail, config, executor, SlabMlObserver.NOOP);
    }

    /**
     * Like {@link #GuardrailTrigger(ProductionLogStore, RolloutGuardrail, SlabMlConfig, Executor)}, and
     * reports each automatic decision to {@code observer} (which must not throw: pass a safe one).
     */
    public GuardrailTrigger(ProductionLogStore log, RolloutGuardrail guardrail, SlabMlConfig config, Executor executor,
        SlabMlObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.log = Objects.requireNonNull(log, "log");
        this.guardrail = Objects.requireNonNull(guardrail, "guardrail");
        this.checkEvery = Objects.requireNonNull(config, "config").getInt(CHECK_EVERY_KEY, DEFAULT_CHECK_EVERY);
        if (checkEvery < 0) {
            throw new ConfigurationException(CHECK_EVERY_KEY + ": must be 0 (off) or more, was " + checkEvery);
        }
        if (executor != null) {
            this.owned = null;
            this.executor = executor;
        } else {
            this.owned = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "slabml-guardrail");
                t.setDaemon(true);
                return t;
            });
            this.executor = owned;
        }
    }

    @Override
    public void append(ProductionRecord record) {
        log.append(record);
        if (checkEvery > 0
            && appended.computeIfAbsent(record.task(), t -> new AtomicLong()).incrementAndGet() % checkEvery == 0) {
            schedule(record.task());
        }
    }

    private void schedule(TaskName task) {
        if (!pending.add(task)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    GuardrailDecision d = guardrail.check(task);
                    LOG.debug("Automatic guardrail check of {}: {}", task, d.action());
                    observer.guardrailDecided(task, d.action().name().toLowerCase(Locale.ROOT));
                } catch (RuntimeException e) {
                    LOG.warn("Automatic guardrail check of {} failed", task, e);
                } finally {
                    pending.remove(task);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(task);
            LOG.debug("Automatic guardrail check of {} skipped: closing", task);
        }
    }

    @Override
    public Stream<ProductionRecord> read(YearMonth month) {
        return log.read(month);
    }

    @Override
    public Page readAfter(YearMonth month, String position, int limit) {
        return log.readAfter(month, position, limit);
    }

    @Override
    public List<YearMonth> months() {
        return log.months();
    }

    @Override
    public Optional<MonthAggregator> aggregator() {
        return log.aggregator();
    }

    /** Stops the background thread, giving a running check a few seconds; the wrapped store stays open. */
    @Override
    public void close() {
        if (owned == null || owned.isShutdown()) {
            return;
        }
        owned.shutdown();
        try {
            if (!owned.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("A guardrail check was still running at close; it is abandoned");
                owned.shutdownNow();
            }
        } catch (InterruptedException e) {
            owned.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
