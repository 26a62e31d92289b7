/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call of a model through the inference backend: the request (prompt, temperature, the task's
 * response schema when the backend supports one) and, with a timeout, a deadline enforced here
 * whatever the backend does (the call runs on a thread of its own and is interrupted at the
 * deadline). Thread-safe; closing stops the idle deadline threads.
 */
final class InferenceCalls implements AutoCloseable {
    private final InferenceBackend inference;
    private final double temperature;
    /** Runs calls that have a deadline; a thread per call in flight, kept 30 s when idle. */
    private final ThreadPoolExecutor deadlineCalls = deadlineCalls();

    InferenceCalls(InferenceBackend inference, double temperature) {
        this.inference = inference;
        this.temperature = temperature;
    }

    Call call(Task task, String model, List<ChatMessage> prompt, Duration timeout) {
        ChatRequest.Builder b = ChatRequest.builder().model(model).messages(prompt).temperature(temperature);
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (inference.supportsResponseSchema()) {
            task.responseSchema().ifPresent(b::responseSchema);
        }
        ChatRequest request = b.build();
        ChatResponse response = timeout == null ? inference.complete(request) : completeWithin(request, timeout);
        if (response == null) {
            throw new InvalidAnswerException("the inference backend returned no response for model " + model);
        }
        return new Call(response);
    }

    /** Calls the backend on a thread of its own and gives up at the deadline, whatever the backend does. */
    private ChatResponse completeWithin(ChatRequest request, Duration timeout) {
        Future<ChatResponse> f;
        try {
            f = deadlineCalls.submit(() -> inference.complete(request));
        } catch (RejectedExecutionException closed) {
            return inference.complete(request);
        }
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ProviderTimeoutException("model " + request.model() + " did not answer within " + timeout
                + " (slabml.inference.timeout)", e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProviderTimeoutException("interrupted while waiting for model " + request.model(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new ProviderUnavailableException("model " + request.model() + " failed: " + cause, 0, cause);
        }
    }

    private static ThreadPoolExecutor deadlineCalls() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "slabml-inference-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        return pool;
    }

    @Override
    public void close() {
        deadlineCalls.shutdown();
    }

    /** One answered call, parsed on demand so a parse failure still reports the tokens spent. */
    static final class Call {
        final ChatResponse response;

        Call(ChatResponse response) {
            this.response = response;
        }

        /** The answer parsed by the task, then adjusted by it for serving ({@link Task#postProcess}). */
        Map<String, Object> output(Task task, Map<String, Object> input) {
            Map<String, Object> out = task.parse(response.text());
            if (out == null) {
                throw new InvalidAnswerException("the task parsed the answer to nothing");
            }
            out = task.postProcess(input, out);
            if (out == null) {
                throw new InvalidAnswerException("the task post-processed the answer to nothing");
            }
            return out;
        }
    }
}
