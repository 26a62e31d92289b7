/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir
    Path dir;

    private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<T>> tasks = new ArrayList<>();
            for (int i = 0; i < threads * 5; i++) {
                tasks.add(task);
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
    }

    @Test
    void createJob_fromSeveralThreads_everyJobDistinctAndListed() throws Exception {
        // given
        SimulatedBackends sim = SimulatedBackends.create(ManualClock.create());
        String fileId = sim.fineTuning().uploadFile(SimulatedFineTuningBackendTest.trainingFile(dir, "t.jsonl", 12)).id();
        // when
        List<FineTuningJob> jobs = runConcurrently(4, () -> sim.fineTuning().createJob(
            JobRequest.builder().trainingFileId(fileId).model("gpt-4o-mini-2024-07-18").build()));
        // then
        assertThat(jobs.stream().map(FineTuningJob::id).distinct()).hasSize(20);
        assertThat(sim.fineTuning().listJobs(100, null)).hasSize(20);
        assertThat(sim.fineTuning().createRequests()).hasSize(20);
    }

    @Test
    void complete_fromSeveralThreads_everyRequestRecordedAndAnswered() throws Exception {
        SimulatedBackends sim = SimulatedBackends.create(ManualClock.create());
        List<String> answers = runConcurrently(4, () -> sim.inference().complete(ChatRequest.builder()
            .model("gpt-4o-mini-2024-07-18").messages(SimulatedLearnerTest.cardPrompt("1993 SP #279\nDEREK JETER\nPSA 10"))
            .build()).text());
        assertThat(answers).hasSize(20).allSatisfy(a -> assertThat(a).contains("Derek Jeter"));
        assertThat(sim.inference().requests()).hasSize(20);
    }
}
