/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobListener;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.core.Sleeper;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.core.testing.MutableClock;
import com.slabstak.slabml.core.testing.TestCatalog;
import com.slabstak.slabml.spi.InferenceBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of a service on one file data directory and one provider: one job, one poller. */
class SharedJobsTest {
    private static final InferenceBackend UNUSED = request -> {
        throw new UnsupportedOperationException("no inference in these tests");
    };

    @TempDir
    Path dir;

    private final List<SlabMl> instances = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void close() {
        threads.shutdownNow();
        instances.forEach(SlabMl::close);
    }

    private SlabMl instance(SharedBackend backend, Clock clock, Sleeper sleeper) {
        SlabMl ml = SlabMl.builder().ignoreEnvironment().dataDirectory(dir).clock(clock).sleeper(sleeper)
            .modelCatalog(TestCatalog.create()).fineTuningBackend(backend).inferenceBackend(UNUSED).build();
        instances.add(ml);
        return ml;
    }

    private static JobRequest request(String key) {
        return JobRequest.builder().trainingFileId("file-1").model(TestCatalog.MINI).suffix("card-id")
            .task(TaskName.CARD_IDENTIFICATION).idempotencyKey(key).build();
    }

    @Test
    void createJob_twoInstancesSameKeyAtOnce_oneProviderJob() throws Exception {
        // given: a create takes 300 ms at the provider, so the two overlap
        SharedBackend backend = new SharedBackend(Clock.systemUTC(), 300);
        SlabMl a = instance(backend, Clock.systemUTC(), Sleeper.system());
        SlabMl b = instance(backend, Clock.systemUTC(), Sleeper.system());
        CountDownLatch start = new CountDownLatch(1);

        // when
        Future<FineTuningJob> fromA = threads.submit(() -> {
            start.await();
            return a.fineTuning().createJob(request("nightly-2026-03-01"));
        });
        Future<FineTuningJob> fromB = threads.submit(() -> {
            start.await();
            return b.fineTuning().createJob(request("nightly-2026-03-01"));
        });
        start.countDown();

        // then
        assertThat(fromA.get(30, TimeUnit.SECONDS).id()).isEqualTo(fromB.get(30, TimeUnit.SECONDS).id());
        assertThat(backend.creates()).isEqualTo(1);
        assertThat(backend.inner.createdJobs()).isEqualTo(1);
    }

    @Test
    void waitForCompletion_twoInstances_onlyTheLeaseHolderPollsAndBothSeeTheEnd() throws Exception {
        // given
        SharedBackend backend = new SharedBackend(Clock.systemUTC(), 0);
        List<JobStatus> script = new ArrayList<>(List.of(JobStatus.QUEUED));
        script.addAll(Collections.nCopies(8, JobStatus.RUNNING));
        script.add(JobStatus.SUCCEEDED);
        backend.inner.script(script, Collections.nCopies(10, 1));
        SlabMl a = instance(backend, Clock.systemUTC(), Sleeper.system());
        SlabMl b = instance(backend, Clock.systemUTC(), Sleeper.system());
        String jobId = a.fineTuning().createJob(request("k-wait")).id();
        WaitOptions.Builder options = WaitOptions.builder().pollInterval(Duration.ofMillis(20))
            .maxPollInterval(Duration.ofMillis(40)).timeout(Duration.ofSeconds(30));
        List<JobStatus> seenByA = Collections.synchronizedList(new ArrayList<>());
        List<JobStatus> seenByB = Collections.synchronizedList(new ArrayList<>());
        // Built here, not in the threads: the builder is one object, and each wait needs its own listener.
        WaitOptions forA = options.listener(statuses(seenByA)).build();
        WaitOptions forB = options.listener(statuses(seenByB)).build();
        CountDownLatch start = new CountDownLatch(1);

        // when
        Future<FineTuningJob> waitA = threads.submit(() -> {
            start.await();
            return a.fineTuning().waitForCompletion(jobId, forA);
        });
        Future<FineTuningJob> waitB = threads.submit(() -> {
            start.await();
            return b.fineTuning().waitForCompletion(jobId, forB);
        });
        start.countDown();

        // then
        assertThat(waitA.get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(waitB.get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(backend.retrieves().stream().map(SharedBackend.Retrieve::thread).collect(Collectors.toSet()))
            .as("threads that called the provider's retrieve").hasSize(1);
        assertThat(backend.retrieves()).hasSize(10);
        assertThat(seenByA).endsWith(JobStatus.SUCCEEDED);
        assertThat(seenByB).endsWith(JobStatus.SUCCEEDED);
        assertThat(waitB.get().fineTunedModel()).isEqualTo(waitA.get().fineTunedModel()).isPresent();
    }

    @Test
    void waitForCompletion_holderStopsRenewing_theOtherTakesOverWhenTheLeaseExpires() throws Exception {
        // given: A polls once and then hangs in its sleep (as if dead); B's sleeps move the clock
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        SharedBackend backend = new SharedBackend(clock, 0);
        backend.inner.script(List.of(JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.SUCCEEDED), List.of(0, 0, 0));
        CountDownLatch aAsleep = new CountDownLatch(1);
        CountDownLatch wakeA = new CountDownLatch(1);
        SlabMl a = instance(backend, clock, d -> {
            aAsleep.countDown();
            wakeA.await();
        });
        SlabMl b = instance(backend, clock, clock::advance);
        String jobId = a.fineTuning().createJob(request("k-takeover")).id();
        WaitOptions.Builder options = WaitOptions.builder().pollInterval(Duration.ofSeconds(5))
            .maxPollInterval(Duration.ofSeconds(5)).timeout(Duration.ofHours(1));
        Future<FineTuningJob> waitA = threads.submit(() -> a.fineTuning().waitForCompletion(jobId, options.build()));
        assertThat(aAsleep.await(30, TimeUnit.SECONDS)).isTrue();
        Instant aPolled = clock.instant();
        List<JobStatus> seenByB = Collections.synchronizedList(new ArrayList<>());

        // when
        FineTuningJob done = b.fineTuning().waitForCompletion(jobId, options.listener(statuses(seenByB)).build());

        // then: B read the store (RUNNING, written by A) until A's lease lapsed, then polled itself
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        List<SharedBackend.Retrieve> calls = backend.retrieves();
        assertThat(calls).hasSize(3);
        String threadOfA = calls.get(0).thread();
        assertThat(calls.subList(1, 3)).allSatisfy(r -> {
            assertThat(r.thread()).isNotEqualTo(threadOfA);
            assertThat(r.at()).isAfterOrEqualTo(aPolled.plus(JobLeases.MIN_WAIT_TTL));
        });
        assertThat(seenByB).containsExactly(JobStatus.RUNNING, JobStatus.SUCCEEDED);
        wakeA.countDown();
        assertThat(waitA.get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(backend.retrieves()).as("A, woken, reads the end from the store").hasSize(3);
    }

    private static JobListener statuses(List<JobStatus> into) {
        return new JobListener() {
            @Override
            public void onStatus(FineTuningJob job) {
                into.add(job.status());
            }
        };
    }
}
