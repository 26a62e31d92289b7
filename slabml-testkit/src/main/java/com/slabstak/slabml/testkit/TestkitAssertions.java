/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit;

import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.simulator.Faults.Operation;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ entry points for the simulated backends: what they were asked.
 *
 * {@code
 * import static com.slabstak.slabml.testkit.TestkitAssertions.assertThat;
 * assertThat(inference).hasReceivedRequestsFor("gpt-4o-mini-2024-07-18", 1).lastPromptContains("FLEER");
 * assertThat(fineTuning).hasCreatedJobs(1).hasCalled(Faults.Operation.UPLOAD_FILE, 1);
 * }
 */
public final class TestkitAssertions {
    private TestkitAssertions() {
    }

    /** Starts assertions on a simulated inference backend. */
    public static InferenceBackendAssert assertThat(SimulatedInferenceBackend actual) {
        return new InferenceBackendAssert(actual);
    }

    /** Starts assertions on a simulated fine-tuning backend. */
    public static FineTuningBackendAssert assertThat(SimulatedFineTuningBackend actual) {
        return new FineTuningBackendAssert(actual);
    }

    /** Assertions on a {@link SimulatedInferenceBackend}'s recorded requests. */
    public static final class InferenceBackendAssert extends AbstractAssert<InferenceBackendAssert, SimulatedInferenceBackend> {
        InferenceBackendAssert(SimulatedInferenceBackend actual) {
            super(actual, InferenceBackendAssert.class);
        }

        /** Checks the number of requests received. */
        public InferenceBackendAssert hasReceivedRequests(int expected) {
            isNotNull();
            int n = actual.requests().size();
            if (n != expected) {
                failWithMessage("Expected %s request(s) but the backend received %s", expected, n);
            }
            return this;
        }

        /** Checks the number of requests received for one model. */
        public InferenceBackendAssert hasReceivedRequestsFor(String model, int expected) {
            isNotNull();
            int n = actual.requests(model).size();
            if (n != expected) {
                failWithMessage("Expected %s request(s) for model %s but the backend received %s (models asked: %s)",
                    expected, model, n, actual.requests().stream().map(ChatRequest::model).distinct().toList());
            }
            return this;
        }

        /** Checks that no request was received. */
        public InferenceBackendAssert hasNoRequests() {
            return hasReceivedRequests(0);
        }

        /** Checks that some message of the last request contains {@code text}. */
        public InferenceBackendAssert lastPromptContains(String text) {
            isNotNull();
            List<ChatRequest> requests = actual.requests();
            if (requests.isEmpty()) {
                failWithMessage("Expected a request whose prompt contains <%s> but there was no request", text);
            }
            for (ChatMessage m : requests.get(requests.size() - 1).messages()) {
                if (m.content().contains(text)) {
                    return this;
                }
            }
            failWithMessage("Expected the last prompt to contain <%s> but it was %s", text,
                requests.get(requests.size() - 1).messages());
            return this;
        }
    }

    /** Assertions on a {@link SimulatedFineTuningBackend}'s recorded calls. */
    public static final class FineTuningBackendAssert extends AbstractAssert<FineTuningBackendAssert, SimulatedFineTuningBackend> {
        FineTuningBackendAssert(SimulatedFineTuningBackend actual) {
            super(actual, FineTuningBackendAssert.class);
        }

        /** Checks the number of job create requests received (refused ones included). */
        public FineTuningBackendAssert hasCreatedJobs(int expected) {
            isNotNull();
            int n = actual.createRequests().size();
            if (n != expected) {
                failWithMessage("Expected %s job create request(s) but the backend received %s", expected, n);
            }
            return this;
        }

        /** Checks how often an operation was called. */
        public FineTuningBackendAssert hasCalled(Operation operation, int expected) {
            isNotNull();
            int n = actual.calls(operation).size();
            if (n != expected) {
                failWithMessage("Expected %s %s call(s) but the backend received %s", expected, operation, n);
            }
            return this;
        }

        /** Checks the last job create request. */
        public FineTuningBackendAssert lastCreateRequestSatisfies(Consumer<JobRequest> requirements) {
            isNotNull();
            List<JobRequest> requests = actual.createRequests();
            if (requests.isEmpty()) {
                failWithMessage("Expected a job create request but there was none");
            }
            requirements.accept(requests.get(requests.size() - 1));
            return this;
        }
    }
}
