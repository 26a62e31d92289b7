/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What checking a chat fine-tuning JSONL file found: every finding with its line number, plus the
 * file's size. {@link #summary()} is the same report for people.
 *
 * @since 0.1
 */
public record ValidationReport(String file, long examples, List<ValidationFinding> findings) {
    /**
     * Checks the components.
     *
     * @param file the file
     * @param examples the examples
     * @param findings the findings
     */
    public ValidationReport {
        Objects.requireNonNull(file, "file");
        findings = List.copyOf(findings);
    }

    /**
     * Returns whether no finding is an error.
     *
     * @return whether no finding is an error
     */
    public boolean isValid() {
        return errors().isEmpty();
    }

    /**
     * Returns the findings that make the file unusable.
     *
     * @return the errors
     */
    public List<ValidationFinding> errors() {
        return findings.stream().filter(f -> f.severity() == ValidationFinding.Severity.ERROR).toList();
    }

    /**
     * Returns the findings that do not stop training.
     *
     * @return the warnings
     */
    public List<ValidationFinding> warnings() {
        return findings.stream().filter(f -> f.severity() == ValidationFinding.Severity.WARNING).toList();
    }

    /**
     * Returns the number of findings per category.
     *
     * @return the number of findings per category
     */
    public Map<String, Long> countsByCategory() {
        Map<String, Long> counts = new TreeMap<>();
        for (ValidationFinding f : findings) {
            counts.merge(f.category(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * Returns a readable summary: totals, then each finding as {@code line N: category: message}.
     *
     * @return a readable summary: totals, then each finding as {@code line N: category: message}
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(": ").append(examples).append(" examples, ")
            .append(errors().size()).append(" errors, ").append(warnings().size()).append(" warnings");
        for (ValidationFinding f : findings) {
            sb.append(System.lineSeparator())
                .append(f.severity() == ValidationFinding.Severity.ERROR ? "  error   " : "  warning ")
                .append(f.line() == 0 ? "file" : "line " + f.line()).append(": ")
                .append(f.category()).append(": ").append(f.message());
        }
        return sb.toString();
    }
}