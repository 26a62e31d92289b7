/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.openai;

import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.http.LoopbackServer;
import com.slabstak.slabml.simulator.http.RecordedRequest;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.simulator.SimulatedBackends;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated OpenAI HTTP server on 127.0.0.1 (an ephemeral port) that speaks the REST shapes of OpenAI's
 * API for files, fine-tuning jobs (create, list, retrieve, cancel, pause, resume, events,
 * checkpoints), models (list, retrieve, delete) and chat completions, under {@code /v1} and under
 * Azure OpenAI's {@code /openai/...?api-version=} routes. It is an HTTP front over the SPI: state
 * lives in the {@link FineTuningBackend} and {@link InferenceBackend} it is given, and their
 * exceptions become OpenAI's error JSON ({@code {"error":{"message","type","param","code"}}}).
 *
 * <p>HTTP-level fault injection ({@link #inject}): error statuses with OpenAI's codes and
 * {@code Retry-After}, delays for timeouts, and lost responses (the request is performed, the
 * connection then dropped). Every request is recorded ({@link #requests()}). Thread-safe.
 *
 * {@code
 * try (SimulatedOpenAiServer server = new SimulatedOpenAiServer(fineTuningBackend, inferenceBackend).start()) {
 *     config.put("slabml.openai.base_url", server.baseUrl());
 *     server.inject("POST", "/fine_tuning/jobs", 1, HttpFault.status(403, null, "no access"));
 * }
 * }
 */
public final class SimulatedOpenAiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB_PATH = Pattern.compile("/fine_tuning/jobs/([^/]+)(?:/(cancel|pause|resume|events|checkpoints))?");
    private static final Pattern AZURE_DEPLOYMENT = Pattern.compile("/openai/deployments/([^/]+)(/.*)");
    private static final int MAX_FILTER_SCAN = 1000;

    private final FineTuningBackend fineTuning;
    private final InferenceBackend inference;
    private final Clock clock;
    private final LoopbackServer http = new LoopbackServer("openai", new Api());
    private final Map<String, UploadedFile> files = new ConcurrentHashMap<>();
    private final Map<String, String> statusOverrides = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean emptyErrorObjects;
    private volatile boolean metadataFilter = true;
    private volatile boolean refuseResponseFormat;
    private volatile String requiredApiKey;

    /** The simulation step of {@link #SimulatedOpenAiServer()}: each fine-tuning call moves its time this far. */
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(2);

    /** The port {@link #main} binds unless told another: the command line's {@code dev-server} uses it too. */
    public static final int DEV_PORT = 8787;

    /**
     * A server over {@link SimulatedBackends#fastForward}: on the real clock, each fine-tuning call
     * moves simulated time {@link #DEFAULT_STEP} forward, so a job finishes in a handful of polls
     * and its model then answers as the simulated learner taught it. Call {@link #start()}.
     */
    public SimulatedOpenAiServer() {
        this(SimulatedBackends.fastForward(Clock.systemUTC(), 42, DEFAULT_STEP));
    }

    /** A server over simulated backends (for example {@link SimulatedBackends#create} on a {@code ManualClock}). */
    public SimulatedOpenAiServer(SimulatedBackends backends) {
        this(Objects.requireNonNull(backends, "backends").fineTuning(), backends.inference());
    }

    /** A server over the given backends; call {@link #start()}. */
    public SimulatedOpenAiServer(FineTuningBackend fineTuning, InferenceBackend inference) {
        this(fineTuning, inference, Clock.systemUTC());
    }

    /** A server over the given backends, stamping chat completions with {@code clock}. */
    public SimulatedOpenAiServer(FineTuningBackend fineTuning, InferenceBackend inference, Clock clock) {
        this.fineTuning = Objects.requireNonNull(fineTuning, "fineTuning");
        this.inference = Objects.requireNonNull(inference, "inference");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Binds 127.0.0.1 on an ephemeral port and starts answering. */
    public SimulatedOpenAiServer start() {
        return start(0);
    }

    /**
     * Binds 127.0.0.1 on {@code port} (0 for an ephemeral one) and starts answering.
     *
     * @param port the port, or 0
     * @return this server
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public SimulatedOpenAiServer start(int port) {
        http.start(port);
        return this;
    }

    /** The base URL of the OpenAI API, ending in {@code /v1}. */
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    /** The server's root URL without a path, for an Azure OpenAI endpoint. */
    public String rootUrl() {
        return http.rootUrl();
    }

    /** The port the server listens on. */
    public int port() {
        return http.port();
    }

    /** Answers 401 {@code invalid_api_key} unless a request carries this key ({@code Authorization: Bearer} or {@code api-key}). */
    public SimulatedOpenAiServer requireApiKey(String apiKey) {
        this.requiredApiKey = Objects.requireNonNull(apiKey, "apiKey");
        return this;
    }

    /**
     * Makes the next {@code times} requests whose method is {@code method} and whose route (the path
     * without {@code /v1} or the Azure prefix) starts with {@code routePrefix} meet {@code fault}.
     */
    public SimulatedOpenAiServer inject(String method, String routePrefix, int times, HttpFault fault) {
        http.inject(method, routePrefix, times, fault);
        return this;
    }

    /** Writes {@code "error": {}} instead of {@code null} for jobs that did not fail, as OpenAI does for some jobs. */
    public SimulatedOpenAiServer emptyErrorObjects(boolean enabled) {
        this.emptyErrorObjects = enabled;
        return this;
    }

    /**
     * Whether {@code GET /fine_tuning/jobs} honours {@code metadata[key]=value} filters (true by
     * default); false answers the newest jobs unfiltered, as a service without the filter would.
     */
    public SimulatedOpenAiServer metadataFilter(boolean supported) {
        this.metadataFilter = supported;
        return this;
    }

    /**
     * Whether chat completions that carry a {@code response_format} are refused with a 400 naming
     * {@code param: "response_format"}, as OpenAI-compatible servers without structured outputs
     * answer (false by default).
     *
     * <pre>{@code
     * server.refuseResponseFormat(true);   // like a server that only takes plain chat completions
     * }</pre>
     *
     * @param refuse true to refuse response formats
     * @return this server
     * @since 0.2
     */
    public SimulatedOpenAiServer refuseResponseFormat(boolean refuse) {
        this.refuseResponseFormat = refuse;
        return this;
    }

    /** Reports {@code status} for the job, for statuses a backend does not produce (for example one OpenAI adds later). */
    public SimulatedOpenAiServer overrideJobStatus(String jobId, String status) {
        statusOverrides.put(Objects.requireNonNull(jobId, "jobId"), Objects.requireNonNull(status, "status"));
        return this;
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return http.requests();
    }

    /** The recorded requests with this method whose route starts with {@code routePrefix}. */
    public List<RecordedRequest> requests(String method, String routePrefix) {
        return http.requests(method, routePrefix);
    }

    /** Forgets recorded requests, pending faults, status overrides, the required key and the refusal of response formats; backend state stays. */
    public SimulatedOpenAiServer reset() {
        http.reset();
        statusOverrides.clear();
        emptyErrorObjects = false;
        metadataFilter = true;
        refuseResponseFormat = false;
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
     * @param args {@code [port]}: the port to bind (8787 by default, 0 for any free one)
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEV_PORT;
        try (SimulatedOpenAiServer server = new SimulatedOpenAiServer().start(port)) {
            System.out.println("Simulated OpenAI API at " + server.baseUrl());
            System.out.println("export OPENAI_BASE_URL=" + server.baseUrl());
            System.out.println("export OPENAI_API_KEY=sk-simulated");
            Thread.currentThread().join();
        }
    }

    // ------------------------------------------------------------------------------------------

    /** What the server answers, behind the shared HTTP plumbing. */
    private final class Api implements LoopbackServer.Api {
        @Override
        public String route(String path) {
            return SimulatedOpenAiServer.route(path).path;
        }

        @Override
        public Optional<LoopbackServer.Answer> refuse(LoopbackServer.Request request) {
            if (SimulatedOpenAiServer.route(request.path()).azure && !request.query().containsKey("api-version")) {
                return Optional.of(LoopbackServer.Answer.error(404,
                    "Resource not found: the api-version query parameter is missing", "api-version", "404"));
            }
            if (!authorized(request)) {
                return Optional.of(LoopbackServer.Answer.error(401, "Incorrect API key provided.", null,
                    "invalid_api_key"));
            }
            return Optional.empty();
        }

        @Override
        public LoopbackServer.Answer answer(LoopbackServer.Request request) {
            return LoopbackServer.Answer.ok(OpenAiWire.writeJson(dispatch(request)));
        }
    }

    private Object dispatch(LoopbackServer.Request request) {
        String method = request.method();
        Route route = route(request.path());
        byte[] body = request.body();
        String p = route.path;
        if (p.equals("/files") && method.equals("POST")) {
            return uploadFile(request.header("content-type"), body);
        }
        if (p.startsWith("/files/") && method.equals("GET")) {
            String id = p.substring("/files/".length());
            UploadedFile f = files.get(id);
            if (f == null) {
                throw new NotFoundException("No such File object: " + id, null, null);
            }
            return OpenAiWire.file(f);
        }
        if (p.equals("/fine_tuning/jobs") && method.equals("POST")) {
            return job(fineTuning.createJob(OpenAiWire.jobRequest(readObject(body))));
        }
        if (p.equals("/fine_tuning/jobs") && method.equals("GET")) {
            return listJobs(request);
        }
        Matcher m = JOB_PATH.matcher(p);
        if (m.matches()) {
            String id = m.group(1);
            String action = m.group(2);
            if (action == null && method.equals("GET")) {
                return job(fineTuning.retrieveJob(id));
            }
            if (method.equals("POST") && "cancel".equals(action)) {
                return job(fineTuning.cancelJob(id));
            }
            if (method.equals("POST") && "pause".equals(action)) {
                return job(fineTuning.pauseJob(id));
            }
            if (method.equals("POST") && "resume".equals(action)) {
                return job(fineTuning.resumeJob(id));
            }
            if (method.equals("GET") && "events".equals(action)) {
                int limit = request.intParam("limit", 20);
                List<JobEvent> events = fineTuning.listEvents(id, limit + 1, request.queryParam("after"));
                List<Map<String, Object>> data = new ArrayList<>();
                for (JobEvent e : events.subList(0, Math.min(limit, events.size()))) {
                    data.add(OpenAiWire.event(e));
                }
                return OpenAiWire.list(data, events.size() > limit);
            }
            if (method.equals("GET") && "checkpoints".equals(action)) {
                int limit = request.intParam("limit", 10);
                List<Checkpoint> checkpoints = fineTuning.listCheckpoints(id, limit + 1);
                List<Map<String, Object>> data = new ArrayList<>();
                for (Checkpoint c : checkpoints.subList(0, Math.min(limit, checkpoints.size()))) {
                    data.add(OpenAiWire.checkpoint(c));
                }
                Map<String, Object> list = OpenAiWire.list(data, checkpoints.size() > limit);
                list.put("first_id", data.isEmpty() ? null : data.get(0).get("id"));
                list.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).get("id"));
                return list;
            }
        }
        if (p.equals("/models") && method.equals("GET")) {
            List<Map<String, Object>> data = new ArrayList<>();
            fineTuning.listModels().forEach(info -> data.add(OpenAiWire.model(info)));
            return OpenAiWire.list(data, null);
        }
        if (p.startsWith("/models/")) {
            String id = p.substring("/models/".length());
            if (method.equals("GET")) {
                return OpenAiWire.model(fineTuning.retrieveModel(id));
            }
            if (method.equals("DELETE")) {
                fineTuning.deleteModel(id);
                Map<String, Object> deleted = new LinkedHashMap<>();
                deleted.put("id", id);
                deleted.put("object", "model");
                deleted.put("deleted", true);
                return deleted;
            }
        }
        if (p.equals("/chat/completions") && method.equals("POST")) {
            Map<String, Object> chat = readObject(body);
            if (refuseResponseFormat && chat.get("response_format") != null) {
                throw new InvalidRequestException("response_format is not supported by this server", 400, null,
                    "response_format", null);
            }
            ChatResponse response = inference.complete(OpenAiWire.chatRequest(chat, route.deployment));
            return OpenAiWire.chatCompletion("chatcmpl-sim" + ids.incrementAndGet(), response, clock.instant());
        }
        throw new NotFoundException("Unknown request URL: " + method + " " + p, "unknown_url", null);
    }

    private Map<String, Object> job(FineTuningJob job) {
        return OpenAiWire.job(job, emptyErrorObjects, statusOverrides.get(job.id()));
    }

    private Object listJobs(LoopbackServer.Request request) {
        int limit = request.intParam("limit", 20);
        String after = request.queryParam("after");
        Map<String, String> filter = new LinkedHashMap<>();
        request.query().forEach((k, v) -> {
            if (metadataFilter && k.startsWith("metadata[") && k.endsWith("]") && !v.isEmpty()) {
                filter.put(k.substring("metadata[".length(), k.length() - 1), v.get(0));
            }
        });
        List<FineTuningJob> jobs;
        if (filter.isEmpty()) {
            jobs = fineTuning.listJobs(limit + 1, after);
        } else {
            jobs = new ArrayList<>();
            boolean afterSeen = after == null;
            for (FineTuningJob j : fineTuning.listJobs(MAX_FILTER_SCAN, null)) {
                if (!afterSeen) {
                    afterSeen = j.id().equals(after);
                    continue;
                }
                if (j.metadata().entrySet().containsAll(filter.entrySet())) {
                    jobs.add(j);
                }
            }
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (FineTuningJob j : jobs.subList(0, Math.min(limit, jobs.size()))) {
            data.add(job(j));
        }
        return OpenAiWire.list(data, jobs.size() > limit);
    }

    private Object uploadFile(String contentType, byte[] body) {
        Multipart form = Multipart.parse(contentType, body);
        String purpose = form.text("purpose").orElseThrow(() -> new InvalidInputException("purpose", "is required"));
        Multipart.Part file = form.part("file").orElseThrow(() -> new InvalidInputException("file", "is required"));
        if (!purpose.equals("fine-tune")) {
            throw new InvalidInputException("purpose", "this server accepts only fine-tune files, was " + purpose);
        }
        String name = file.filename().map(n -> n.replaceAll(".*[/\\\\]", "")).filter(n -> !n.isBlank()).orElse("upload.jsonl");
        UploadedFile uploaded = fineTuning.uploadFile(http.saveUpload(name, file.content()));
        files.put(uploaded.id(), uploaded);
        return OpenAiWire.file(uploaded);
    }

    private boolean authorized(LoopbackServer.Request request) {
        String key = requiredApiKey;
        return key == null || request.header("authorization").equals("Bearer " + key)
            || request.header("api-key").equals(key);
    }

    private static Route route(String path) {
        if (path.startsWith("/v1/") || path.equals("/v1")) {
            return new Route(path.substring(3), null, false);
        }
        Matcher m = AZURE_DEPLOYMENT.matcher(path);
        if (m.matches()) {
            return new Route(m.group(2), m.group(1), true);
        }
        if (path.startsWith("/openai/v1/")) {
            return new Route(path.substring("/openai/v1".length()), null, true);
        }
        if (path.startsWith("/openai/")) {
            return new Route(path.substring("/openai".length()), null, true);
        }
        return new Route(path, null, false);
    }

    private static Map<String, Object> readObject(byte[] body) {
        try {
            Map<String, Object> map = JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
            if (map == null) {
                throw new InvalidInputException("body", "must be a JSON object");
            }
            return map;
        } catch (IOException e) {
            throw new InvalidInputException("body", "not valid JSON: " + e.getMessage());
        }
    }

    private static final class Route {
        final String path;
        final String deployment;
        final boolean azure;

        Route(String path, String deployment, boolean azure) {
            this.path = path;
            this.deployment = deployment;
            this.azure = azure;
        }
    }
}
