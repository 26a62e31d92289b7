/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.InferenceEndpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which endpoint serves which model, read from configuration and checked as a whole: the declared
 * endpoints ({@code slabml.inference.endpoints}), the exact model ids and the id prefixes each one
 * serves ({@code .models}, {@code .prefixes}, or entries of {@code slabml.inference.routes}), the
 * endpoint that serves every other model ({@code slabml.inference.default_endpoint}, else the
 * default inference backend) and each endpoint's structured-output mode. Internal.
 *
 * <pre>{@code
 * InferenceRoutes routes = InferenceRoutes.parse(config, keys, Set.of());
 * routes.exact();     // {ft:my-model=openai}
 * routes.prefixes();  // {acme/=together}
 * }</pre>
 */
public final class InferenceRoutes {
    /** Names the endpoints, comma-separated. */
    public static final String ENDPOINTS = "slabml.inference.endpoints";
    /** {@code model=endpoint} and {@code prefix*=endpoint} entries, comma-separated. */
    public static final String ROUTES = "slabml.inference.routes";
    /** The endpoint of models no route names. */
    public static final String DEFAULT_ENDPOINT = "slabml.inference.default_endpoint";
    /** The structured-output mode of the default inference backend. */
    public static final String DEFAULT_STRUCTURED_OUTPUTS = "slabml.inference.structured_outputs";

    /** Whether an endpoint is sent JSON-schema response formats. */
    public enum StructuredOutputs {
        /** Sent when the backend supports them; a 400 naming {@code response_format} switches the model to prompt-only. */
        AUTO,
        /** Sent when the backend supports them; a refusal is an error. */
        ON,
        /** Never sent: the task's prompt alone asks for JSON. */
        OFF;

        static Optional<StructuredOutputs> parse(String value) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "auto": return Optional.of(AUTO);
                case "true": case "on": case "yes": return Optional.of(ON);
                case "false": case "off": case "no": return Optional.of(OFF);
                default: return Optional.empty();
            }
        }
    }

    private final List<String> endpoints;
    private final String defaultEndpoint;
    private final Map<String, String> exact;
    private final Map<String, String> prefixes;
    private final Map<String, StructuredOutputs> modes;
    private final StructuredOutputs defaultMode;

    private InferenceRoutes(List<String> endpoints, String defaultEndpoint, Map<String, String> exact,
                            Map<String, String> prefixes, Map<String, StructuredOutputs> modes,
                            StructuredOutputs defaultMode) {
        this.endpoints = List.copyOf(endpoints);
        this.defaultEndpoint = defaultEndpoint;
        this.exact = Collections.unmodifiableMap(new TreeMap<>(exact));
        this.prefixes = Collections.unmodifiableMap(new TreeMap<>(prefixes));
        this.modes = Map.copyOf(modes);
        this.defaultMode = defaultMode;
    }

    /**
     * Reads and checks the routing configuration.
     *
     * @param config the configuration
     * @param keys every key that has a value, to find settings of endpoints that are not declared
     * @param givenEndpoints names of endpoints whose backends were passed in code; they count as declared
     * @return the routes
     * @throws ConfigurationException listing every problem: a bad or duplicate name, settings of an
     *     undeclared endpoint, a route to a missing endpoint, a model or prefix routed to two
     *     endpoints, an endpoint that serves nothing, a bad structured-output mode
     */
    public static InferenceRoutes parse(SlabMlConfig config, Collection<String> keys, Set<String> givenEndpoints) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(givenEndpoints, "givenEndpoints");
        List<String> problems = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String raw : config.get(ENDPOINTS, "").split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!InferenceEndpoint.isValidName(name)) {
                problems.add(ENDPOINTS + ": endpoint name '" + name
                    + "' must be lower-case letters and digits, starting with a letter");
            } else if (!names.add(name)) {
                problems.add(ENDPOINTS + ": endpoint '" + name + "' is listed twice");
            }
        }
        for (String name : givenEndpoints) {
            if (!InferenceEndpoint.isValidName(name)) {
                problems.add("putInferenceEndpoint: endpoint name '" + name
                    + "' must be lower-case letters and digits, starting with a letter");
            } else {
                names.add(name);
            }
        }
        Set<String> undeclared = new LinkedHashSet<>();
        for (String key : keys) {
            if (key.startsWith(InferenceEndpoint.KEY_PREFIX)) {
                String rest = key.substring(InferenceEndpoint.KEY_PREFIX.length());
                String name = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
                if (!names.contains(name) && undeclared.add(name)) {
                    problems.add(key + ": unknown inference endpoint '" + name + "' (declared: " + names
                        + "); add it to " + ENDPOINTS);
                }
            }
        }

        Map<String, String> exact = new LinkedHashMap<>();
        Map<String, String> prefixes = new LinkedHashMap<>();
        Map<String, StructuredOutputs> modes = new LinkedHashMap<>();
        for (String name : names) {
            InferenceEndpoint e = InferenceEndpoint.of(name, config);
            for (String model : list(e.get("models"))) {
                add(exact, model, name, e.key("models"), "model", problems);
            }
            for (String prefix : list(e.get("prefixes"))) {
                add(prefixes, prefix, name, e.key("prefixes"), "prefix", problems);
            }
            modes.put(name, mode(config, e.key("structured_outputs"), problems));
        }
        for (String entry : list(config.get(ROUTES))) {
            int eq = entry.lastIndexOf('=');
            String pattern = eq < 0 ? "" : entry.substring(0, eq).trim();
            String name = eq < 0 ? "" : entry.substring(eq + 1).trim();
            boolean prefix = pattern.endsWith("*");
            String value = prefix ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (value.isEmpty() || name.isEmpty() || value.contains("*")) {
                problems.add(ROUTES + ": entry '" + entry + "' must be model=endpoint or prefix*=endpoint");
            } else if (!names.contains(name)) {
                problems.add(ROUTES + ": entry '" + entry + "' routes to unknown endpoint '" + name
                    + "' (declared: " + names + ")");
            } else {
                add(prefix ? prefixes : exact, value, name, ROUTES, prefix ? "prefix" : "model", problems);
            }
        }
        String defaultEndpoint = config.get(DEFAULT_ENDPOINT).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        if (defaultEndpoint != null && !names.contains(defaultEndpoint)) {
            problems.add(DEFAULT_ENDPOINT + ": unknown endpoint '" + defaultEndpoint + "' (declared: " + names + ")");
        }
        for (String name : names) {
            if (!name.equals(defaultEndpoint) && !exact.containsValue(name) && !prefixes.containsValue(name)) {
                problems.add(InferenceEndpoint.KEY_PREFIX + name + ": endpoint '" + name + "' serves no model; give it "
                    + "models or prefixes, route models to it with " + ROUTES + ", or make it " + DEFAULT_ENDPOINT);
            }
        }
        StructuredOutputs defaultMode = mode(config, DEFAULT_STRUCTURED_OUTPUTS, problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid inference routing (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems));
        }
        return new InferenceRoutes(List.copyOf(names), defaultEndpoint, exact, prefixes, modes, defaultMode);
    }

    private static void add(Map<String, String> routes, String pattern, String endpoint, String key, String what,
                            List<String> problems) {
        String previous = routes.putIfAbsent(pattern, endpoint);
        if (previous != null && !previous.equals(endpoint)) {
            problems.add(key + ": " + what + " '" + pattern + "' is routed to two endpoints, '" + previous + "' and '"
                + endpoint + "'");
        }
    }

    private static StructuredOutputs mode(SlabMlConfig config, String key, List<String> problems) {
        Optional<String> value = config.get(key).filter(s -> !s.isBlank());
        if (value.isEmpty()) {
            return StructuredOutputs.AUTO;
        }
        Optional<StructuredOutputs> mode = StructuredOutputs.parse(value.get());
        if (mode.isEmpty()) {
            problems.add(key + ": expected auto, true or false, was '" + value.get() + "'");
            return StructuredOutputs.AUTO;
        }
        return mode.get();
    }

    private static List<String> list(Optional<String> value) {
        List<String> out = new ArrayList<>();
        for (String part : value.orElse("").split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** @return the declared endpoints, in declaration order */
    public List<String> endpoints() {
        return endpoints;
    }

    /** @return the endpoint of models no route names; absent means the default inference backend */
    public Optional<String> defaultEndpoint() {
        return Optional.ofNullable(defaultEndpoint);
    }

    /** @return exact model ids and their endpoints */
    public Map<String, String> exact() {
        return exact;
    }

    /** @return model id prefixes and their endpoints; the longest matching prefix wins */
    public Map<String, String> prefixes() {
        return prefixes;
    }

    /**
     * @param endpoint a declared endpoint
     * @return its structured-output mode
     */
    public StructuredOutputs structuredOutputs(String endpoint) {
        return modes.getOrDefault(endpoint, StructuredOutputs.AUTO);
    }

    /** @return the structured-output mode of the default inference backend */
    public StructuredOutputs defaultStructuredOutputs() {
        return defaultMode;
    }

    @Override
    public String toString() {
        return "InferenceRoutes{endpoints=" + endpoints + ", exact=" + exact + ", prefixes=" + prefixes
            + ", default=" + (defaultEndpoint == null ? "(default backend)" : defaultEndpoint) + '}';
    }
}
