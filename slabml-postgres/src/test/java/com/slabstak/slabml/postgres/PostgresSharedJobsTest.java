/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobListener;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.core.Sleeper;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.Faults;
import com.slabstak.slabml.simulator.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of a service on one PostgreSQL schema and one provider: one job, one poller. */
class PostgresSharedJobsTest {
    private static final InferenceBackend UNUSED = request -> {
        throw new UnsupportedOperationException("no inference in these tests");
    };

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<Retrieve> retrieves = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });
    private String schema;
    private SimulatedFineTuningBackend provider;
    private String trainingFile;
    private volatile long createMillis;

    /** One retrieve of a job: the calling thread and the instances' clock then. */
    private record Retrieve(String thread, Instant at) {
    }

    @BeforeEach
    void setUp() throws Exception {
        schema = PostgresTesting.freshSchema();
        provider = SimulatedFineTuningBackend.builder().clock(ManualClock.create()).validatingDuration(Duration.ofMinutes(1))
            .queueDuration(Duration.ofMinutes(1)).epochDuration(Duration.ofMinutes(1)).modelSettle(Duration.ZERO)
            .advancePerObservation(Duration.ofSeconds(20)).build();
        Path file = Files.write(dir.resolve("train.jsonl"), IntStream.range(0, 12).mapToObj(i ->
            "{\"messages\":[{\"role\":\"user\",\"content\":\"q" + i + "\"},{\"role\":\"assistant\",\"content\":\"a"
                + i + "\"}]}").toList());
        trainingFile = provider.uploadFile(file).id();
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        Collections.reverse(opened);
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    /** An instance of the service: its own stores on the shared schema, the shared provider. */
    private SlabMl instance(Clock clock, Sleeper sleeper) {
        Stores stores = new PostgresStoreProvider().create(ProviderContext.of(
            PostgresTesting.config(schema, Map.of()), dir, clock));
        opened.add(stores);
        SlabMl ml = SlabMl.builder().ignoreEnvironment().dataDirectory(dir).clock(clock).sleeper(sleeper)
            .stores(stores).fineTuningBackend(counted(clock)).inferenceBackend(UNUSED).build();
        opened.add(ml);
        return ml;
    }

    /** The shared provider, with each retrieve of a job recorded. */
    private FineTuningBackend counted(Clock clock) {
        return (FineTuningBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {FineTuningBackend.class}, (proxy, method, args) -> {
                if (method.getName().equals("createJob")) {
                    Thread.sleep(createMillis);
                }
                if (method.getName().equals("retrieveJob")) {
                    retrieves.add(new Retrieve(Thread.currentThread().getName(), clock.instant()));
                }
                try {
                    return method.invoke(provider, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    private JobRequest request(String key) {
        return JobRequest.builder().trainingFileId(trainingFile).model("gpt-4o-mini-2024-07-18").suffix("cards")
            .idempotencyKey(key).build();
    }

    @Test
    void createJob_twoInstancesSameKeyAtOnce_oneProviderJob() throws Exception {
        // given: each create takes 300 ms at the provider, so the two overlap
        createMillis = 300;
        SlabMl a = instance(Clock.systemUTC(), Sleeper.system());
        SlabMl b = instance(Clock.systemUTC(), Sleeper.system());
        CountDownLatch start = new CountDownLatch(1);

        // when
        Future<FineTuningJob> fromA = threads.submit(() -> {
            start.await();
            return a.fineTuning().createJob(request("nightly-1"));
        });
        Future<FineTuningJob> fromB = threads.submit(() -> {
            start.await();
            return b.fineTuning().createJob(request("nightly-1"));
        });
        start.countDown();

        // then
        assertThat(fromA.get(60, TimeUnit.SECONDS).id()).isEqualTo(fromB.get(60, TimeUnit.SECONDS).id());
        assertThat(provider.calls(Faults.Operation.CREATE_JOB)).hasSize(1);
    }

    @Test
    void waitForCompletion_twoInstances_onlyTheLeaseHolderPollsAndBothSeeTheEnd() throws Exception {
        // given
        SlabMl a = instance(Clock.systemUTC(), Sleeper.system());
        SlabMl b = instance(Clock.systemUTC(), Sleeper.system());
        String jobId = a.fineTuning().createJob(request("k-wait")).id();
        WaitOptions.Builder options = WaitOptions.builder().pollInterval(Duration.ofMillis(20))
            .maxPollInterval(Duration.ofMillis(40)).timeout(Duration.ofSeconds(60));
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
        assertThat(waitA.get(60, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(waitB.get(60, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(retrieves).isNotEmpty();
        assertThat(retrieves.stream().map(Retrieve::thread).collect(Collectors.toSet()))
            .as("threads that called the provider's retrieve").hasSize(1);
        assertThat(seenByA).endsWith(JobStatus.SUCCEEDED);
        assertThat(seenByB).endsWith(JobStatus.SUCCEEDED);
        assertThat(waitB.get().fineTunedModel()).isEqualTo(waitA.get().fineTunedModel()).isPresent();
    }

    @Test
    void waitForCompletion_holderStopsRenewing_theOtherTakesOverWhenTheLeaseExpires() throws Exception {
        // given: A polls once and then hangs in its sleep (as if dead); B's sleeps move the clock
        ManualClock clock = ManualClock.create();
        CountDownLatch aAsleep = new CountDownLatch(1);
        CountDownLatch wakeA = new CountDownLatch(1);
        SlabMl a = instance(clock, d -> {
            aAsleep.countDown();
            wakeA.await();
        });
        SlabMl b = instance(clock, clock::advance);
        String jobId = a.fineTuning().createJob(request("k-takeover")).id();
        WaitOptions.Builder options = WaitOptions.builder().pollInterval(Duration.ofSeconds(5))
            .maxPollInterval(Duration.ofSeconds(5)).timeout(Duration.ofHours(1));
        Future<FineTuningJob> waitA = threads.submit(() -> a.fineTuning().waitForCompletion(jobId, options.build()));
        assertThat(aAsleep.await(60, TimeUnit.SECONDS)).isTrue();
        Instant aPolled = clock.instant();

        // when
        FineTuningJob done = b.fineTuning().waitForCompletion(jobId, options.build());

        // then: A polled once; B read the store until A's lease lapsed (30 s), then polled itself
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        List<Retrieve> calls = List.copyOf(retrieves);
        assertThat(calls.size()).isGreaterThan(1);
        String threadOfA = calls.get(0).thread();
        assertThat(calls.subList(1, calls.size())).allSatisfy(r -> {
            assertThat(r.thread()).isNotEqualTo(threadOfA);
            assertThat(r.at()).isAfterOrEqualTo(aPolled.plusSeconds(30));
        });
        wakeA.countDown();
        assertThat(waitA.get(60, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(retrieves).as("A, woken, reads the end from the store").hasSize(calls.size());
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
