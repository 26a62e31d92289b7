/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together.internal;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.ScopedConfig;
import com.slabstak.slabml.SlabMlConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code slabml.together.*} keys, read and checked together: every problem is reported in one
 * {@link ConfigurationException}, and the key itself never appears in a message.
 *
 * @param apiKey the API key ({@code slabml.together.api_key}, environment variable {@code TOGETHER_API_KEY})
 * @param baseUrl the API root, {@code https://api.together.xyz/v1} unless configured
 * @param maxRetries retries of requests safe to repeat (job creation is never retried)
 * @param timeout the timeout of one request
 * @param defaults the job options used when a request does not set them
 */
record TogetherSettings(String apiKey, String baseUrl, int maxRetries, Duration timeout, JobOptions defaults) {
    static final String PREFIX = "slabml.together.";
    static final String API_KEY = PREFIX + "api_key";
    static final String BASE_URL = PREFIX + "base_url";
    static final String MAX_RETRIES = PREFIX + "max_retries";
    static final String TIMEOUT = PREFIX + "timeout";
    /** The API root together-py uses. */
    static final String DEFAULT_BASE_URL = "https://api.together.xyz/v1";
    static final int DEFAULT_MAX_RETRIES = 2;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Every key under {@code slabml.together} the provider reads; another one is reported. */
    static final List<String> KNOWN_KEYS = List.of("api_key", "base_url", "max_retries", "timeout",
        JobOptions.TRAINING_TYPE, JobOptions.LORA_R, JobOptions.LORA_ALPHA, JobOptions.LEARNING_RATE,
        JobOptions.N_EVALS, JobOptions.N_CHECKPOINTS, JobOptions.TRAINING_METHOD, JobOptions.DPO_BETA);

    static TogetherSettings read(SlabMlConfig root) {
        List<String> problems = new ArrayList<>();
        ScopedConfig config = root.scoped(PREFIX);
        problems.addAll(unknown(config));
        Optional<String> key = text(root, API_KEY);
        if (key.isEmpty()) {
            problems.add(API_KEY + ": required (environment variable TOGETHER_API_KEY)");
        }
        String baseUrl = stripTrailingSlash(text(root, BASE_URL).orElse(DEFAULT_BASE_URL));
        try {
            URI u = URI.create(baseUrl);
            if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http")) || u.getHost() == null) {
                problems.add(BASE_URL + ": expected an http(s) URL, was '" + baseUrl + "'");
            }
        } catch (IllegalArgumentException e) {
            problems.add(BASE_URL + ": not a URL, was '" + baseUrl + "'");
        }
        int maxRetries = DEFAULT_MAX_RETRIES;
        Duration timeout = DEFAULT_TIMEOUT;
        JobOptions defaults = JobOptions.DEFAULTS;
        try {
            maxRetries = root.getInt(MAX_RETRIES, DEFAULT_MAX_RETRIES);
            if (maxRetries < 0) {
                problems.add(MAX_RETRIES + ": must be 0 or more, was " + maxRetries);
            }
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
        try {
            timeout = root.getDuration(TIMEOUT, DEFAULT_TIMEOUT);
            if (timeout.isNegative() || timeout.isZero()) {
                problems.add(TIMEOUT + ": must be positive, was " + timeout);
            }
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
        try {
            defaults = JobOptions.read(name -> text(config, name), PREFIX, problems);
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Together AI provider is not configured: " + String.join("; ", problems));
        }
        return new TogetherSettings(key.get(), baseUrl, maxRetries, timeout, defaults);
    }

    @Override
    public String toString() {
        return "TogetherSettings[baseUrl=" + baseUrl + ", maxRetries=" + maxRetries + ", timeout=" + timeout
            + ", defaults=" + defaults + ", apiKey=***]";
    }

    private static List<String> unknown(ScopedConfig config) {
        List<String> problems = new ArrayList<>();
        for (String key : config.unknownKeys(KNOWN_KEYS)) {
            problems.add(key + ": unknown key (known: " + String.join(", ", KNOWN_KEYS) + ")");
        }
        return problems;
    }

    private static Optional<String> text(SlabMlConfig config, String key) {
        return config.get(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static String stripTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
