/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process start-up of the {@code slabml} command line: the wall time of offline verbs run
 * through the distribution's launcher ({@code bin/slabml}: class-data archive, serial collector,
 * quick compiler for short verbs, the tokenizer's ready table) against {@code java -jar slabml.jar},
 * side by side in one run, the ways alternated run by run so all see the same machine. Given the
 * {@code target} directory of an earlier build as a third argument, its {@code java -jar} and its
 * launcher run too, so a change is measured against the build before it. The load average is
 * printed before and after, since start-up times mean little on a busy machine.
 *
 * <pre>{@code
 * mvn -B -q -pl examples/cli,examples/benchmarks -am package -DskipTests
 * java -cp examples/benchmarks/target/benchmarks.jar \
 *     com.slabstak.slabml.examples.benchmarks.CliStartupBenchmark examples/cli/target 20 [earlier/target]
 * }</pre>
 */
public final class CliStartupBenchmark {
    private CliStartupBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the CLI module's {@code target} directory, the runs per verb and way (default 20),
     *     and optionally an earlier build's {@code target} directory
     */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "examples/cli/target").toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path launcher = target.resolve("slabml/bin/slabml");
        Path jar = target.resolve("slabml.jar");
        if (!Files.isExecutable(launcher) || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("build the CLI first (mvn -pl examples/cli -am package): " + target);
        }
        Path earlier = args.length > 2 ? Path.of(args[2]).toAbsolutePath() : null;
        Path work = Files.createTempDirectory("slabml-startup");
        Path train = work.resolve("train20.jsonl");
        Path samples = work.resolve("samples20.jsonl");
        List<String> trainLines = new ArrayList<>();
        List<String> sampleLines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String ocr = "2019 Topps Chrome #" + i + " Player " + i + " Rookie Card";
            trainLines.add("{\"messages\":[{\"role\":\"system\",\"content\":\"Identify the card.\"},{\"role\":\"user\","
                + "\"content\":\"" + ocr + "\"},{\"role\":\"assistant\",\"content\":\"{\\\"player\\\":\\\"Player " + i
                + "\\\",\\\"year\\\":2019}\"}]}");
            sampleLines.add("{\"task\":\"card_identification\",\"source\":\"validated\",\"input\":{\"ocr_text\":\"" + ocr
                + "\"},\"output\":{\"player\":\"Player " + i + "\",\"year\":2019,\"brand\":\"Topps\",\"set\":\"Chrome\","
                + "\"card_number\":\"" + i + "\",\"sport\":\"baseball\"},\"confidence\":0.95}");
        }
        Files.write(train, trainLines, StandardCharsets.UTF_8);
        Files.write(samples, sampleLines, StandardCharsets.UTF_8);
        Path data = work.resolve("data");
        run(work, data, List.of(launcher.toString(), "collect", samples.toString()));

        Map<String, List<String>> verbs = new LinkedHashMap<>();
        verbs.put("--help", List.of("--help"));
        verbs.put("validate (20 lines)", List.of("validate", train.toString()));
        verbs.put("estimate (20 lines)", List.of("estimate", train.toString()));
        verbs.put("stats (20 samples)", List.of("stats"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, List<String>> ways = new LinkedHashMap<>();
        if (earlier != null) {
            ways.put("earlier java -jar", List.of(java, "-jar", earlier.resolve("slabml.jar").toString()));
            ways.put("earlier bin/slabml", List.of(earlier.resolve("slabml/bin/slabml").toString()));
        }
        ways.put("java -jar", List.of(java, "-jar", jar.toString()));
        ways.put("bin/slabml", List.of(launcher.toString()));
        System.out.println("load average before: " + loadAverage());
        System.out.printf(Locale.ROOT, "%-22s %-20s %9s %9s %9s%n", "verb", "how", "median", "p90", "min");
        for (Map.Entry<String, List<String>> v : verbs.entrySet()) {
            Map<String, long[]> times = new LinkedHashMap<>();
            Map<String, List<String>> commands = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> w : ways.entrySet()) {
                List<String> command = new ArrayList<>(w.getValue());
                command.addAll(v.getValue());
                commands.put(w.getKey(), command);
                times.put(w.getKey(), new long[runs]);
                run(work, data, command);
            }
            for (int i = 0; i < runs; i++) {
                for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                    times.get(c.getKey())[i] = run(work, data, c.getValue());
                }
            }
            times.forEach((how, t) -> print(v.getKey(), how, t));
        }
        System.out.println("load average after: " + loadAverage());
    }

    /** The 1, 5 and 15 minute load averages (Linux), or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long run(Path dir, Path data, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("SLABML_DATA_DIR", data.toString());
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        long took = System.nanoTime() - start;
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + ": " + String.join(File.pathSeparator, command));
        }
        return took;
    }

    private static void print(String verb, String how, long[] nanos) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-22s %-20s %7.0f ms %7.0f ms %7.0f ms%n", verb, how,
            sorted[(sorted.length - 1) / 2] / 1e6, sorted[(int) Math.ceil(0.9 * sorted.length) - 1] / 1e6, sorted[0] / 1e6);
    }
}
