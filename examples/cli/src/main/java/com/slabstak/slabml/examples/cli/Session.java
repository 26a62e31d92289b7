/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One {@link SlabMl} for one run of a verb, configured from the {@link CliEnvironment} only:
 * environment variables and {@code slabml.*} system properties as {@code SlabMl.fromEnv()} reads
 * them, the {@code file} store, and the {@code openai} provider unless configured otherwise. Verbs
 * that only read or write local data run without OpenAI credentials.
 */
final class Session implements AutoCloseable {
    static final String STORE = "slabml.store.provider";
    static final String FINE_TUNING = "slabml.fine_tuning.provider";
    static final String INFERENCE = "slabml.inference.provider";

    private final SlabMl slabMl;
    private final CliEnvironment environment;

    private Session(SlabMl slabMl, CliEnvironment environment) {
        this.slabMl = slabMl;
        this.environment = environment;
    }

    static Session open(CliEnvironment env, Path dataDir, boolean needsProvider) {
        Objects.requireNonNull(env, "env");
        SlabMl.Builder b = reading(env).clock(env.clock()).sleeper(env.sleeper());
        SlabMlConfig given = b.config();
        Map<String, String> values = new LinkedHashMap<>();
        values.put(STORE, given.get(STORE).orElse("file"));
        values.put(FINE_TUNING, given.get(FINE_TUNING).orElse("openai"));
        values.put(INFERENCE, given.get(INFERENCE).orElse("openai"));
        if (dataDir != null) {
            values.put("slabml.data.dir", dataDir.toString());
        }
        // The command's defaults, over what the environment says.
        values.forEach(b::putConfig);
        SlabMlConfig config = b.config();
        b.dataDirectory(config.get("slabml.data.dir").map(Path::of).orElse(SlabMl.DEFAULT_DATA_DIRECTORY));
        boolean credentials = config.get("slabml.openai.api_key").isPresent()
            || config.get("slabml.openai.azure.endpoint").isPresent();
        if (!needsProvider && config.get(FINE_TUNING).orElse("").equals("together")
            && config.get("slabml.together.api_key").isEmpty()) {
            b.fineTuningBackend(offline(FineTuningBackend.class, "slabml.together.api_key", "TOGETHER_API_KEY"));
        }
        if (!needsProvider && !credentials) {
            // Local verbs (datasets, evaluation, reports) must not need an API key.
            if (config.get(FINE_TUNING).orElse("").equals("openai")) {
                b.fineTuningBackend(offline(FineTuningBackend.class));
            }
            if (config.get(INFERENCE).orElse("").equals("openai")) {
                b.inferenceBackend(offline(InferenceBackend.class));
            }
        }
        return new Session(b.build(), env);
    }

    /** A builder that reads the environment and system properties exactly as {@code SlabMl.fromEnv()} does. */
    private static SlabMl.Builder reading(CliEnvironment env) {
        return env.isProcessEnvironment() ? SlabMl.builder().readEnvironment()
            : SlabMl.builder().readEnvironment(env.systemProperties(), env.env());
    }

    /**
     * Refuses a data directory that does not exist, for verbs that only read it.
     *
     * @throws InvalidInputException naming {@code --data-dir} and the directory
     */
    static void requireExistingDataDirectory(CliEnvironment env, Path dataDir) {
        Path dir = dataDirectory(env, dataDir);
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new com.slabstak.slabml.InvalidInputException("--data-dir", "no such data directory: " + dir
                + " (check --data-dir or SLABML_DATA_DIR; 'slabml collect' creates it)");
        }
    }

    private static Path dataDirectory(CliEnvironment env, Path dataDir) {
        if (dataDir != null) {
            return dataDir;
        }
        return reading(env).config().get("slabml.data.dir").map(Path::of).orElse(SlabMl.DEFAULT_DATA_DIRECTORY);
    }

    SlabMl slabMl() {
        return slabMl;
    }

    CliEnvironment environment() {
        return environment;
    }

    @Override
    public void close() {
        slabMl.close();
    }

    private static <T> T offline(Class<T> type) {
        return offline(type, "slabml.openai.api_key", "OPENAI_API_KEY");
    }

    private static <T> T offline(Class<T> type, String key, String variable) {
        Object proxy = Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {type},
            (p, method, args) -> {
                switch (method.getName()) {
                    case "close":
                        return null;
                    case "toString":
                        return "offline " + type.getSimpleName();
                    case "hashCode":
                        return System.identityHashCode(p);
                    case "equals":
                        return p == args[0];
                    default:
                        if (method.isDefault()) {
                            // Capabilities the library asks about while wiring (a default answer),
                            // not calls to the provider.
                            return java.lang.reflect.InvocationHandler.invokeDefault(p, method, args);
                        }
                        throw new ConfigurationException(key + ": required for this verb "
                            + "(environment variable " + variable + ")");
                }
            });
        return type.cast(proxy);
    }
}
