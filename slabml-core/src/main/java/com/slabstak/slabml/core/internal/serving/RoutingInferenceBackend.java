/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.InvalidRequestException;
import com.slabstak.slabml.core.internal.serving.InferenceRoutes.StructuredOutputs;
import com.slabstak.slabml.spi.InferenceBackend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InferenceBackend} that sends each request to the backend of the endpoint serving its
 * model: the endpoint that names the model exactly, else the one with the longest matching id
 * prefix, else the default. With it a task's base model can run on one server and its fine-tuned
 * candidate on another; the model manager's fallback and per-model circuit breaker work across them
 * unchanged, because they act on models, not servers.
 *
 * <p>Structured outputs per endpoint: {@link StructuredOutputs#OFF} sends no response format (the
 * task's prompt already asks for one JSON object, and the answer is parsed the same way);
 * {@link StructuredOutputs#ON} sends it when the backend supports it; {@link StructuredOutputs#AUTO}
 * also does, and when the server refuses it with an invalid-request error that names
 * {@code response_format}, repeats that request once without it and sends that model prompt-only
 * from then on (logged once at WARN). The prompt is never rewritten: a fine-tuned model sees exactly
 * the messages it was trained on.
 *
 * <p>Thread-safe. Closing does nothing: the backends belong to whoever created them. Internal:
 * public for the entry point.
 *
 * <pre>{@code
 * InferenceBackend routed = RoutingInferenceBackend.builder()
 *     .defaultBackend(openai, StructuredOutputs.AUTO)
 *     .addEndpoint("together", together, StructuredOutputs.OFF)
 *     .routePrefix("acme/", "together")
 *     .build();
 * }</pre>
 */
public final class RoutingInferenceBackend implements InferenceBackend {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingInferenceBackend.class);
    /** The name under which the default backend appears in logs and {@link #endpointOf}. */
    public static final String DEFAULT = "(default)";

    private record Target(String name, InferenceBackend backend, StructuredOutputs mode) {
        boolean mayUseSchema() {
            return mode != StructuredOutputs.OFF && backend.supportsResponseSchema();
        }
    }

    private final Target fallback;
    private final Map<String, Target> exact;
    /** Longest prefix first. */
    private final List<Map.Entry<String, Target>> prefixes;
    /** The default and every endpoint, asked lazily: a backend may only be usable once called. */
    private final List<Target> targets;
    /** Endpoint + model pairs whose server refused response formats. */
    private final Set<String> promptOnly = ConcurrentHashMap.newKeySet();

    private RoutingInferenceBackend(Builder b) {
        Map<String, Target> targets = new LinkedHashMap<>();
        b.endpoints.forEach((name, backend) -> targets.put(name, new Target(name, backend, b.modes.get(name))));
        if (b.defaultEndpoint != null) {
            this.fallback = targets.get(b.defaultEndpoint);
        } else {
            this.fallback = new Target(DEFAULT, b.defaultBackend, b.defaultMode);
        }
        Map<String, Target> ex = new LinkedHashMap<>();
        b.exact.forEach((model, name) -> ex.put(model, targets.get(name)));
        this.exact = Map.copyOf(ex);
        List<Map.Entry<String, Target>> px = new ArrayList<>();
        b.prefixes.forEach((prefix, name) -> px.add(Map.entry(prefix, targets.get(name))));
        px.sort(Comparator.comparingInt((Map.Entry<String, Target> e) -> e.getKey().length()).reversed()
            .thenComparing(Map.Entry::getKey));
        this.prefixes = List.copyOf(px);
        List<Target> all = new ArrayList<>(targets.values());
        if (!all.contains(fallback)) {
            all.add(fallback);
        }
        this.targets = List.copyOf(all);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the router of a configuration.
     *
     * @param routes the checked routing configuration
     * @param defaultBackend the backend of models no route names, unless routes name a default endpoint
     *     (then {@code null})
     * @param endpoints every declared endpoint's backend, by name
     * @return the router
     * @throws ConfigurationException if a declared endpoint has no backend
     */
    public static RoutingInferenceBackend of(InferenceRoutes routes, InferenceBackend defaultBackend,
                                             Map<String, InferenceBackend> endpoints) {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(endpoints, "endpoints");
        Builder b = builder();
        for (String name : routes.endpoints()) {
            InferenceBackend backend = endpoints.get(name);
            if (backend == null) {
                throw new ConfigurationException(InferenceRoutes.ENDPOINTS + ": endpoint '" + name + "' has no backend");
            }
            b.addEndpoint(name, backend, routes.structuredOutputs(name));
        }
        routes.exact().forEach(b::route);
        routes.prefixes().forEach(b::routePrefix);
        if (routes.defaultEndpoint().isPresent()) {
            b.defaultEndpoint(routes.defaultEndpoint().get());
        } else {
            b.defaultBackend(Objects.requireNonNull(defaultBackend, "defaultBackend"), routes.defaultStructuredOutputs());
        }
        return b.build();
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        Target target = route(request.model());
        if (request.responseSchema().isEmpty()) {
            return target.backend.complete(request);
        }
        String pair = target.name + '\u0000' + request.model();
        if (!target.mayUseSchema() || promptOnly.contains(pair)) {
            return target.backend.complete(withoutSchema(request));
        }
        try {
            return target.backend.complete(request);
        } catch (InvalidRequestException e) {
            if (target.mode != StructuredOutputs.AUTO || !refusesResponseFormat(e)) {
                throw e;
            }
            if (promptOnly.add(pair)) {
                LOG.warn("Endpoint {} refused response_format for model {} ({}); sending it prompt-only from now on",
                    target.name, request.model(), e.getMessage());
            }
            return target.backend.complete(withoutSchema(request));
        }
    }

    /**
     * True when some endpoint may be sent a response format; the others get requests without it.
     * Asked on each call, never while building: a backend may not be usable before it is needed.
     */
    @Override
    public boolean supportsResponseSchema() {
        for (Target t : targets) {
            if (t.mayUseSchema()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The endpoint that serves a model.
     *
     * @param model a model id
     * @return the endpoint's name, or {@link #DEFAULT} for the default backend
     */
    public String endpointOf(String model) {
        return route(Objects.requireNonNull(model, "model")).name;
    }

    /**
     * Whether requests for a model go without a response format.
     *
     * @param model a model id
     * @return true when its endpoint is configured without structured outputs or refused them for it
     */
    public boolean isPromptOnly(String model) {
        Target t = route(Objects.requireNonNull(model, "model"));
        return !t.mayUseSchema() || promptOnly.contains(t.name + '\u0000' + model);
    }

    /** Does nothing: the backends belong to whoever created them. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        List<String> px = new ArrayList<>();
        prefixes.forEach(e -> px.add(e.getKey() + "*=" + e.getValue().name));
        List<String> ex = new ArrayList<>();
        exact.forEach((m, t) -> ex.add(m + "=" + t.name));
        return "RoutingInferenceBackend{models=" + ex + ", prefixes=" + px + ", default=" + fallback.name + '}';
    }

    private Target route(String model) {
        Target t = exact.get(model);
        if (t != null) {
            return t;
        }
        for (Map.Entry<String, Target> e : prefixes) {
            if (model.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return fallback;
    }

    private static ChatRequest withoutSchema(ChatRequest request) {
        return request.toBuilder().responseSchema(null).build();
    }

    /** An invalid-request error about the response format: its parameter or its message names it. */
    static boolean refusesResponseFormat(InvalidRequestException e) {
        if (e.param().map(p -> p.startsWith("response_format")).orElse(false)) {
            return true;
        }
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("response_format") || m.contains("json_schema");
    }

    /** Builds a {@link RoutingInferenceBackend}; {@link #build()} checks that every route has an endpoint. */
    public static final class Builder {
        private final Map<String, InferenceBackend> endpoints = new LinkedHashMap<>();
        private final Map<String, StructuredOutputs> modes = new LinkedHashMap<>();
        private final Map<String, String> exact = new LinkedHashMap<>();
        private final Map<String, String> prefixes = new LinkedHashMap<>();
        private InferenceBackend defaultBackend;
        private StructuredOutputs defaultMode = StructuredOutputs.AUTO;
        private String defaultEndpoint;

        private Builder() {
        }

        /**
         * Adds a named endpoint.
         *
         * @return this builder
         */
        public Builder addEndpoint(String name, InferenceBackend backend, StructuredOutputs mode) {
            Objects.requireNonNull(name, "name");
            endpoints.put(name, Objects.requireNonNull(backend, "backend"));
            modes.put(name, Objects.requireNonNull(mode, "mode"));
            return this;
        }

        /**
         * Sends one exact model id to an endpoint.
         *
         * @return this builder
         */
        public Builder route(String model, String endpoint) {
            exact.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * Sends every model id that starts with {@code prefix} to an endpoint.
         *
         * @return this builder
         */
        public Builder routePrefix(String prefix, String endpoint) {
            prefixes.put(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * Serves every other model with this backend.
         *
         * @return this builder
         */
        public Builder defaultBackend(InferenceBackend backend, StructuredOutputs mode) {
            this.defaultBackend = Objects.requireNonNull(backend, "backend");
            this.defaultMode = Objects.requireNonNull(mode, "mode");
            this.defaultEndpoint = null;
            return this;
        }

        /**
         * Serves every other model with a named endpoint.
         *
         * @return this builder
         */
        public Builder defaultEndpoint(String name) {
            this.defaultEndpoint = Objects.requireNonNull(name, "name");
            this.defaultBackend = null;
            return this;
        }

        /**
         * @return the router
         * @throws ConfigurationException if a route or the default names a missing endpoint, or there is no default
         */
        public RoutingInferenceBackend build() {
            List<String> problems = new ArrayList<>();
            exact.forEach((m, e) -> {
                if (!endpoints.containsKey(e)) {
                    problems.add("model '" + m + "' is routed to unknown endpoint '" + e + "'");
                }
            });
            prefixes.forEach((p, e) -> {
                if (p.isEmpty()) {
                    problems.add("an empty prefix would route every model to '" + e + "'; use a default endpoint");
                } else if (!endpoints.containsKey(e)) {
                    problems.add("prefix '" + p + "' is routed to unknown endpoint '" + e + "'");
                }
            });
            if (defaultEndpoint != null && !endpoints.containsKey(defaultEndpoint)) {
                problems.add("the default endpoint '" + defaultEndpoint + "' is unknown");
            }
            if (defaultEndpoint == null && defaultBackend == null) {
                problems.add("no default backend or default endpoint");
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException("invalid inference routing: " + String.join("; ", problems)
                    + " (endpoints: " + endpoints.keySet() + ")");
            }
            return new RoutingInferenceBackend(this);
        }
    }
}
