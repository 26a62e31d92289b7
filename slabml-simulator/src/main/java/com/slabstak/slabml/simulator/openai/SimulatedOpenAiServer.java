/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.openai;

import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.http.RecordedRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fake OpenAI HTTP server on 127.0.0.1 (an ephemeral port) that speaks the REST shapes of OpenAI's
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
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Injection> injections = new ArrayList<>();
    private final Map<String, UploadedFile> files = new ConcurrentHashMap<>();
    private final Map<String, String> statusOverrides = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean emptyErrorObjects;
    private volatile boolean metadataFilter = true;
    private volatile boolean refuseResponseFormat;
    private volatile String requiredApiKey;
    private HttpServer server;
    private ExecutorService executor;
    private Path uploadDirectory;

    static {
        // The JDK's server writes a response's headers and body separately; with Nagle's algorithm on,
        // the body then waits for the client's delayed ACK (about 40 ms a request on Linux). Read once,
        // when the first server of this JVM starts; a value set by the host wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** The simulation step of {@link #SimulatedOpenAiServer()}: each fine-tuning call moves its time this far. */
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(2);

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
    public synchronized SimulatedOpenAiServer start() {
        if (server != null) {
            return this;
        }
        try {
            uploadDirectory = Files.createTempDirectory("slabml-fake-openai");
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake OpenAI server", e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openai");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** The base URL of the OpenAI API, ending in {@code /v1}. */
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    /** The server's root URL without a path, for an Azure OpenAI endpoint. */
    public String rootUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The port the server listens on. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the server is not started");
        }
        return server.getAddress().getPort();
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
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(routePrefix, "routePrefix");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        synchronized (injections) {
            injections.add(new Injection(method.toUpperCase(Locale.ROOT), routePrefix, times, fault));
        }
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
        return List.copyOf(requests);
    }

    /** The recorded requests with this method whose route starts with {@code routePrefix}. */
    public List<RecordedRequest> requests(String method, String routePrefix) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : requests) {
            if (r.method().equalsIgnoreCase(method) && r.route().startsWith(routePrefix)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Forgets recorded requests, pending faults, status overrides, the required key and the refusal of response formats; backend state stays. */
    public SimulatedOpenAiServer reset() {
        requests.clear();
        synchronized (injections) {
            injections.clear();
        }
        statusOverrides.clear();
        emptyErrorObjects = false;
        metadataFilter = true;
        refuseResponseFormat = false;
        requiredApiKey = null;
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
        if (uploadDirectory != null) {
            try (Stream<Path> paths = Files.walk(uploadDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort: a temporary directory
            }
            uploadDirectory = null;
        }
    }

    // ------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            Route route = route(path);
            requests.add(new RecordedRequest(method, exchange.getRequestURI().getRawPath(), route.path, query, headers,
                new String(body, StandardCharsets.UTF_8)));

            if (route.azure && !query.containsKey("api-version")) {
                send(exchange, 404, OpenAiWire.error("Resource not found: the api-version query parameter is missing",
                    "invalid_request_error", "api-version", "404"), null);
                return;
            }
            if (!authorized(headers)) {
                send(exchange, 401, OpenAiWire.error("Incorrect API key provided.", "invalid_request_error", null,
                    "invalid_api_key"), null);
                return;
            }
            HttpFault fault = takeFault(method, route.path);
            if (fault != null && fault.kind() == HttpFault.Kind.DELAY) {
                try {
                    Thread.sleep(fault.delayDuration().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.close();
                    return;
                }
            }
            if (fault != null && fault.kind() == HttpFault.Kind.STATUS) {
                send(exchange, fault.statusCode(), OpenAiWire.error(fault.message(), errorType(fault.statusCode()),
                    fault.param().orElse(null), fault.code().orElse(null)), fault.retryAfter().orElse(null));
                return;
            }
            Object result;
            try {
                result = dispatch(method, route, query, headers, body);
            } catch (RuntimeException e) {
                if (fault != null && fault.kind() == HttpFault.Kind.LOST_RESPONSE) {
                    dropConnection(exchange);
                    return;
                }
                sendError(exchange, e);
                return;
            }
            if (fault != null && fault.kind() == HttpFault.Kind.LOST_RESPONSE) {
                dropConnection(exchange);
                return;
            }
            send(exchange, 200, result, null);
        } catch (RuntimeException e) {
            sendError(exchange, e);
        }
    }

    private Object dispatch(String method, Route route, Map<String, List<String>> query,
                            Map<String, List<String>> headers, byte[] body) {
        String p = route.path;
        if (p.equals("/files") && method.equals("POST")) {
            return uploadFile(headers, body);
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
            return listJobs(query);
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
                int limit = intParam(query, "limit", 20);
                List<JobEvent> events = fineTuning.listEvents(id, limit + 1, first(query, "after"));
                List<Map<String, Object>> data = new ArrayList<>();
                for (JobEvent e : events.subList(0, Math.min(limit, events.size()))) {
                    data.add(OpenAiWire.event(e));
                }
                return OpenAiWire.list(data, events.size() > limit);
            }
            if (method.equals("GET") && "checkpoints".equals(action)) {
                int limit = intParam(query, "limit", 10);
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
            return OpenAiWire.chatCompletion("chatcmpl-fake" + ids.incrementAndGet(), response, clock.instant());
        }
        throw new NotFoundException("Unknown request URL: " + method + " " + p, "unknown_url", null);
    }

    private Map<String, Object> job(FineTuningJob job) {
        return OpenAiWire.job(job, emptyErrorObjects, statusOverrides.get(job.id()));
    }

    private Object listJobs(Map<String, List<String>> query) {
        int limit = intParam(query, "limit", 20);
        String after = first(query, "after");
        Map<String, String> filter = new LinkedHashMap<>();
        query.forEach((k, v) -> {
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

    private Object uploadFile(Map<String, List<String>> headers, byte[] body) {
        String contentType = headers.getOrDefault("content-type", List.of("")).get(0);
        Multipart form = Multipart.parse(contentType, body);
        String purpose = form.text("purpose").orElseThrow(() -> new InvalidInputException("purpose", "is required"));
        Multipart.Part file = form.part("file").orElseThrow(() -> new InvalidInputException("file", "is required"));
        if (!purpose.equals("fine-tune")) {
            throw new InvalidInputException("purpose", "this server accepts only fine-tune files, was " + purpose);
        }
        String name = file.filename().map(n -> n.replaceAll(".*[/\\\\]", "")).filter(n -> !n.isBlank()).orElse("upload.jsonl");
        try {
            Path dir = Files.createTempDirectory(uploadDirectory, "upload");
            Path target = dir.resolve(name);
            Files.write(target, file.content());
            UploadedFile uploaded = fineTuning.uploadFile(target);
            files.put(uploaded.id(), uploaded);
            return OpenAiWire.file(uploaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean authorized(Map<String, List<String>> headers) {
        String key = requiredApiKey;
        if (key == null) {
            return true;
        }
        String bearer = headers.getOrDefault("authorization", List.of("")).get(0);
        String azureKey = headers.getOrDefault("api-key", List.of("")).get(0);
        return bearer.equals("Bearer " + key) || azureKey.equals(key);
    }

    private HttpFault takeFault(String method, String route) {
        synchronized (injections) {
            Iterator<Injection> it = injections.iterator();
            while (it.hasNext()) {
                Injection i = it.next();
                if (i.method.equals(method) && route.startsWith(i.routePrefix)) {
                    if (--i.remaining == 0) {
                        it.remove();
                    }
                    return i.fault;
                }
            }
        }
        return null;
    }

    private void sendError(HttpExchange exchange, RuntimeException e) throws IOException {
        OpenAiChatFormat.ErrorAnswer answer = OpenAiChatFormat.errorFor(e);
        send(exchange, answer.status(), answer.body(), answer.retryAfter().orElse(null));
    }

    static String errorType(int status) {
        if (status == 429) {
            return "requests";
        }
        if (status == 408) {
            return "timeout";
        }
        if (status >= 500) {
            return "server_error";
        }
        return "invalid_request_error";
    }

    private static void send(HttpExchange exchange, int status, Object body, Duration retryAfter) throws IOException {
        byte[] bytes = writeJson(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(Math.max(0, retryAfter.toSeconds())));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Closes the connection without a response: the client sees the response lost. */
    private static void dropConnection(HttpExchange exchange) {
        exchange.close();
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

    static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int intParam(Map<String, List<String>> query, String name, int defaultValue) {
        String v = first(query, name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new InvalidInputException(name, "must be at least 1, was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be an integer, was '" + v + "'");
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

    private static final class Injection {
        final String method;
        final String routePrefix;
        final HttpFault fault;
        int remaining;

        Injection(String method, String routePrefix, int times, HttpFault fault) {
            this.method = method;
            this.routePrefix = routePrefix;
            this.remaining = times;
            this.fault = fault;
        }
    }
}
