/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.openai.OpenAiInferenceBackendProvider;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Task;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the model manager adds to one card identification compared with calling the inference
 * backend directly with the same request. {@code direct} sends the chat request the manager would
 * send; {@code managed} runs {@code SlabMl.models().predict} (input validation, prompt
 * rendering, registry read over the file store, sticky selection, circuit breaker, the call,
 * parsing, metadata). Two backends:
 * <ul>
 * <li>{@code fake-server}: the OpenAI provider over loopback HTTP to the testkit's fake OpenAI server;</li>
 * <li>{@code in-process}: a backend that answers instantly, which isolates the manager's own cost.</li>
 * </ul>
 * The deployment has a fine-tuned candidate at 50% and requests carry a rotating subject, so both
 * arms are served. The forked JVM sets {@code sun.net.httpserver.nodelay=true}: without it the JDK
 * HTTP server behind the fake server leaves small responses to Nagle's algorithm, and delayed ACKs
 * add tens of milliseconds to both sides of the comparison.
 *
 * {@code java -jar examples/benchmarks/target/benchmarks.jar ModelManagerOverheadBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dsun.net.httpserver.nodelay=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ModelManagerOverheadBenchmark {
    private static final String BASE_MODEL = "gpt-4o-mini-2024-07-18";
    static final String ANSWER = "{\"player\":\"Michael Jordan\",\"year\":\"1986-87\",\"brand\":\"Fleer\","
        + "\"card_number\":\"57\",\"grade\":\"9.5\",\"grading_company\":\"BGS\"}";
    static final Map<String, Object> INPUT = Map.of("ocr_text", "MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5");

    @Param({"fake-server", "in-process"})
    public String backend;

    private Path dataDirectory;
    private SimulatedOpenAiServer server;
    private InferenceBackend inference;
    private SlabMl slabMl;
    private ChatRequest request;
    private final AtomicLong subjects = new AtomicLong();

    /** A backend that answers every request at once with a fixed card. */
    static InferenceBackend instantBackend() {
        return r -> ChatResponse.builder().text(ANSWER).model(r.model()).usage(new TokenUsage(180, 40)).build();
    }

    /** A fine-tuning backend for a server that is only asked for chat completions. */
    static FineTuningBackend noFineTuning() {
        return Workload.noFineTuning();
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dataDirectory = Files.createTempDirectory("slabml-bench");
        if (backend.equals("fake-server")) {
            server = new SimulatedOpenAiServer(noFineTuning(), instantBackend()).start();
            SlabMlConfig openAi = SlabMlConfig.of(Map.of(
                "slabml.openai.api_key", "sk-benchmark",
                "slabml.openai.base_url", server.baseUrl(),
                "slabml.openai.max_retries", "0"));
            inference = new OpenAiInferenceBackendProvider().create(ProviderContext.of(openAi, dataDirectory, Clock.systemUTC()));
        } else {
            inference = instantBackend();
        }
        slabMl = SlabMl.builder().dataDirectory(dataDirectory).putConfig("slabml.fine_tuning.base_model", BASE_MODEL)
            .putConfig("slabml.store.provider", "file").fineTuningBackend(noFineTuning()).inferenceBackend(inference)
            .modelCatalog(com.slabstak.slabml.simulator.SimulatedModelCatalog.create())
            .build();
        slabMl.registry().startRollout(TaskName.CARD_IDENTIFICATION, "ft:gpt-4o-mini-2024-07-18:slabstak:card-id:bench", 50,
            "benchmark");
        Task task = slabMl.task(TaskName.CARD_IDENTIFICATION);
        ChatRequest.Builder b = ChatRequest.builder().model(BASE_MODEL)
            .messages(task.prompt(INPUT)).temperature(0.0);
        if (inference.supportsResponseSchema()) {
            task.responseSchema().ifPresent(b::responseSchema);
        }
        request = b.build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        slabMl.close();
        inference.close();
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The inference backend called directly with the request the manager would send. */
    @Benchmark
    public ChatResponse direct() {
        return inference.complete(request);
    }

    /** The same call through the model manager. */
    @Benchmark
    public Prediction<Map<String, Object>> managed() {
        String subject = "user-" + (subjects.incrementAndGet() % 1000);
        return slabMl.models().predict(TaskName.CARD_IDENTIFICATION, INPUT, RequestContext.forSubject(subject));
    }
}
