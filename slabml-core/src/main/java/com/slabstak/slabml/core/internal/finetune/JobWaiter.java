/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobListener;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.SlabMlException;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.WaitTimeoutException;
import com.slabstak.slabml.core.Sleeper;
import com.slabstak.slabml.spi.FineTuningBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a job: polls with back-off (the poll interval doubles up to the maximum), reports each
 * status change and each new event, oldest first, to the listener, and stops at a terminal status
 * or the timeout. After {@code succeeded} it also waits (briefly) until the new model is served.
 *
 * <p>A job this installation tracks is waited for under the lease {@code job-wait/<job id>}: the
 * instance that holds it polls the provider and writes each new status to the job store (the
 * terminal one once the model is served); the others read the job store at the same pace and
 * report its statuses (not the provider's events, which only the holder reads). Whoever finds the
 * lease free takes it, so when the holder stops, or dies and its lease lapses, another waiter
 * polls the provider from then on. A job nobody here tracks is polled by each waiter.
 */
final class JobWaiter {
    private static final Logger LOG = LoggerFactory.getLogger(JobWaiter.class);

    /** Events read per poll at most, so a first poll of a long job stays bounded. */
    static final int MAX_EVENTS_PER_POLL = 1000;
    /** How long a wait keeps polling a succeeded job's model until it is served. */
    static final Duration MODEL_READY_WAIT = Duration.ofMinutes(15);

    private final FineTuningBackend backend;
    private final JobTracker tracker;
    private final JobLeases leases;
    private final Clock clock;
    private final Sleeper sleeper;

    JobWaiter(FineTuningBackend backend, JobTracker tracker, JobLeases leases, Clock clock, Sleeper sleeper) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    FineTuningJob await(String jobId, WaitOptions options) {
        Objects.requireNonNull(options, "options");
        Duration interval = positive(options.pollInterval());
        Duration max = options.maxPollInterval().compareTo(interval) < 0 ? interval : options.maxPollInterval();
        boolean leased = leases.shared() && tracker.store().findByJobId(jobId).isPresent();
        Poll poll = new Poll(jobId, options.listener(), clock.instant().plus(options.timeout()), leased,
            JobLeases.waitLease(jobId), leases.newOwner(), JobLeases.waitTtl(max));
        try {
            while (true) {
                FineTuningJob job = poll.next(interval, max);
                if (job.isTerminal()) {
                    return job;
                }
                Instant now = clock.instant();
                if (!now.isBefore(poll.deadline)) {
                    throw new WaitTimeoutException("job " + jobId + " is still " + job.status() + " after "
                        + options.timeout() + "; wait again to resume", job);
                }
                Duration left = Duration.between(now, poll.deadline);
                sleep(left.compareTo(interval) < 0 ? left : interval, "job " + jobId);
                Duration doubled = interval.multipliedBy(2);
                interval = doubled.compareTo(max) > 0 ? max : doubled;
            }
        } finally {
            if (leased) {
                leases.release(poll.lease, poll.owner);
            }
        }
    }

    /** The state of one wait. */
    private final class Poll {
        final String jobId;
        final JobListener listener;
        final Instant deadline;
        final boolean leased;
        final String lease;
        final String owner;
        final Duration ttl;
        final Set<String> seen = new HashSet<>();
        JobStatus lastStatus;
        boolean holding;
        int rounds;

        Poll(String jobId, JobListener listener, Instant deadline, boolean leased, String lease, String owner,
             Duration ttl) {
            this.jobId = jobId;
            this.listener = listener;
            this.deadline = deadline;
            this.leased = leased;
            this.lease = lease;
            this.owner = owner;
            this.ttl = ttl;
        }

        /**
         * One round: the job store's status when it shows the end (from the second round on: the
         * first asks the provider, so a job that ended long ago is returned whole); else, as the holder of the lease
         * (taken or renewed now), one poll of the provider; else the job store's status.
         */
        FineTuningJob next(Duration interval, Duration max) {
            if (!leased) {
                return provider(interval, max);
            }
            FineTuningJob stored = stored();
            boolean first = rounds++ == 0;
            if (!stored.isTerminal() || first) {
                boolean held = leases.tryAcquire(lease, owner, ttl);
                if (held && !holding && !first) {
                    // The last holder may have written the end and let go since the read above.
                    stored = stored();
                    held = !stored.isTerminal();
                }
                if (held && !holding) {
                    LOG.info("polling job {} for the instances waiting for it", jobId);
                }
                holding = held;
                if (held) {
                    return provider(interval, max);
                }
            }
            if (!stored.status().equals(lastStatus)) {
                lastStatus = stored.status();
                listener.onStatus(stored);
            }
            return stored;
        }

        /** One poll of the provider. */
        private FineTuningJob provider(Duration interval, Duration max) {
            FineTuningJob job = backend.retrieveJob(jobId);
            boolean statusChanged = !job.status().equals(lastStatus);
            lastStatus = job.status();
            if (statusChanged && !job.isTerminal()) {
                tracker.update(job);
                listener.onStatus(job);
            }
            for (JobEvent event : newEvents(jobId, seen)) {
                listener.onEvent(job, event);
            }
            if (statusChanged && job.isTerminal()) {
                // The events that led to the end (last metrics, "job completed") come before it.
                listener.onStatus(job);
            }
            if (job.isTerminal()) {
                if (job.status().equals(JobStatus.SUCCEEDED) && job.fineTunedModel().isPresent()) {
                    awaitModel(this, job, interval, max);
                }
                // Written last: the other waiters return when they read it, with the model served.
                tracker.update(job);
            }
            return job;
        }

        /** What the job store says, as written by whichever instance polled last. */
        private FineTuningJob stored() {
            Optional<TrackedJob> t = tracker.store().findByJobId(jobId);
            if (t.isEmpty()) {
                throw new SlabMlException("job " + jobId + " is no longer in the job store");
            }
            return JobTracker.fromRecord(t.get());
        }

        void renew() {
            if (leased) {
                leases.tryAcquire(lease, owner, ttl);
            }
        }
    }

    /**
     * Right after a job succeeds its model may still be loading ("not found"). Polls the model,
     * within the wait's timeout and until {@link #MODEL_READY_WAIT} after the job finished; a model
     * still missing then is logged, not thrown, because the job itself succeeded. A job that
     * finished longer ago than that is not waited for at all: its model was served and has since
     * been deleted.
     */
    private void awaitModel(Poll poll, FineTuningJob job, Duration interval, Duration max) {
        String model = job.fineTunedModel().get();
        Instant until = job.finishedAt().orElse(clock.instant()).plus(MODEL_READY_WAIT);
        if (poll.deadline.isBefore(until)) {
            until = poll.deadline;
        }
        Duration next = interval;
        while (true) {
            try {
                backend.retrieveModel(model);
                return;
            } catch (NotFoundException e) {
                Instant now = clock.instant();
                if (!now.isBefore(until)) {
                    LOG.warn("job {} succeeded but model {} is not served {} after the job finished; "
                        + "it may have been deleted", job.id(), model, MODEL_READY_WAIT);
                    return;
                }
                Duration left = Duration.between(now, until);
                sleep(left.compareTo(next) < 0 ? left : next, "model " + model);
                poll.renew();
                Duration doubled = next.multipliedBy(2);
                next = doubled.compareTo(max) > 0 ? max : doubled;
            } catch (UnsupportedOperationException e) {
                return;
            }
        }
    }

    private void sleep(Duration d, String what) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlabMlException("interrupted while waiting for " + what, e);
        }
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }

    /**
     * Reads the events not seen yet: pages newest first from the start until a known event or the
     * end, then returns them oldest first.
     */
    private List<JobEvent> newEvents(String jobId, Set<String> seen) {
        List<JobEvent> fresh = new ArrayList<>();
        String after = null;
        pages:
        while (fresh.size() < MAX_EVENTS_PER_POLL) {
            List<JobEvent> page = backend.listEvents(jobId, JobInputs.MAX_LIMIT, after);
            for (JobEvent e : page) {
                if (seen.contains(e.id())) {
                    break pages;
                }
                fresh.add(e);
            }
            if (page.size() < JobInputs.MAX_LIMIT) {
                break;
            }
            after = page.get(page.size() - 1).id();
        }
        Collections.reverse(fresh);
        List<JobEvent> result = new ArrayList<>();
        for (JobEvent e : fresh) {
            if (seen.add(e.id())) {
                result.add(e);
            }
        }
        return result;
    }
}
