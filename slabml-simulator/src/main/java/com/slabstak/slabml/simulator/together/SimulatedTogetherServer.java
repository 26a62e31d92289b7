/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.together;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.simulator.SimulatedBackends;
import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.http.LoopbackServer;
import com.slabstak.slabml.simulator.http.LoopbackServer.Answer;
import com.slabstak.slabml.simulator.openai.OpenAiChatFormat;
import com.slabstak.slabml.simulator.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated Together AI HTTP server on 127.0.0.1 (an ephemeral port) that speaks the REST shapes of
 * Together's API as together-py reads them: files ({@code POST /v1/files} answers {@code 302} with a
 * storage URL and {@code X-Together-File-Id}, the bytes are {@code PUT} there, then
 * {@code POST /v1/files/{id}/preprocess}), fine-tunes (create, list, retrieve, cancel, delete,
 * events, checkpoints), {@code GET /v1/models} (a bare array) and OpenAI-format
 * {@code POST /v1/chat/completions} for base and fine-tuned models. It is an HTTP front over the
 * SPI: jobs run on the {@link FineTuningBackend} it is given (usually the simulated learner's),
 * with Together's ids ({@code ft-...}), statuses ({@code pending}, {@code queued},
 * {@code running}, {@code completed}, {@code error}, {@code user_error}, {@code cancelled}) and
 * model names ({@code <user>/<base model>-<suffix>-<hash>}). Errors are answered with
 * {@code {"error":{"message","type","param","code"}}}.
 *
 * <p>HTTP-level fault injection ({@link #inject}) as in the simulated OpenAI server: error statuses,
 * delays and lost responses. Every request is recorded ({@link #requests()}). Thread-safe.
 *
 * <pre>{@code
 * SimulatedBackends sim = SimulatedBackends.create(clock, 42, SimulatedTogetherServer.BASE_MODELS);
 * try (SimulatedTogetherServer server = new SimulatedTogetherServer(sim).start().requireApiKey("tk-test")) {
 *     config.put("slabml.together.base_url", server.baseUrl());
 *     server.inject("POST", "/fine-tunes", 1, HttpFault.lostResponse());
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class SimulatedTogetherServer implements AutoCloseable {
    /** Base models Together fine-tunes that this server lists and trains (a few from Together's docs). */
    public static final List<String> BASE_MODELS = List.of(
        "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
        "meta-llama/Meta-Llama-3.1-70B-Instruct-Reference",
        "Qwen/Qwen2.5-7B-Instruct",
        "mistralai/Mistral-7B-Instruct-v0.2");
    /** The user fine-tuned model names start with. */
    public static final String USER = "slabml-sim";
    /** The simulation step of {@link #SimulatedTogetherServer()}: each fine-tuning call moves its time this far. */
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(2);
    /** The port {@link #main} binds unless told another: the command line's {@code dev-server} uses it too. */
    public static final int DEV_PORT = 8788;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB = Pattern.compile("/fine-tunes/([^/]+)(?:/(cancel|events|checkpoints))?");
    private static final Pattern FILE = Pattern.compile("/files/([^/]+)(/preprocess)?");
    private static final String STORAGE = "/storage/";

    private final FineTuningBackend fineTuning;
    private final InferenceBackend inference;
    private final Clock clock;
    private final List<String> baseModels;
    private final LoopbackServer http = new LoopbackServer("together", new Api());
    private final Map<String, PendingUpload> pendingUploads = new ConcurrentHashMap<>();
    private final Map<String, String> fileIds = new ConcurrentHashMap<>();
    private final Map<String, String> togetherFileIds = new ConcurrentHashMap<>();
    private final Map<String, UploadedFile> files = new ConcurrentHashMap<>();
    private final Map<String, JobExtras> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> tunedModels = new ConcurrentHashMap<>();
    private final Set<String> deletedJobs = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile String requiredApiKey;

    /**
     * A server over {@link SimulatedBackends#fastForward}: on the real clock, each fine-tuning call
     * moves simulated time {@link #DEFAULT_STEP} forward, so a job finishes in a handful of polls.
     */
    public SimulatedTogetherServer() {
        this(SimulatedBackends.fastForward(Clock.systemUTC(), 42, DEFAULT_STEP, BASE_MODELS));
    }

    /** A server over simulated backends that fine-tune {@link #BASE_MODELS}. */
    public SimulatedTogetherServer(SimulatedBackends backends) {
        this(Objects.requireNonNull(backends, "backends").fineTuning(), backends.inference(), Clock.systemUTC(),
            BASE_MODELS);
    }

    /**
     * A server over the given backends, listing {@code baseModels} (which {@code fineTuning} must
     * accept) and stamping chat completions with {@code clock}. Call {@link #start()}.
     */
    public SimulatedTogetherServer(FineTuningBackend fineTuning, InferenceBackend inference, Clock clock,
                              List<String> baseModels) {
        this.fineTuning = Objects.requireNonNull(fineTuning, "fineTuning");
        this.inference = Objects.requireNonNull(inference, "inference");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.baseModels = List.copyOf(baseModels);
    }

    /**
     * Binds 127.0.0.1 on an ephemeral port and starts answering.
     *
     * @return this server
     */
    public SimulatedTogetherServer start() {
        return start(0);
    }

    /**
     * Binds 127.0.0.1 on {@code port} (0 for an ephemeral one) and starts answering.
     *
     * @param port the port, or 0
     * @return this server
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public SimulatedTogetherServer start(int port) {
        http.start(port);
        return this;
    }

    /** @return the API's base URL, ending in {@code /v1} (for {@code slabml.together.base_url}) */
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    /** @return the server's root URL without a path */
    public String rootUrl() {
        return http.rootUrl();
    }

    /** @return the port the server listens on */
    public int port() {
        return http.port();
    }

    /**
     * Answers 401 unless an API request carries {@code Authorization: Bearer <apiKey>}.
     *
     * @return this server
     */
    public SimulatedTogetherServer requireApiKey(String apiKey) {
        this.requiredApiKey = Objects.requireNonNull(apiKey, "apiKey");
        return this;
    }

    /**
     * Makes the next {@code times} requests whose method is {@code method} and whose route (the path
     * without {@code /v1}) starts with {@code routePrefix} meet {@code fault}.
     *
     * @return this server
     */
    public SimulatedTogetherServer inject(String method, String routePrefix, int times, HttpFault fault) {
        http.inject(method, routePrefix, times, fault);
        return this;
    }

    /** @return every request received so far, oldest first */
    public List<RecordedRequest> requests() {
        return http.requests();
    }

    /** @return the recorded requests with this method whose route starts with {@code routePrefix} */
    public List<RecordedRequest> requests(String method, String routePrefix) {
        return http.requests(method, routePrefix);
    }

    /**
     * The backend's id of a Together job id ({@code ft-x} is the backend's {@code ftjob-x}), for
     * driving the simulated job, for example {@code sim.fineTuning().finish(server.backendJobId(id))}.
     *
     * @return the backend's job id
     */
    public String backendJobId(String togetherJobId) {
        Objects.requireNonNull(togetherJobId, "togetherJobId");
        return togetherJobId.startsWith("ft-") ? "ftjob-" + togetherJobId.substring(3) : togetherJobId;
    }

    /** @return the Together id of a backend's job id */
    public static String togetherJobId(String backendJobId) {
        return backendJobId.startsWith("ftjob-") ? "ft-" + backendJobId.substring(6) : backendJobId;
    }

    /**
     * Forgets recorded requests, pending faults and the required key; files, jobs and models stay.
     *
     * @return this server
     */
    public SimulatedTogetherServer reset() {
        http.reset();
        requiredApiKey = null;
        return this;
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * Starts a server over simulated backends on the real clock and prints its base URL, until
     * the process is stopped.
     *
     * @param args {@code [port]}: the port to bind (8788 by default, 0 for any free one)
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEV_PORT;
        try (SimulatedTogetherServer server = new SimulatedTogetherServer().start(port)) {
            System.out.println("Simulated Together API at " + server.baseUrl());
            System.out.println("export TOGETHER_BASE_URL=" + server.baseUrl());
            System.out.println("export TOGETHER_API_KEY=tk-simulated");
            Thread.currentThread().join();
        }
    }

    // ------------------------------------------------------------------------------------------

    /** What the server answers, behind the shared HTTP plumbing. */
    private final class Api implements LoopbackServer.Api {
        @Override
        public String route(String path) {
            return path.startsWith("/v1/") ? path.substring(3) : path;
        }

        @Override
        public Optional<Answer> refuse(LoopbackServer.Request request) {
            String key = requiredApiKey;
            if (request.route().startsWith(STORAGE) || key == null || request.header("authorization").equals("Bearer " + key)) {
                return Optional.empty();
            }
            return Optional.of(Answer.error(401, "Invalid API key provided", null, "invalid_api_key"));
        }

        @Override
        public Answer answer(LoopbackServer.Request request) {
            return dispatch(request.method(), request.route(), request.body());
        }
    }

    private Answer dispatch(String method, String route, byte[] body) {
        if (route.startsWith(STORAGE) && method.equals("PUT")) {
            PendingUpload pending = pendingUploads.get(route.substring(STORAGE.length()));
            if (pending == null) {
                throw new NotFoundException("No upload at " + route, "not_found", null);
            }
            pending.content = body;
            return Answer.ok("");
        }
        if (route.equals("/files") && method.equals("POST")) {
            return startUpload(readObject(body));
        }
        if (route.equals("/files") && method.equals("GET")) {
            List<Map<String, Object>> data = new ArrayList<>();
            files.values().forEach(f -> data.add(TogetherWire.file(f, togetherFileIds.get(f.id()))));
            return json(Map.of("data", data));
        }
        Matcher f = FILE.matcher(route);
        if (f.matches()) {
            String id = f.group(1);
            if (f.group(2) != null && method.equals("POST")) {
                return json(preprocess(id));
            }
            if (f.group(2) == null && method.equals("GET")) {
                UploadedFile file = files.get(simFileId(id));
                if (file == null) {
                    throw new NotFoundException("File not found: " + id, "file_not_found", null);
                }
                return json(TogetherWire.file(file, id));
            }
        }
        if (route.equals("/fine-tunes") && method.equals("POST")) {
            return json(create(readObject(body)));
        }
        if (route.equals("/fine-tunes") && method.equals("GET")) {
            List<FineTuningJob> all = new ArrayList<>(fineTuning.listJobs(1000, null));
            java.util.Collections.reverse(all);
            List<Map<String, Object>> data = new ArrayList<>();
            for (FineTuningJob j : all) {
                if (!deletedJobs.contains(j.id())) {
                    data.add(job(j, false));
                }
            }
            return json(Map.of("data", data));
        }
        Matcher m = JOB.matcher(route);
        if (m.matches()) {
            String id = backendJobId(m.group(1));
            String action = m.group(2);
            if (deletedJobs.contains(id)) {
                throw new NotFoundException("Fine-tune job not found: " + m.group(1), "not_found", null);
            }
            if (action == null && method.equals("GET")) {
                return json(job(fineTuning.retrieveJob(id), true));
            }
            if (action == null && method.equals("DELETE")) {
                return json(delete(id));
            }
            if ("cancel".equals(action) && method.equals("POST")) {
                return json(job(fineTuning.cancelJob(id), false));
            }
            if ("events".equals(action) && method.equals("GET")) {
                return json(events(id));
            }
            if ("checkpoints".equals(action) && method.equals("GET")) {
                return json(checkpoints(id));
            }
        }
        if (route.equals("/models") && method.equals("GET")) {
            List<Map<String, Object>> data = new ArrayList<>();
            for (String model : baseModels) {
                data.add(TogetherWire.model(model, fineTuning.retrieveModel(model).createdAt().orElse(Instant.EPOCH)));
            }
            return json(data);
        }
        if (route.equals("/chat/completions") && method.equals("POST")) {
            return Answer.ok(chat(body));
        }
        throw new NotFoundException("Unknown request URL: " + method + " " + route, "unknown_url", null);
    }

    private Answer startUpload(JsonNode body) {
        String purpose = body.path("purpose").asText("");
        String name = body.path("file_name").asText("");
        String type = body.path("file_type").asText("");
        if (!purpose.equals("fine-tune") && !purpose.equals("eval")) {
            throw new InvalidInputException("purpose", "must be fine-tune or eval, was '" + purpose + "'");
        }
        if (name.isBlank()) {
            throw new InvalidInputException("file_name", "is required");
        }
        if (!type.equals("jsonl") && !type.equals("parquet")) {
            throw new InvalidInputException("file_type", "must be jsonl or parquet, was '" + type + "'");
        }
        String fileId = String.format("file-%08x-sim", ids.incrementAndGet());
        String token = "upload-" + fileId;
        pendingUploads.put(token, new PendingUpload(fileId, name.replaceAll(".*[/\\\\]", ""), purpose));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", rootUrl() + STORAGE + token);
        headers.put("X-Together-File-Id", fileId);
        return new Answer(302, "", headers);
    }

    private Map<String, Object> preprocess(String togetherId) {
        PendingUpload pending = pendingUploads.get("upload-" + togetherId);
        if (pending == null) {
            throw new NotFoundException("File not found: " + togetherId, "file_not_found", null);
        }
        if (pending.content == null) {
            throw new InvalidInputException("file", "nothing was uploaded to storage for " + togetherId);
        }
        UploadedFile uploaded = fineTuning.uploadFile(http.saveUpload(pending.name, pending.content));
        fileIds.put(togetherId, uploaded.id());
        togetherFileIds.put(uploaded.id(), togetherId);
        files.put(uploaded.id(), uploaded);
        pendingUploads.remove("upload-" + togetherId);
        return TogetherWire.file(uploaded, togetherId);
    }

    private String simFileId(String togetherId) {
        return fileIds.getOrDefault(togetherId, togetherId);
    }

    private Map<String, Object> create(JsonNode body) {
        JobRequest.Builder b = TogetherWire.jobRequest(body, this::simFileId);
        String model = body.path("model").asText();
        if (!baseModels.contains(model)) {
            throw new InvalidInputException("model", "model " + model + " is not available for fine-tuning");
        }
        String suffix = body.path("suffix").isTextual() ? body.path("suffix").asText() : null;
        FineTuningJob job = fineTuning.createJob(b.build());
        String shortBase = model.substring(model.lastIndexOf('/') + 1);
        String output = USER + "/" + shortBase + (suffix == null || suffix.isEmpty() ? "" : "-" + suffix) + "-"
            + job.id().substring(Math.max(0, job.id().length() - 8));
        jobs.put(job.id(), new JobExtras(body.deepCopy(), output, suffix));
        return job(job, false);
    }

    private Map<String, Object> delete(String id) {
        FineTuningJob job = fineTuning.retrieveJob(id);
        JobExtras extras = jobs.get(id);
        if (job.fineTunedModel().isPresent()) {
            fineTuning.deleteModel(job.fineTunedModel().get());
            if (extras != null) {
                tunedModels.remove(extras.output);
            }
        }
        deletedJobs.add(id);
        return Map.of("message", "fine-tune job " + togetherJobId(id) + " deleted");
    }

    private Map<String, Object> job(FineTuningJob j, boolean full) {
        JobExtras extras = jobs.get(j.id());
        if (extras != null && j.status().equals(JobStatus.SUCCEEDED) && j.fineTunedModel().isPresent()) {
            tunedModels.put(extras.output, j.fineTunedModel().get());
        }
        return TogetherWire.job(j, togetherJobId(j.id()), extras == null ? null : extras.request,
            extras == null ? null : extras.output, extras == null ? null : extras.suffix,
            j.trainingFileId().isEmpty() ? "" : togetherFileIds.getOrDefault(j.trainingFileId(), j.trainingFileId()),
            j.validationFileId().map(v -> togetherFileIds.getOrDefault(v, v)).orElse(null), USER, full);
    }

    private Map<String, Object> events(String id) {
        List<JobEvent> newestFirst = new ArrayList<>();
        String after = null;
        while (true) {
            List<JobEvent> page = fineTuning.listEvents(id, 100, after);
            newestFirst.addAll(page);
            if (page.size() < 100) {
                break;
            }
            after = page.get(page.size() - 1).id();
        }
        boolean failedOnData = fineTuning.retrieveJob(id).error().flatMap(e -> e.paramName())
            .map(p -> p.endsWith("_file")).orElse(false);
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            data.add(TogetherWire.event(newestFirst.get(i), failedOnData));
        }
        return Map.of("data", data);
    }

    private Map<String, Object> checkpoints(String id) {
        JobExtras extras = jobs.get(id);
        String output = extras == null ? USER + "/" + togetherJobId(id) : extras.output;
        List<Map<String, Object>> data = new ArrayList<>();
        List<Checkpoint> checkpoints = fineTuning.listCheckpoints(id, 100);
        for (Checkpoint c : checkpoints) {
            data.add(TogetherWire.checkpoint(c, output, togetherJobId(id)));
        }
        return Map.of("data", data);
    }

    private String chat(byte[] body) {
        ChatRequest request = OpenAiChatFormat.request(body);
        String asked = request.model();
        String backendModel = tunedModels.getOrDefault(asked, asked);
        ChatResponse response = inference.complete(request.toBuilder().model(backendModel).build());
        ChatResponse shown = response.toBuilder().model(asked).build();
        return OpenAiChatFormat.completion("chatcmpl-together" + ids.incrementAndGet(), shown, clock.instant());
    }

    private static JsonNode readObject(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidInputException("body", "must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidInputException("body", "not valid JSON: " + e.getMessage());
        }
    }

    static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static Answer json(Object value) {
        return Answer.ok(writeJson(value));
    }

    private static final class PendingUpload {
        final String fileId;
        final String name;
        final String purpose;
        volatile byte[] content;

        PendingUpload(String fileId, String name, String purpose) {
            this.fileId = fileId;
            this.name = name;
            this.purpose = purpose;
        }
    }

    /** What Together keeps of a job that the SPI's job lacks: the request as sent, the output name, the suffix. */
    private record JobExtras(JsonNode request, String output, String suffix) {
    }
}
