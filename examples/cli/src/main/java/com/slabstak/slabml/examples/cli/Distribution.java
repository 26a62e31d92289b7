/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Lays out the command-line distribution at build time ({@code mvn package}):
 * {@code bin/slabml} (the launcher) and {@code lib/slabml.jar}, then makes {@code lib/o200k_base.bin}
 * (the tokenizer's table, ready to read) and {@code lib/slabml.jsa},
 * a class-data archive of the classes the common verbs load: a child JVM runs them once and lists
 * the classes it loads ({@code -XX:DumpLoadedClassList}), another dumps them ({@code -Xshare:dump}).
 * The launcher uses the archive when run with the same Java.
 *
 * <pre>{@code
 * java -cp target/slabml.jar com.slabstak.slabml.examples.cli.Distribution target/slabml.jar target/slabml
 * }</pre>
 */
final class Distribution {
    private Distribution() {
    }

    /**
     * Builds the distribution, or with {@code --train <dir>} runs the verbs the archive is made from.
     *
     * @param args {@code <jar> <distribution-dir>}, or {@code --train <work-dir>}
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--train")) {
            train(Path.of(args[1]));
            return;
        }
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Distribution <jar> <distribution-dir>");
        }
        build(Path.of(args[0]), Path.of(args[1]));
    }

    static void build(Path jar, Path dist) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dist.resolve("bin"));
        Path lib = Files.createDirectories(dist.resolve("lib"));
        Path launcher = bin.resolve("slabml");
        try (InputStream in = Distribution.class.getResourceAsStream("/slabml-launcher.sh")) {
            if (in == null) {
                throw new IllegalStateException("the launcher script is missing from the jar");
            }
            Files.copy(in, launcher, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path libJar = lib.resolve("slabml.jar");
        Files.copy(jar, libJar, StandardCopyOption.REPLACE_EXISTING);

        Path archive = lib.resolve("slabml.jsa");
        Files.deleteIfExists(archive);
        // the training run's estimate writes the tokenizer's table here, which the launcher points to
        Files.deleteIfExists(lib.resolve("o200k_base.bin"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        Path work = Files.createTempDirectory(dist, "cds-training");
        try {
            // A static archive of the classes the common verbs load (JDK classes too): unlike a dynamic
            // one (-XX:ArchiveClassesAtExit), it also holds classes of old class-file versions, such as picocli's.
            Path classes = work.resolve("classes.lst");
            run(work, "training", java.toString(), "-XX:DumpLoadedClassList=" + classes, "-XX:+UseSerialGC",
                "-Dslabml.tokenizer.cache=" + lib,
                "-XX:TieredStopAtLevel=1", "-cp", libJar.toString(), Distribution.class.getName(), "--train",
                work.toString());
            run(work, "dump", java.toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + classes,
                "-XX:SharedArchiveFile=" + archive, "-XX:+UseSerialGC", "-cp", libJar.toString());
        } finally {
            deleteTree(work);
        }
        // The launcher compares this with the Java it runs, since an archive only fits its own JVM.
        Files.writeString(lib.resolve("slabml.jsa.java"), java + "\n", StandardCharsets.UTF_8);
        System.out.println("slabml distribution: " + launcher + " (class-data archive "
            + (Files.exists(archive) ? Files.size(archive) / 1024 + " KiB" : "not made") + ")");
    }

    private static void run(Path work, String what, String... command) throws IOException, InterruptedException {
        Path log = work.resolve(what + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("making the class-data archive failed (" + what + "): " + Files.readString(log));
        }
    }

    /** Runs the verbs a user starts most, offline, in one JVM, so their classes land in the archive. */
    static void train(Path work) throws IOException {
        Path data = work.resolve("data");
        Path samples = work.resolve("samples.jsonl");
        Path train = work.resolve("train.jsonl");
        List<String> sampleLines = new ArrayList<>();
        List<String> trainLines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String ocr = "2019 Topps Chrome #" + i + " Player " + i + " Rookie Card";
            String out = "{\\\"player\\\":\\\"Player " + i + "\\\",\\\"year\\\":2019}";
            sampleLines.add("{\"task\":\"card_identification\",\"source\":\"validated\",\"input\":{\"ocr_text\":\""
                + ocr + "\"},\"output\":{\"player\":\"Player " + i + "\",\"year\":2019,\"brand\":\"Topps\","
                + "\"set\":\"Chrome\",\"card_number\":\"" + i + "\",\"sport\":\"baseball\"},\"confidence\":0.95}");
            trainLines.add("{\"messages\":[{\"role\":\"system\",\"content\":\"Identify the card.\"},"
                + "{\"role\":\"user\",\"content\":\"" + ocr + "\"},{\"role\":\"assistant\",\"content\":\"" + out + "\"}]}");
        }
        Files.write(samples, sampleLines, StandardCharsets.UTF_8);
        Files.write(train, trainLines, StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("SLABML_DATA_DIR", data.toString());
        String[][] runs = {
            {"--help"}, {"--version"}, {"validate", train.toString()}, {"validate", train.toString(), "--json"},
            {"estimate", train.toString()}, {"estimate", train.toString(), "--json"},
            {"collect", samples.toString()}, {"stats"}, {"stats", "--json"}, {"models"}, {"validate", "--help"},
            {"validate", train.toString(), "--progress"}, {"export", "card_identification", "--progress"},
        };
        for (String[] run : runs) {
            StringWriter sink = new StringWriter();
            PrintWriter w = new PrintWriter(sink);
            SlabMlCli.run(new CliEnvironment(env, Map.of(), w, w, false, Clock.systemUTC(), d -> { }), run);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
