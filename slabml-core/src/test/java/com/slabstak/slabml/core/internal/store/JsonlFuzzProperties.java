/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SkippedLine;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.core.internal.dataset.DatasetValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A fuzz pass over the JSONL readers: mutated lines (cut short, bytes changed, brackets and quotes
 * inserted, 5,000-deep nesting, 2,000-digit numbers, invalid UTF-8) never crash a reader, never
 * lose the lines around them, and are always reported with their line number.
 */
class JsonlFuzzProperties {
    private static final String EXAMPLE = "{\"messages\":[{\"role\":\"system\",\"content\":\"You identify sports cards.\"},"
        + "{\"role\":\"user\",\"content\":\"MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5 no. %d\"},"
        + "{\"role\":\"assistant\",\"content\":\"{\\\"player\\\":\\\"Michael Jordan\\\"}\"}]}";

    /** Mutates one line's bytes; never adds a line break. */
    private static byte[] mutate(byte[] line, Random r) {
        int at = r.nextInt(line.length);
        switch (r.nextInt(7)) {
            case 0:
                return java.util.Arrays.copyOf(line, at);
            case 1: {
                byte[] out = line.clone();
                out[at] = (byte) (' ' + r.nextInt(95));
                return out;
            }
            case 2: {
                String s = new String(line, StandardCharsets.UTF_8);
                String insert = new String[] {"{", "\"", "\\", "]", ",", "\\u", "\\ud800"}[r.nextInt(7)];
                int i = Math.min(at, s.length());
                return (s.substring(0, i) + insert + s.substring(i)).getBytes(StandardCharsets.UTF_8);
            }
            case 3:
                return ("{\"id\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8);
            case 4:
                return ("{\"id\":\"n\",\"confidence\":" + "9".repeat(2000) + "}").getBytes(StandardCharsets.UTF_8);
            case 5: {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(line, 0, at);
                out.write(0xC3);
                out.write(0x28);
                out.write(line, at, line.length - at);
                return out.toByteArray();
            }
            default:
                return "null".getBytes(StandardCharsets.UTF_8);
        }
    }

    private static Path write(Path file, List<byte[]> lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            out.write(l);
            out.write('\n');
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    private static Set<Integer> pick(Random r, int lines, int count) {
        Set<Integer> out = new TreeSet<>();
        while (out.size() < count) {
            out.add(r.nextInt(lines));
        }
        return out;
    }

    @Property(tries = 40)
    void storeReader_mutatedLines_skippedAndNamedWhileEveryOtherLineReads(@ForAll Random random) throws IOException {
        Path dir = Files.createTempDirectory("slabml-fuzz");
        int n = 40;
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LineBuffer b = new LineBuffer(256);
            RecordCodec.writeSample(b, StoreTesting.sample("s" + i), i + 1);
            lines.add(b.toByteArray());
        }
        Set<Integer> mutated = pick(random, n, 1 + random.nextInt(8));
        for (int i : mutated) {
            lines.set(i, mutate(lines.get(i), random));
        }
        Files.createDirectories(dir.resolve("training_data"));
        write(dir.resolve("training_data/card_identification.jsonl"), lines);

        try (FileSampleStore store = new FileSampleStore(dir, StoreTesting.settings(), StoreTesting.CLOCK);
             Stream<Sample> read = store.read(TaskName.CARD_IDENTIFICATION)) {
            List<String> ids = read.map(s -> s.id().orElse("?")).collect(Collectors.toList());
            List<String> untouched = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!mutated.contains(i)) {
                    untouched.add("s" + i);
                }
            }
            Set<Long> skipped = store.skippedLines().stream().map(SkippedLine::line).collect(Collectors.toSet());
            Set<Long> mutatedLineNumbers = mutated.stream().map(i -> i + 1L).collect(Collectors.toSet());

            assertThat(ids).containsSubsequence(untouched);
            assertThat(mutatedLineNumbers).containsAll(skipped);
            long blank = mutated.stream().filter(i -> new String(lines.get(i), StandardCharsets.UTF_8).isBlank()).count();
            assertThat(ids.size() + skipped.size() + blank).isEqualTo(n);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 40)
    void validate_mutatedLines_reportedWithTheirLineNumbersAndNoOtherLine(@ForAll Random random) throws IOException {
        Path file = Files.createTempFile("slabml-fuzz", ".jsonl");
        int n = 30;
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(String.format(EXAMPLE, i).getBytes(StandardCharsets.UTF_8));
        }
        Set<Integer> mutated = pick(random, n, 1 + random.nextInt(8));
        for (int i : mutated) {
            lines.set(i, mutate(lines.get(i), random));
        }
        write(file, lines);

        ValidationReport report = new DatasetValidator(com.slabstak.slabml.core.testing.TestCatalog.create()).validate(file, com.slabstak.slabml.core.testing.TestCatalog.MINI);

        Set<Long> mutatedLineNumbers = mutated.stream().map(i -> i + 1L).collect(Collectors.toSet());
        Set<Long> errorLines = report.errors().stream().map(ValidationFinding::line).collect(Collectors.toSet());
        assertThat(mutatedLineNumbers).containsAll(errorLines);
        for (int i : mutated) {
            String text = new String(lines.get(i), StandardCharsets.UTF_8);
            if (!parses(text)) {
                assertThat(errorLines).as("line %d: %s", i + 1, text).contains(i + 1L);
            }
        }
        Files.delete(file);
    }

    private static boolean parses(String text) {
        try {
            Json.readObject(text);
            return !text.contains("\uFFFD");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
