/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's command-line session as written: the {@code slabml dev-server} of its first
 * block in this JVM, then every command of its second block as a {@code slabml} process of its own
 * in an empty directory, as a reader would type them. Each command must exit as the session shows
 * ({@code echo $?}) and print the session's lines, with the times and dates of the run in place of
 * the README's. Two things differ from a reader's run, on purpose: the dev-server binds a free port
 * (parallel builds share the machine), which the session's {@code export} then names, and the
 * progress lines of {@code wait} (times of polls) are not compared.
 */
class ReadmeSessionTest {
    private static final Pattern BLOCK = Pattern.compile("```text\\n(.*?)```", Pattern.DOTALL);
    private static final String README_URL = "http://127.0.0.1:8787/v1";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void commandLineSession_runAsWritten_exitsAndPrintsAsShown() throws Exception {
        List<String> blocks = sessionBlocks(readme());
        List<Step> server = steps(blocks.get(0));
        List<Step> session = steps(blocks.get(1));
        assertThat(server).hasSize(1);
        assertThat(server.get(0).command).isEqualTo("slabml dev-server");

        StringWriter serverOut = new StringWriter();
        Thread devServer = new Thread(() -> SlabMlCli.run(new CliEnvironment(Map.of(), Map.of(),
            new PrintWriter(serverOut, true), new PrintWriter(new StringWriter(), true), false, Clock.systemUTC(),
            d -> { }), "dev-server", "--port", "0"), "readme-dev-server");
        devServer.start();
        try {
            String baseUrl = awaitBaseUrl(serverOut);
            for (String line : server.get(0).output) {
                assertThat(serverOut.toString()).contains(line.replace(README_URL, baseUrl));
            }
            run(session, baseUrl, serverOut.toString());
        } finally {
            devServer.interrupt();
            devServer.join(10_000);
        }
        assertThat(devServer.isAlive()).as("dev-server stops when interrupted").isFalse();
    }

    private void run(List<Step> session, String baseUrl, String serverOutput) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        int last = -1;
        for (Step step : session) {
            List<String> words = List.of(step.command.split("\\s+"));
            if (words.get(0).equals("export")) {
                String line = step.command.replace(README_URL, baseUrl);
                assertThat(serverOutput).as("the session exports what dev-server prints").contains(line);
                for (String assignment : words.subList(1, words.size())) {
                    int eq = assignment.indexOf('=');
                    env.put(assignment.substring(0, eq), assignment.substring(eq + 1).replace(README_URL, baseUrl));
                }
            } else if (step.command.equals("echo $?")) {
                assertThat(Integer.toString(last)).as("exit code before " + step).isEqualTo(step.output.get(0));
            } else {
                assertThat(words.get(0)).isEqualTo("slabml");
                Run r = slabml(env, expand(words.subList(1, words.size())));
                last = r.code;
                boolean shownFailing = step.output.stream().anyMatch(l -> l.startsWith("slabml: "));
                assertThat(r.code == 0).as(step.command + " succeeds: " + r.output).isEqualTo(!shownFailing);
                for (String expected : step.output) {
                    if (!expected.equals("...") && !expected.startsWith("[")) {
                        assertThat(r.output).as(step.command).containsPattern(lineRegex(expected));
                    }
                }
            }
        }
    }

    /** One {@code slabml} process, in the session's directory, with only the session's variables set. */
    private Run slabml(Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            SlabMlCli.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("SLABML_") || k.startsWith("OPENAI_")
            || k.startsWith("TOGETHER_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), output);
    }

    /** Expands a word with {@code *} as the shell does: the matching names in its directory, sorted. */
    private List<String> expand(List<String> words) throws IOException {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (!w.contains("*")) {
                out.add(w);
                continue;
            }
            Path parent = Path.of(w).getParent();
            List<String> matches = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve(parent), Path.of(w).getFileName().toString())) {
                s.forEach(m -> matches.add(parent.resolve(m.getFileName()).toString()));
            }
            assertThat(matches).as(w).isNotEmpty();
            matches.sort(null);
            out.addAll(matches);
        }
        return out;
    }

    /** A README output line as a pattern: the export's timestamp and the dates of the run may differ. */
    private static String lineRegex(String line) {
        String quoted = Pattern.quote(line);
        quoted = quoted.replaceAll("\\d{8}T\\d{6}", "\\\\E\\\\d{8}T\\\\d{6}\\\\Q");
        quoted = quoted.replaceAll("(?<!prices of )\\d{4}-\\d{2}-\\d{2}", "\\\\E\\\\d{4}-\\\\d{2}-\\\\d{2}\\\\Q");
        return "(?m)^" + quoted + "$";
    }

    private static String awaitBaseUrl(StringWriter out) throws InterruptedException {
        Pattern url = Pattern.compile("Simulated OpenAI API at (http://127\\.0\\.0\\.1:\\d+/v1)");
        for (int i = 0; i < 300; i++) {
            Matcher m = url.matcher(out.toString());
            if (m.find() && out.toString().contains("Stop with Ctrl+C.")) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("dev-server printed no base URL: " + out);
    }

    private static String readme() throws IOException {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !(Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("examples")))) {
            d = d.getParent();
        }
        assertThat(d).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return Files.readString(d.resolve("README.md"));
    }

    /** The two text blocks of the Command line section that hold {@code $ slabml} commands. */
    private static List<String> sessionBlocks(String readme) {
        int from = readme.indexOf("\n## Command line\n");
        int to = readme.indexOf("\n## ", from + 1);
        assertThat(from).isPositive();
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme.substring(from, to));
        while (m.find()) {
            if (m.group(1).startsWith("$ ")) {
                blocks.add(m.group(1));
            }
        }
        assertThat(blocks).hasSize(2);
        return blocks;
    }

    private static List<Step> steps(String block) {
        List<Step> steps = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (line.startsWith("$ ")) {
                steps.add(new Step(line.substring(2).trim(), new ArrayList<>()));
            } else if (!line.isBlank()) {
                steps.get(steps.size() - 1).output.add(line);
            }
        }
        return steps;
    }

    private record Step(String command, List<String> output) {
        @Override
        public String toString() {
            return command;
        }
    }

    private record Run(int code, String output) {
    }
}
