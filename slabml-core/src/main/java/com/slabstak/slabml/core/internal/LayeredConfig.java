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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configuration of one {@code SlabMl} instance: builder values win over {@code slabml.*}
 * system properties, which win over environment variables, which win over built-in defaults.
 * Internal; hosts see it as {@link SlabMlConfig}.
 *
 * <p>Keys compare by one rule applied to both sides of a lookup ({@link SlabMlConfig#normalizeKey}):
 * lower-case, with {@code -}, {@code _} and {@code .} read as one separator. So {@code slabml.a.b_c}
 * is read from the system property {@code slabml.a.b_c} or the environment variable
 * {@code SLABML_A_B_C}, and a host's own keys work the same way. The seed's variable names ({@code FINETUNED_CARD_ID_MODEL}, ...) and
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

    /** Every value, by normalised key; each entry keeps the key as configured. */
    private final Map<String, Entry> values;

    private LayeredConfig(Map<String, Entry> values) {
        this.values = values;
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
                merged.put(SlabMlConfig.normalizeKey(k), new Entry(k, v, "default"));
            }
        });
        return new LayeredConfig(Collections.unmodifiableMap(merged));
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
        DEFAULTS.forEach((k, v) -> put(merged, k, v, "default"));
        // Environment: aliases first, then SLABML_* names override them.
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String key = aliases.get(e.getKey());
            if (key != null && e.getValue() != null && !e.getValue().isEmpty()) {
                put(merged, key, e.getValue(), "env " + e.getKey());
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String name = e.getKey();
            if (name.startsWith("SLABML_") && name.length() > "SLABML_".length()
                && e.getValue() != null && !e.getValue().isEmpty()) {
                put(merged, SlabMlConfig.normalizeKey(name), e.getValue(), "env " + name);
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(systemProperties).entrySet()) {
            if (e.getKey().startsWith("slabml.") && e.getValue() != null) {
                put(merged, e.getKey(), e.getValue(), "system property");
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
            put(merged, key, e.getValue(), "builder");
        }
        LayeredConfig config = new LayeredConfig(Collections.unmodifiableMap(merged));
        problems.addAll(config.validate());
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid SlabML configuration (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems));
        }
        return config;
    }

    private static void put(Map<String, Entry> merged, String key, String value, String source) {
        merged.put(SlabMlConfig.normalizeKey(key), new Entry(key, value, source));
    }

    /** The environment variable name of a key: {@code slabml.a.b_c} -> {@code SLABML_A_B_C}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Whether a normalised key's last words are {@code leaf} ({@code max_retries}, {@code timeout}).
     * Separators are not told apart, so a check names the words it means in full
     * ({@code azure.endpoint}, not {@code endpoint}, which {@code default_endpoint} also ends with).
     */
    private static boolean hasLeaf(String normalizedKey, String leaf) {
        return normalizedKey.endsWith("." + SlabMlConfig.normalizeKey(leaf));
    }

    private List<String> validate() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Entry> e : values.entrySet()) {
            String norm = e.getKey();
            String key = e.getValue().key;
            String value = e.getValue().value;
            String shown = isSecret(key) ? "" : ", was '" + value + "'";
            String from = " (from " + e.getValue().source + ")";
            if (isSecret(key)) {
                if (value.isBlank() || !value.equals(value.strip()) || value.chars().anyMatch(Character::isWhitespace)) {
                    problems.add(key + ": must not be blank or contain spaces or line breaks (value hidden)" + from);
                }
            } else if (hasLeaf(norm, "use_finetuned") || hasLeaf(norm, "enabled")) {
                String v = value.trim().toLowerCase(Locale.ROOT);
                if (!List.of("true", "false", "yes", "no", "1", "0", "on", "off").contains(v)) {
                    problems.add(key + ": expected true or false" + shown + from);
                }
            } else if (hasLeaf(norm, "max_retries")) {
                try {
                    if (Integer.parseInt(value.trim()) < 0) {
                        problems.add(key + ": must be 0 or more" + shown + from);
                    }
                } catch (NumberFormatException ex) {
                    problems.add(key + ": expected an integer" + shown + from);
                }
            } else if (hasLeaf(norm, "timeout") && !hasLeaf(norm, "block_timeout")) {
                try {
                    Duration d = SlabMlConfig.of(Map.of(key, value)).getDuration(key, Duration.ZERO);
                    if (d.isNegative() || d.isZero()) {
                        problems.add(key + ": must be positive" + shown + from);
                    }
                } catch (ConfigurationException ex) {
                    problems.add(key + ": expected a duration such as 30s or PT30S" + shown + from);
                }
            } else if (hasLeaf(norm, "base_url") || hasLeaf(norm, "azure.endpoint")) {
                if (!isHttpUrl(value)) {
                    problems.add(key + ": expected an http(s) URL" + shown + from);
                }
            } else if (hasLeaf(norm, "provider") || hasLeaf(norm, "base_model")
                || hasLeaf(norm, "finetuned_model")) {
                if (value.isBlank()) {
                    problems.add(key + ": must not be blank" + from);
                }
            } else if (norm.equals("slabml.data.dir")) {
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
        String k = SlabMlConfig.normalizeKey(key);
        return k.endsWith("api.key") || k.endsWith("password") || k.endsWith("secret") || k.endsWith("token");
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        String norm = SlabMlConfig.normalizeKey(key);
        Entry e = values.get(norm);
        if (e != null) {
            return Optional.of(e.value);
        }
        if (norm.startsWith("slabml.") && hasLeaf(norm, "base_model")
            && !norm.equals(SlabMlConfig.normalizeKey(DEFAULT_BASE_MODEL_KEY))) {
            return get(DEFAULT_BASE_MODEL_KEY);
        }
        return Optional.empty();
    }

    /** Returns where a key's value came from ({@code builder}, {@code system property}, {@code env NAME}, {@code default}). */
    public Optional<String> source(String key) {
        Objects.requireNonNull(key, "key");
        Entry e = values.get(SlabMlConfig.normalizeKey(key));
        return e == null ? Optional.empty() : Optional.of(e.source);
    }

    /**
     * Returns the keys that have a value, as configured; a key read from a {@code SLABML_*} variable
     * is shown lower-case with dots ({@code slabml.cache.ttl}).
     */
    @Override
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        values.values().forEach(e -> keys.add(e.key));
        return Collections.unmodifiableSet(keys);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SlabMlConfig{");
        boolean first = true;
        for (Entry e : values.values()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.key).append('=')
                .append(isSecret(e.key) ? "****" : e.value)
                .append(" (").append(e.source).append(')');
        }
        return sb.append('}').toString();
    }

    private record Entry(String key, String value, String source) {
    }
}
