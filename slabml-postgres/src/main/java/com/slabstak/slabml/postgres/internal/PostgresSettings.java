/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres.internal;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.ScopedConfig;
import com.slabstak.slabml.SlabMlConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code slabml.postgres.*} keys. The password is a secret: {@link #toString()} masks it.
 *
 * <p>Public for the provider in the parent package; not part of the API.
 *
 * @param url the JDBC URL ({@code slabml.postgres.url}), required unless a data source is passed
 * @param user the user ({@code slabml.postgres.user})
 * @param password the password ({@code slabml.postgres.password})
 * @param schema the schema holding the tables ({@code slabml.postgres.schema}, default {@code slabml})
 * @param poolSize the pool's size ({@code slabml.postgres.pool_size}, default 10)
 */
public record PostgresSettings(String url, Optional<String> user, Optional<String> password, String schema,
                               int poolSize) {
    /** The configuration keys' prefix. */
    public static final String PREFIX = "slabml.postgres.";
    /** Every key under {@link #PREFIX} the store reads; another one is reported. */
    public static final List<String> KNOWN_KEYS = List.of("url", "user", "password", "schema", "pool_size");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * Reads the settings.
     *
     * @param root the configuration; its {@code slabml.postgres.*} keys are read
     * @param urlRequired whether {@code slabml.postgres.url} must be set (no data source was passed)
     * @return the settings
     * @throws ConfigurationException listing every key at fault
     */
    public static PostgresSettings from(SlabMlConfig root, boolean urlRequired) {
        List<String> problems = new ArrayList<>();
        ScopedConfig config = root.scoped(PREFIX);
        for (String key : config.unknownKeys(KNOWN_KEYS)) {
            problems.add(key + ": unknown key (known: " + String.join(", ", KNOWN_KEYS) + ")");
        }
        Optional<String> url = config.get("url").map(String::trim).filter(s -> !s.isEmpty());
        if (url.isEmpty() && urlRequired) {
            problems.add(PREFIX + "url: required by the postgres store, for example jdbc:postgresql://db:5432/slabml");
        } else if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
            problems.add(PREFIX + "url: expected a jdbc:postgresql: URL, was '" + url.get() + "'");
        }
        String schema = config.get("schema", "slabml").trim();
        if (!SCHEMA.matcher(schema).matches()) {
            problems.add(PREFIX + "schema: expected a lower-case identifier (a-z, 0-9, _), was '" + schema + "'");
        }
        int poolSize = 10;
        try {
            poolSize = config.getInt("pool_size", 10);
            if (poolSize < 2) {
                problems.add(PREFIX + "pool_size: must be at least 2, was " + poolSize);
            }
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
        return new PostgresSettings(url.orElse("(the host's data source)"), config.get("user"),
            config.get("password"), schema, poolSize);
    }

    /**
     * Returns the URL with any password parameter masked, for logs and messages.
     *
     * @return the masked URL
     */
    public String maskedUrl() {
        return PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
    }

    @Override
    public String toString() {
        return "PostgresSettings[url=" + maskedUrl() + ", user=" + user.orElse("") + ", password="
            + (password.isPresent() ? "****" : "") + ", schema=" + schema + ", poolSize=" + poolSize + "]";
    }
}
