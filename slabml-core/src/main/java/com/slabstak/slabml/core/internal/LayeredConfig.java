/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configuration of one {@code SlabMl} instance: builder values win over {@code slabml.*}
 * system properties, which win over environment variables, which win over built-in defaults.
 * Internal; hosts see it as {@link SlabMlConfig}.
 *
 * <p>Environment variables map to keys by name ({@code slabml.a.b_c} is read from
 * {@code SLABML_A_B_C}); the seed's variable names ({@code FINETUNED_CARD_ID_MODEL}, ...) and
 * those a provider declares ({@link com.slabstak.slabml.spi.FineTuningBackendProvider#environmentAliases()})
 * are aliases that a {@code SLABML_*} variable overrides. The base model of every task
 * ({@code slabml.<task>.base_model}) defaults to the fine-tuning provider's default model, added
 * with {@link #withDefaults}.
 * Values of secret keys (ending in {@code api_key}, {@code password}, {@code secret} or
 * {@code token}) never appear in {@link #toString()} or in exception messages.
 *
 * {@code SlabMlConfig c = LayeredConfig.of(Map.of("slabml.data.dir", "data"), Map.of(), System.getenv());}
 */
public final class LayeredConfig implements SlabMlConfig {
    /** The data directory unless configured. */
    public static final String DEFAULT_DATA_DIR = "./slabml-data";

    /** Seed environment variable names and the keys they set. */
    static final Map<String, String> ENV_ALIASES;

    static {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("FINETUNED_CARD_ID_MODEL", "slabml.card_identification.finetuned_model");
        a.put("USE_FINETUNED_CARD_ID", "slabml.card_identification.use_finetuned");
        a.put("FINETUNED_LISTING_MODEL", "slabml.listing_generation.finetuned_model");
        a.put("USE_FINETUNED_LISTING", "slabml.listing_generation.use_finetuned");
        ENV_ALIASES = Collections.unmodifiableMap(a);
    }

    private static final Map<String, String> DEFAULTS = Map.of(
        "slabml.data.dir", DEFAULT_DATA_DIR);
    /** The key whose default value is every task's base model, once {@link #withDefaults} sets it. */
    public static final String DEFAULT_BASE_MODEL_KEY = "slabml.fine_tuning.base_model";

    /** Every value SlabML can enumerate, for validation and {@link #toString()}. */
    private final Map<String, Entry> values;
    /** Builder values and system properties, exact keys. */
    private final Map<String, Entry> explicit;
    /** The SLABML_* environment variables, by exact name. */
    private final Map<String, String> slabmlEnv;

    private LayeredConfig(Map<String, Entry> values, Map<String, Entry> explicit, Map<String, String> slabmlEnv) {
        this.values = values;
        this.explicit = explicit;
        this.slabmlEnv = slabmlEnv;
    }

    /**
     * Builds the layered configuration with no environment aliases beyond the seed's task names.
     *
     * @see #of(Map, Map, Map, Map)
     */
    public static LayeredConfig of(Map<String, String> builderValues, Map<String, String> systemProperties,
                                   Map<String, String> environment) {
        return of(builderValues, systemProperties, environment, Map.of());
    }

    /**
     * Returns this configuration with defaults added for keys that have no value; a default never
     * replaces a configured value. {@code slabml.fine_tuning.base_model}'s value (configured or
     * default) becomes the default of every {@code slabml.<task>.base_model}.
     *
     * @param defaults values by key, as the active providers state them
     * @return the configuration with the defaults
     */
    public LayeredConfig withDefaults(Map<String, String> defaults) {
        Map<String, Entry> merged = new TreeMap<>(values);
        defaults.forEach((k, v) -> {
            if (v != null && get(k).isEmpty()) {
                merged.put(k, new Entry(v, "default"));
            }
        });
        return new LayeredConfig(Collections.unmodifiableMap(merged), explicit, slabmlEnv);
    }

    /**
     * Builds the layered configuration. Only {@code slabml.*} system properties are read; every
     * key in {@code builderValues} must start with {@code slabml.}.
     *
     * @param builderValues values given in code (highest precedence)
     * @param systemProperties the system properties (pass an empty map to ignore them)
     * @param environment the environment variables (pass an empty map to ignore them)
     * @param providerAliases environment variable names the providers read, and the keys they set
     * @throws ConfigurationException listing every problem found, secrets masked
     */
    public static LayeredConfig of(Map<String, String> builderValues, Map<String, String> systemProperties,
                                   Map<String, String> environment, Map<String, String> providerAliases) {
        Objects.requireNonNull(providerAliases, "providerAliases");
        Map<String, String> aliases = new LinkedHashMap<>(providerAliases);
        aliases.putAll(ENV_ALIASES);
        Objects.requireNonNull(builderValues, "builderValues");
        Objects.requireNonNull(systemProperties, "systemProperties");
        Objects.requireNonNull(environment, "environment");
        List<String> problems = new ArrayList<>();
        Map<String, Entry> merged = new TreeMap<>();
        DEFAULTS.forEach((k, v) -> merged.put(k, new Entry(v, "default")));
        // Environment: aliases first, then SLABML_* names override them.
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String key = aliases.get(e.getKey());
            if (key != null && e.getValue() != null && !e.getValue().isEmpty()) {
                merged.put(key, new Entry(e.getValue(), "env " + e.getKey()));
            }
        }
        Map<String, String> slabmlEnv = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String name = e.getKey();
            if (name.startsWith("SLABML_") && name.length() > "SLABML_".length()
                && e.getValue() != null && !e.getValue().isEmpty()) {
                slabmlEnv.put(name, e.getValue());
                // The env name loses where underscores were; known words get them back. Lookups
                // by key (get) use the exact env name, so a host's own keys work too.
                merged.put(canonicalKey(envToKey(name)), new Entry(e.getValue(), "env " + name));
            }
        }
        Map<String, Entry> explicit = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(systemProperties).entrySet()) {
            if (e.getKey().startsWith("slabml.") && e.getValue() != null) {
                Entry entry = new Entry(e.getValue(), "system property");
                merged.put(e.getKey(), entry);
                explicit.put(e.getKey(), entry);
            }
        }
        for (Map.Entry<String, String> e : builderValues.entrySet()) {
            String key = e.getKey();
            if (key == null || !key.startsWith("slabml.") || key.length() == "slabml.".length()) {
                problems.add("config key '" + key + "' must start with 'slabml.'");
                continue;
            }
            if (e.getValue() == null) {
                problems.add(key + ": value must not be null");
                continue;
            }
            Entry entry = new Entry(e.getValue(), "builder");
            merged.put(key, entry);
            explicit.put(key, entry);
        }
        LayeredConfig config = new LayeredConfig(Collections.unmodifiableMap(merged),
            Collections.unmodifiableMap(explicit), Collections.unmodifiableMap(slabmlEnv));
        problems.addAll(config.validate());
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid SlabML configuration (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems));
        }
        return config;
    }

    /**
     * Turns {@code SLABML_A_B_C} into {@code slabml.a.b.c}; {@link #canonicalKey} then restores
     * underscores for keys SlabML knows ({@code slabml.a.b_c}).
     */
    static String envToKey(String envName) {
        return envName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The environment variable name of a key: {@code slabml.a.b_c} -> {@code SLABML_A_B_C}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static final List<String> UNDERSCORE_WORDS = List.of(
        "card_identification", "listing_generation", "api_key", "base_url", "api_version",
        "finetuned_model", "use_finetuned", "base_model", "max_retries", "fine_tuning",
        "trusted_users", "redact_pii", "near_duplicate_threshold", "check_every");

    private static String canonicalKey(String dotted) {
        String k = dotted;
        for (String word : UNDERSCORE_WORDS) {
            k = k.replace(word.replace('_', '.'), word);
        }
        return k;
    }

    private List<String> validate() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Entry> e : values.entrySet()) {
            String key = e.getKey();
            String value = e.getValue().value;
            String shown = isSecret(key) ? "" : ", was '" + value + "'";
            String from = " (from " + e.getValue().source + ")";
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            if (isSecret(key)) {
                if (value.isBlank() || !value.equals(value.strip()) || value.chars().anyMatch(Character::isWhitespace)) {
                    problems.add(key + ": must not be blank or contain spaces or line breaks (value hidden)" + from);
                }
            } else if (leaf.equals("use_finetuned") || leaf.equals("enabled")) {
                String v = value.trim().toLowerCase(Locale.ROOT);
                if (!List.of("true", "false", "yes", "no", "1", "0", "on", "off").contains(v)) {
                    problems.add(key + ": expected true or false" + shown + from);
                }
            } else if (leaf.equals("max_retries")) {
                try {
                    if (Integer.parseInt(value.trim()) < 0) {
                        problems.add(key + ": must be 0 or more" + shown + from);
                    }
                } catch (NumberFormatException ex) {
                    problems.add(key + ": expected an integer" + shown + from);
                }
            } else if (leaf.equals("timeout")) {
                try {
                    Duration d = SlabMlConfig.of(Map.of(key, value)).getDuration(key, Duration.ZERO);
                    if (d.isNegative() || d.isZero()) {
                        problems.add(key + ": must be positive" + shown + from);
                    }
                } catch (ConfigurationException ex) {
                    problems.add(key + ": expected a duration such as 30s or PT30S" + shown + from);
                }
            } else if (leaf.equals("base_url") || leaf.equals("endpoint")) {
                if (!isHttpUrl(value)) {
                    problems.add(key + ": expected an http(s) URL" + shown + from);
                }
            } else if (leaf.equals("provider") || leaf.equals("base_model") || leaf.equals("finetuned_model")) {
                if (value.isBlank()) {
                    problems.add(key + ": must not be blank" + from);
                }
            } else if (key.equals("slabml.data.dir")) {
                try {
                    if (value.isBlank()) {
                        problems.add(key + ": must not be blank" + from);
                    } else {
                        Path.of(value);
                    }
                } catch (InvalidPathException ex) {
                    problems.add(key + ": not a valid path" + shown + from);
                }
            }
        }
        return problems;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value.trim());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Whether a key holds a secret whose value must never be shown. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("api_key") || k.endsWith("password") || k.endsWith("secret") || k.endsWith("token");
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        Entry e = explicit.get(key);
        if (e != null) {
            return Optional.of(e.value);
        }
        String fromEnv = slabmlEnv.get(envName(key));
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        e = values.get(key);
        if (e != null) {
            return Optional.of(e.value);
        }
        if (key.startsWith("slabml.") && key.endsWith(".base_model") && !key.equals(DEFAULT_BASE_MODEL_KEY)) {
            return get(DEFAULT_BASE_MODEL_KEY);
        }
        return Optional.empty();
    }

    /** Returns where a key's value came from ({@code builder}, {@code system property}, {@code env NAME}, {@code default}). */
    public Optional<String> source(String key) {
        Objects.requireNonNull(key, "key");
        Entry e = explicit.get(key);
        if (e == null && slabmlEnv.containsKey(envName(key))) {
            return Optional.of("env " + envName(key));
        }
        e = e != null ? e : values.get(key);
        return e == null ? Optional.empty() : Optional.of(e.source);
    }

    /** Returns the keys that have a value, sorted. */
    public List<String> keys() {
        return List.copyOf(values.keySet());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SlabMlConfig{");
        boolean first = true;
        for (Map.Entry<String, Entry> e : values.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=')
                .append(isSecret(e.getKey()) ? "****" : e.getValue().value)
                .append(" (").append(e.getValue().source).append(')');
        }
        return sb.append('}').toString();
    }

    private static final class Entry {
        final String value;
        final String source;

        Entry(String value, String source) {
            this.value = value;
            this.source = source;
        }
    }
}
