/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.core.Sleeper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of the command sees of the world: environment variables, {@code slabml.*} system
 * properties, where output goes, whether it goes to a terminal, and the clock. Tests pass their own,
 * so nothing of the real process environment is read or changed.
 *
 * {@code int code = SlabMlCli.run(new CliEnvironment(Map.of("OPENAI_API_KEY", "k"), Map.of(), out, err, false, clock, Sleeper.system()), "list-jobs");}
 *
 * @param env environment variables ({@code OPENAI_API_KEY}, {@code SLABML_DATA_DIR}, ...)
 * @param systemProperties {@code slabml.*} system properties
 * @param out standard output
 * @param err standard error
 * @param terminal whether standard output is an interactive terminal (live progress display)
 * @param clock the clock for elapsed times, ETAs and shutdown warnings
 * @param sleeper how {@code wait} waits between polls
 */
public record CliEnvironment(Map<String, String> env, Map<String, String> systemProperties, PrintWriter out,
                             PrintWriter err, boolean terminal, Clock clock, Sleeper sleeper) {

    /** Checks and copies the maps. */
    public CliEnvironment {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        systemProperties = Map.copyOf(Objects.requireNonNull(systemProperties, "systemProperties"));
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The real process: {@code System.getenv()}, {@code slabml.*} system properties, stdout, stderr. */
    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), processProperties(),
            new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
            new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
            System.console() != null, Clock.systemUTC(), Sleeper.system());
    }

    /** Whether this is the real process environment, which {@code SlabMl} then reads itself. */
    boolean isProcessEnvironment() {
        return env.equals(System.getenv()) && systemProperties.equals(processProperties());
    }

    private static Map<String, String> processProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("slabml.")) {
                props.put(name, System.getProperty(name));
            }
        }
        return props;
    }
}
