/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit;

import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.Faults;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.JobRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestkitAssertionsTest {
    @TempDir
    Path dir;

    @Test
    void inferenceAssert_matchingRequests_passesAndMismatchFailsWithMessage() {
        // given
        SimulatedInferenceBackend ai = SimulatedInferenceBackend.builder().build();
        ai.reply("{}");
        ai.complete(ChatRequest.builder().model("m").addMessage(ChatMessage.user("1986-87 FLEER")).build());
        // then
        TestkitAssertions.assertThat(ai).hasReceivedRequests(1).hasReceivedRequestsFor("m", 1).lastPromptContains("FLEER");
        assertThatThrownBy(() -> TestkitAssertions.assertThat(ai).hasReceivedRequestsFor("other", 1))
            .isInstanceOf(AssertionError.class).hasMessageContaining("models asked: [m]");
        assertThatThrownBy(() -> TestkitAssertions.assertThat(ai).lastPromptContains("TOPPS"))
            .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> TestkitAssertions.assertThat(SimulatedInferenceBackend.builder().build())
            .lastPromptContains("x")).isInstanceOf(AssertionError.class).hasMessageContaining("no request");
    }

    @Test
    void fineTuningAssert_recordedCalls_areChecked() throws Exception {
        SimulatedFineTuningBackend ft = SimulatedFineTuningBackend.builder().clock(ManualClock.create()).build();
        String fileId = ft.uploadFile(trainingFile(12)).id();
        ft.createJob(JobRequest.builder().trainingFileId(fileId).model("gpt-4o-mini-2024-07-18").suffix("x").build());
        TestkitAssertions.assertThat(ft).hasCreatedJobs(1).hasCalled(Faults.Operation.UPLOAD_FILE, 1)
            .lastCreateRequestSatisfies(r -> org.assertj.core.api.Assertions.assertThat(r.suffix()).hasValue("x"));
        assertThatThrownBy(() -> TestkitAssertions.assertThat(ft).hasCalled(Faults.Operation.CANCEL_JOB, 1))
            .isInstanceOf(AssertionError.class).hasMessageContaining("CANCEL_JOB");
    }

    private Path trainingFile(int examples) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < examples; i++) {
            sb.append("{\"messages\":[{\"role\":\"user\",\"content\":\"card ").append(i)
                .append("\"},{\"role\":\"assistant\",\"content\":\"{}\"}]}\n");
        }
        return java.nio.file.Files.writeString(dir.resolve("t.jsonl"), sb.toString());
    }
}
