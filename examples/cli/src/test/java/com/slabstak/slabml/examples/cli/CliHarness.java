/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedLearner;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedLearner;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code slabml} in-process against a fake OpenAI server over loopback HTTP, with captured
 * output, an injected environment and a clock that follows the fake backend's simulated time.
 */
final class CliHarness implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-20T10:00:00Z");
    static final LocalDate NEAR_SHUTDOWN = LocalDate.parse("2026-12-31");

    final ManualClock clock = ManualClock.at(START);
    final SimulatedFineTuningBackend fineTuning;
    final SimulatedInferenceBackend inference;
    final SimulatedOpenAiServer server;
    final Path dataDir;
    final Map<String, String> env = new LinkedHashMap<>();
    final Map<String, String> systemProperties = new LinkedHashMap<>();
    boolean terminal;

    /** The run's result: exit code and what went to stdout and stderr. */
    record Result(int code, String out, String err) {
        Map<String, Object> json() {
            return CliJson.readObject(out);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jsonList() {
            return (List<Map<String, Object>>) CliJson.read(out);
        }
    }

    CliHarness(Path temp) {
        this.fineTuning = SimulatedFineTuningBackend.builder().clock(clock)
            .advancePerObservation(Duration.ofMinutes(1)).modelSettle(Duration.ZERO)
            .addBaseModel("gpt-4o-mini-2024-07-18", NEAR_SHUTDOWN).build();
        this.inference = SimulatedInferenceBackend.builder().simulate(SimulatedLearner.create(42), fineTuning).build();
        this.server = new SimulatedOpenAiServer(fineTuning, inference, clock).start().requireApiKey("sk-test");
        this.dataDir = temp.resolve("data");
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("OPENAI_BASE_URL", server.baseUrl());
        env.put("SLABML_DATA_DIR", dataDir.toString());
        env.put("SLABML_OPENAI_MAX_RETRIES", "0");
        systemProperties.put("slabml.openai.response_validation", "true");
    }

    /** The clock the command sees: the fake backend's simulated time. */
    Clock commandClock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return fineTuning.now();
            }
        };
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = new CliEnvironment(env, systemProperties, new PrintWriter(out, true),
            new PrintWriter(err, true), terminal, commandClock(), d -> { });
        int code = SlabMlCli.run(environment, args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Writes {@code n} card samples as a JSONL file of samples, in the store's shape. */
    Path samplesFile(Path dir, int n) {
        CardSampleGenerator gen = CardSampleGenerator.create(3);
        List<String> lines = new ArrayList<>();
        for (CardSampleGenerator.CardSample c : gen.cards(n)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("task", "card_identification");
            row.put("source", "validated");
            row.put("confidence", 0.95);
            row.put("input", c.input());
            row.put("output", c.output());
            lines.add(CliJson.write(row));
        }
        return write(dir.resolve("samples.jsonl"), lines);
    }

    static Path write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
