/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.http;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.simulator.openai.OpenAiChatFormat;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The HTTP plumbing of a simulated provider server: a JDK server on 127.0.0.1, every request
 * recorded, planned {@link HttpFault}s applied (a status, a delay, a lost response), and errors
 * answered in the error shape OpenAI and Together share
 * ({@code {"error":{"message","type","param","code"}}}, with {@code Retry-After} for rate limits).
 * What a request means is the {@link Api}'s business. Thread-safe.
 *
 * @since 0.2
 */
public final class LoopbackServer implements AutoCloseable {
    static {
        // The JDK's server writes a response's headers and body separately; with Nagle's algorithm on,
        // the body then waits for the client's delayed ACK (about 40 ms a request on Linux). Read once,
        // when the first server of this JVM starts; a value set by the host wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** What a provider server answers; it may throw the SPI's exceptions, which become error answers. */
    public interface Api {
        /**
         * The route of a request path: the path without the API's prefix (such as {@code /v1}).
         *
         * @param path the decoded request path
         * @return the route that faults and recorded requests match
         */
        String route(String path);

        /**
         * An answer given before any planned fault, such as a 401 for a missing key.
         *
         * @param request the request
         * @return the answer, or empty to go on
         */
        Optional<Answer> refuse(Request request);

        /**
         * Answers a request.
         *
         * @param request the request
         * @return the answer
         */
        Answer answer(Request request);
    }

    /**
     * A request received.
     *
     * @param method the HTTP method, in upper case
     * @param path the decoded path
     * @param route the path as {@link Api#route} gives it
     * @param query the decoded query parameters
     * @param headers the headers, names in lower case
     * @param body the body's bytes
     */
    public record Request(String method, String path, String route, Map<String, List<String>> query,
                          Map<String, List<String>> headers, byte[] body) {
        /**
         * @param name a header name in lower case
         * @return the header's first value, or {@code ""}
         */
        public String header(String name) {
            return headers.getOrDefault(name, List.of("")).get(0);
        }

        /**
         * @param name a query parameter
         * @return its first value, or {@code null}
         */
        public String queryParam(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /**
         * @param name a query parameter
         * @param defaultValue the value when it is absent
         * @return its value, at least 1
         * @throws InvalidInputException if it is not an integer of at least 1
         */
        public int intParam(String name, int defaultValue) {
            String v = queryParam(name);
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
    }

    /**
     * An answer: a status, a body (JSON text unless a {@code Content-Type} header says otherwise,
     * nothing when empty) and extra headers.
     *
     * @param status the HTTP status
     * @param body the body
     * @param headers extra response headers
     */
    public record Answer(int status, String body, Map<String, String> headers) {
        /**
         * @param body JSON text
         * @return a 200 answer
         */
        public static Answer ok(String body) {
            return new Answer(200, body, Map.of());
        }

        /**
         * @param status the HTTP status
         * @param message the error's message
         * @param param the parameter at fault, or {@code null}
         * @param code the error code, or {@code null}
         * @return an error answer in OpenAI's shape
         */
        public static Answer error(int status, String message, String param, String code) {
            return new Answer(status, OpenAiChatFormat.error(status, message, param, code), Map.of());
        }
    }

    private final String name;
    private final Api api;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Injection> injections = new ArrayList<>();
    private HttpServer server;
    private ExecutorService executor;
    private Path uploadDirectory;

    /**
     * @param name the server's name, for its threads and temporary directory (for example {@code openai})
     * @param api what the server answers
     */
    public LoopbackServer(String name, Api api) {
        this.name = Objects.requireNonNull(name, "name");
        this.api = Objects.requireNonNull(api, "api");
    }

    /**
     * Binds 127.0.0.1 on {@code port} (0 for an ephemeral one) and starts answering; does nothing if started.
     *
     * @param port the port, or 0
     * @throws UncheckedIOException if the port cannot be bound
     */
    public synchronized void start(int port) {
        if (server != null) {
            return;
        }
        try {
            uploadDirectory = Files.createTempDirectory("slabml-simulated-" + name);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulated " + name + " server on port " + port, e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "simulated-" + name);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @return the port the server listens on
     * @throws IllegalStateException if it is not started
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the server is not started");
        }
        return server.getAddress().getPort();
    }

    /** @return the server's root URL without a path */
    public String rootUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Writes uploaded bytes to a file of their own under the server's temporary directory.
     *
     * @param fileName the file's name (without directories)
     * @param content the bytes
     * @return the file
     */
    public Path saveUpload(String fileName, byte[] content) {
        try {
            Path target = Files.createTempDirectory(uploadDirectory, "upload").resolve(fileName);
            Files.write(target, content);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Plans {@code fault} for the next {@code times} requests with this method whose route starts
     * with {@code routePrefix}.
     *
     * @throws IllegalArgumentException if {@code times} is below 1
     */
    public void inject(String method, String routePrefix, int times, HttpFault fault) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(routePrefix, "routePrefix");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, was " + times);
        }
        synchronized (injections) {
            injections.add(new Injection(method.toUpperCase(Locale.ROOT), routePrefix, times, fault));
        }
    }

    /** @return every request received so far, oldest first */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** @return the recorded requests with this method whose route starts with {@code routePrefix} */
    public List<RecordedRequest> requests(String method, String routePrefix) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : requests) {
            if (r.method().equalsIgnoreCase(method) && r.route().startsWith(routePrefix)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Forgets the recorded requests and the planned faults. */
    public void reset() {
        requests.clear();
        synchronized (injections) {
            injections.clear();
        }
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

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String route = api.route(path);
            requests.add(new RecordedRequest(method, exchange.getRequestURI().getRawPath(), route, query, headers,
                new String(body, StandardCharsets.UTF_8)));
            Request request = new Request(method, path, route, query, headers, body);
            Optional<Answer> refused = api.refuse(request);
            if (refused.isPresent()) {
                send(exchange, refused.get());
                return;
            }
            HttpFault fault = takeFault(method, route);
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
                Answer a = Answer.error(fault.statusCode(), fault.message(), fault.param().orElse(null),
                    fault.code().orElse(null));
                send(exchange, withRetryAfter(a, fault.retryAfter().orElse(null)));
                return;
            }
            Answer answer;
            try {
                answer = api.answer(request);
            } catch (RuntimeException e) {
                answer = errorFor(e);
            }
            if (fault != null && fault.kind() == HttpFault.Kind.LOST_RESPONSE) {
                exchange.close(); // performed, but the client sees the response lost
                return;
            }
            send(exchange, answer);
        } catch (RuntimeException e) {
            send(exchange, errorFor(e));
        }
    }

    private static Answer errorFor(RuntimeException e) {
        OpenAiChatFormat.ErrorAnswer error = OpenAiChatFormat.errorFor(e);
        return withRetryAfter(new Answer(error.status(), error.json(), Map.of()), error.retryAfter().orElse(null));
    }

    private static Answer withRetryAfter(Answer a, Duration retryAfter) {
        if (retryAfter == null) {
            return a;
        }
        Map<String, String> headers = new LinkedHashMap<>(a.headers());
        headers.put("Retry-After", Long.toString(Math.max(0, retryAfter.toSeconds())));
        return new Answer(a.status(), a.body(), headers);
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

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
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
