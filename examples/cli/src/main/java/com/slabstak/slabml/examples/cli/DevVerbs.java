/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer;
import com.slabstak.slabml.simulator.together.SimulatedTogetherServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Verbs for trying the command line with no account: {@code dev-server} runs the simulated
 * provider servers, {@code sample-data} writes card samples to collect. Neither opens a data
 * directory.
 */
final class DevVerbs {
    private DevVerbs() {
    }

    /** Which simulated servers {@code dev-server} starts. */
    enum Provider {
        OPENAI, TOGETHER, BOTH
    }

    @Command(name = "dev-server", mixinStandardHelpOptions = true,
        description = {"Run the simulated OpenAI server (and the simulated Together server) on 127.0.0.1 until "
            + "interrupted, and print the environment that points slabml at them. Jobs run in fast-forward: "
            + "each call moves simulated time 2 minutes, so a job finishes in a few polls."})
    static final class DevServer implements Callable<Integer> {
        @ParentCommand
        SlabMlCli root;

        @Option(names = "--port", defaultValue = "" + SimulatedOpenAiServer.DEV_PORT,
            description = "Port of the first server (default: ${DEFAULT-VALUE}); with both, Together takes the next "
                + "one. 0 picks free ports.")
        int port;

        @Option(names = "--provider", paramLabel = "openai|together|both", defaultValue = "openai",
            description = "Which servers to start (default: ${DEFAULT-VALUE}).")
        Provider provider;

        @Override
        public Integer call() {
            if (port < 0 || port > 65_535) {
                throw new InvalidInputException("--port", "must be 0-65535, was " + port);
            }
            PrintWriter out = root.environment().out();
            SimulatedOpenAiServer openAi = null;
            SimulatedTogetherServer together = null;
            try {
                List<String> exports = new ArrayList<>();
                if (provider != Provider.TOGETHER) {
                    openAi = new SimulatedOpenAiServer().start(port);
                    out.println("Simulated OpenAI API at " + openAi.baseUrl());
                    exports.add("export OPENAI_BASE_URL=" + openAi.baseUrl() + " OPENAI_API_KEY=sk-simulated");
                }
                if (provider != Provider.OPENAI) {
                    int togetherPort = provider == Provider.BOTH && port != 0 ? port + 1 : port;
                    together = new SimulatedTogetherServer().start(togetherPort);
                    out.println("Simulated Together API at " + together.baseUrl());
                    exports.add("export SLABML_FINE_TUNING_PROVIDER=together SLABML_TOGETHER_BASE_URL="
                        + together.baseUrl() + " TOGETHER_API_KEY=tk-simulated");
                }
                out.println("In another shell:");
                exports.forEach(line -> out.println("  " + line));
                out.println("Stop with Ctrl+C.");
                out.flush();
                waitUntilInterrupted();
                return ExitCodes.OK;
            } finally {
                if (openAi != null) {
                    openAi.close();
                }
                if (together != null) {
                    together.close();
                }
            }
        }

        private static void waitUntilInterrupted() {
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Command(name = "sample-data", mixinStandardHelpOptions = true,
        description = {"Write realistic card-identification samples (OCR text with scanner noise, confirmed "
            + "scans and user corrections) as JSONL for 'slabml collect'. The same seed writes the same file."})
    static final class SampleData implements Callable<Integer> {
        @ParentCommand
        SlabMlCli root;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write.")
        Path out;

        @Option(names = "--count", defaultValue = "240", description = "How many samples (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--corrections", defaultValue = "0.15",
            description = "Share of the samples that are user corrections, 0-1 (default: ${DEFAULT-VALUE}).")
        double corrections;

        @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            if (count < 1) {
                throw new InvalidInputException("--count", "must be at least 1, was " + count);
            }
            if (!(corrections >= 0 && corrections <= 1)) {
                throw new InvalidInputException("--corrections", "must be between 0 and 1, was " + corrections);
            }
            if (Files.isDirectory(out)) {
                throw new InvalidInputException("--out", out + " is a directory");
            }
            List<String> lines = lines();
            try {
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    throw new InvalidInputException("--out", "no such directory: " + parent);
                }
                Files.write(out, lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
            long fixed = lines.stream().filter(l -> l.contains("\"source\":\"correction\"")).count();
            root.environment().out().println("Wrote " + lines.size() + " card samples (" + (lines.size() - fixed)
                + " confirmed scans, " + fixed + " corrections) to " + out);
            root.environment().out().println("Next: slabml collect " + out);
            return ExitCodes.OK;
        }

        private List<String> lines() {
            CardSampleGenerator gen = CardSampleGenerator.create(seed);
            Random pick = new Random(seed);
            List<String> lines = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("task", "card_identification");
                if (pick.nextDouble() < corrections) {
                    CardSampleGenerator.CorrectionSample c = gen.correction();
                    row.put("source", "correction");
                    row.put("input", Map.of("ocr_text", c.ocrText()));
                    row.put("output", c.corrected().toMap());
                    row.put("confidence", 1.0);
                    row.put("user_id", c.userId());
                    row.put("corrected_fields", c.changedFields());
                    row.put("original", c.original().toMap());
                } else {
                    CardSampleGenerator.CardSample s = gen.card();
                    row.put("source", "validated");
                    row.put("input", s.input());
                    row.put("output", s.output());
                    row.put("confidence", Math.round((0.8 + 0.2 * pick.nextDouble()) * 100) / 100.0);
                    row.put("user_id", "user-" + (1 + pick.nextInt(40)));
                }
                lines.add(CliJson.write(row));
            }
            return lines;
        }
    }
}
