/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One named inference endpoint: an OpenAI-compatible server (a self-hosted vLLM server, Together,
 * Fireworks, Azure OpenAI, OpenAI itself) with its own base URL, key and timeouts. Its keys live
 * under {@code slabml.inference.endpoints.<name>.}; a provider reads them through
 * {@link #get(String)} and names them in its errors with {@link #key(String)}.
 *
 * <pre>{@code
 * // slabml.inference.endpoints=together
 * // slabml.inference.endpoints.together.base_url=https://api.together.xyz/v1
 * // slabml.inference.endpoints.together.api_key=...
 * InferenceEndpoint together = InferenceEndpoint.of("together", config);
 * String url = together.get("base_url").orElseThrow();          // https://api.together.xyz/v1
 * String key = together.key("api_key");                          // slabml.inference.endpoints.together.api_key
 * }</pre>
 *
 * @since 0.2
 */
public final class InferenceEndpoint {
    /** The prefix of every endpoint key, {@code slabml.inference.endpoints.}. */
    public static final String KEY_PREFIX = "slabml.inference.endpoints.";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*");

    private final String name;
    private final SlabMlConfig config;

    private InferenceEndpoint(String name, SlabMlConfig config) {
        this.name = name;
        this.config = config;
    }

    /**
     * Returns the endpoint {@code name} of a configuration.
     *
     * @param name lower-case letters and digits, starting with a letter, such as {@code together} or {@code vllm2}
     * @param config the whole configuration; the endpoint reads its own keys from it
     * @return the endpoint
     * @throws ConfigurationException if the name has other characters
     */
    public static InferenceEndpoint of(String name, SlabMlConfig config) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        if (!isValidName(name)) {
            throw new ConfigurationException("slabml.inference.endpoints: endpoint name '" + name
                + "' must be lower-case letters and digits, starting with a letter (it is also part of environment variable names)");
        }
        return new InferenceEndpoint(name, config);
    }

    /**
     * Whether {@code name} can name an endpoint.
     *
     * @param name a candidate name
     * @return true for lower-case letters and digits starting with a letter
     */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @return the endpoint's name */
    public String name() {
        return name;
    }

    /**
     * Returns the full configuration key of one of this endpoint's settings.
     *
     * @param leaf the setting, such as {@code base_url}
     * @return {@code slabml.inference.endpoints.<name>.<leaf>}
     */
    public String key(String leaf) {
        Objects.requireNonNull(leaf, "leaf");
        return KEY_PREFIX + name + "." + leaf;
    }

    /**
     * Returns one of this endpoint's settings, trimmed; blank counts as unset.
     *
     * @param leaf the setting, such as {@code base_url}
     * @return the string, if any
     */
    public Optional<String> get(String leaf) {
        return config.get(key(leaf)).map(String::trim).filter(s -> !s.isEmpty());
    }

    /**
     * The environment variable that sets one of this endpoint's settings.
     *
     * @param leaf the setting, such as {@code api_key}
     * @return for example {@code SLABML_INFERENCE_ENDPOINTS_TOGETHER_API_KEY}
     */
    public String environmentVariable(String leaf) {
        return key(leaf).toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** @return the whole configuration, for settings a provider shares across endpoints */
    public SlabMlConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "InferenceEndpoint{" + name + '}';
    }
}
