/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ProgressListener;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.ValidationFinding.Severity;
import com.slabstak.slabml.ValidationReport;
import com.slabstak.slabml.spi.DatasetLimits;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.TrainableModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Checks a chat fine-tuning JSONL file (ours or a user's) against what the provider's catalogue
 * accepts (its minimum examples, file size and the model's per-example limit), streaming
 * it line by line in constant memory. Every finding carries its 1-based line number (0 for the
 * whole file) and a category:
 *
 * <p>Errors: {@code data_type} (a line that is not one JSON object, or an empty line),
 * {@code missing_messages_list}, {@code message_missing_key} (no {@code role}, or no
 * {@code content} where one is required), {@code message_unrecognized_key},
 * {@code unrecognized_role}, {@code missing_content}, {@code empty_assistant_message},
 * {@code invalid_weight} ({@code weight} other than 0 or 1), {@code invalid_tool_calls},
 * {@code example_missing_assistant_message}, {@code invalid_utf8}, {@code line_too_long},
 * {@code too_few_examples} (fewer than the provider's minimum, line 0), {@code file_too_large}
 * (over the provider's limit, line 0).
 *
 * <p>Preference files (one {@code input} with {@code preferred_output} and {@code non_preferred_output}
 * per line, OpenAI's {@code method.dpo} shape, which Together reads too) add {@code missing_input},
 * {@code invalid_preferred_output}, {@code invalid_non_preferred_output}, {@code input_ends_with_assistant},
 * {@code identical_outputs}, {@code roles_not_alternating} (where the provider requires it) and
 * {@code mixed_formats} (a file mixing both shapes).
 *
 * <p>Warnings: {@code missing_system_message}, {@code missing_user_message},
 * {@code example_over_token_limit} (the example gets truncated), {@code special_token} (text such
 * as {@code <|endoftext|>} that a tokenizer treats specially), {@code no_trained_assistant_message}
 * (every assistant message has weight 0), {@code example_unrecognized_key} and
 * {@code byte_order_mark}.
 *
 * <p>At most {@value #MAX_FINDINGS_PER_CATEGORY} findings per category are listed; one more
 * finding (line 0) says how many were left out. This class reads the file and decodes its lines;
 * {@link ExampleCheck} and {@link PreferenceCheck} check each example. {@link #validate} only
 * tokenizes an example that might exceed the model's limit, so checking a file of short examples
 * never loads a tokenizer; {@link #scan} counts every example. Thread-safe.
 *
 * {@code
 * ValidationReport report = new DatasetValidator(catalog).validate(Path.of("train.jsonl"), "some-base-model");
 * if (!report.isValid()) System.err.println(report.summary());
 * }
 */
public final class DatasetValidator {
    /** Findings listed per category before the rest are only counted. */
    public static final int MAX_FINDINGS_PER_CATEGORY = 100;
    /** Lines longer than this (64 MiB) are reported, not parsed, so memory stays bounded. */
    static final int MAX_LINE_BYTES = 64 * 1024 * 1024;
    /** Progress is reported after at least this many bytes (and at the end). */
    private static final long PROGRESS_BYTES = 1 << 20;

    private final ModelCatalog catalog;
    private final long maxFileBytes;
    private final int minExamples;
    private final int maxLineBytes;

    /** A validator with the limits and models of a provider's catalogue. */
    public DatasetValidator(ModelCatalog catalog) {
        this(catalog, MAX_LINE_BYTES);
    }

    DatasetValidator(ModelCatalog catalog, int maxLineBytes) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        DatasetLimits limits = catalog.limits();
        this.maxFileBytes = limits.maxFileBytes();
        this.minExamples = limits.minExamples();
        this.maxLineBytes = maxLineBytes;
    }

    /** The catalogue models and limits come from. */
    public ModelCatalog catalog() {
        return catalog;
    }

    /**
     * Validates a training file for {@code model}; with {@code null} the catalogue's default model
     * applies, and without one only the format and the provider's file limits are checked, with
     * estimated token counts.
     *
     * @throws InvalidInputException if the file does not exist or the model is unknown
     * @throws StoreException if reading the file fails
     */
    public ValidationReport validate(Path file, String model) {
        return validate(file, model, ProgressListener.NONE);
    }

    /**
     * Validates like {@link #validate(Path, String)}, reporting the bytes checked to
     * {@code progress} (step {@code check}, out of the file's size).
     *
     * @throws InvalidInputException if the file does not exist or the model is unknown
     * @throws StoreException if reading the file fails
     */
    public ValidationReport validate(Path file, String model, ProgressListener progress) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(progress, "progress");
        String m = model != null ? model : catalog.defaultModel().orElse(null);
        TrainableModel entry = m == null ? ANY_MODEL : catalog.require(m);
        try (TokenCounter counter = TokenCounter.forModel(entry)) {
            return scan(file, entry, counter, true, false, progress).report();
        }
    }

    /** Stands for "no model known": no per-example limit, estimated counts. */
    private static final TrainableModel ANY_MODEL = TrainableModel.builder("any model")
        .contextTokens(Integer.MAX_VALUE).build();

    /** Validates and counts tokens in one pass; {@code training} applies the minimum example count. */
    Scan scan(Path file, String model, boolean training) {
        return scan(file, catalog.require(model), training);
    }

    /** Validates and counts tokens for a model's entry (one the catalogue may not list). */
    Scan scan(Path file, TrainableModel m, boolean training) {
        return scan(file, m, training, ProgressListener.NONE);
    }

    /** Validates and counts every example's tokens, reporting the bytes checked to {@code progress}. */
    Scan scan(Path file, TrainableModel m, boolean training, ProgressListener progress) {
        try (TokenCounter counter = TokenCounter.forModel(m)) {
            return scan(file, m, counter, training, true, progress);
        }
    }

    private Scan scan(Path file, TrainableModel m, TokenCounter counter, boolean training, boolean countAll,
                      ProgressListener progress) {
        FindingCollector out = new FindingCollector();
        TokenStats tokens = new TokenStats(m.maxExampleTokens());
        ExampleCheck check = new ExampleCheck(m, counter, tokens, out, catalog.limits().alternatingRoles(), countAll);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("file", 0, "no such file: " + file, e);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file, e);
        }
        if (Files.isDirectory(file)) {
            throw new InvalidInputException("file", "is a directory: " + file);
        }
        if (size > maxFileBytes) {
            out.add(0, "file_too_large", Severity.ERROR,
                "file is " + size + " bytes; the provider accepts at most " + maxFileBytes);
        }
        long examples = 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        progress.progress("check", 0, size);
        long reported = 0;
        try (InputStream in = Files.newInputStream(file)) {
            ByteLines lines = new ByteLines(in, maxLineBytes);
            long lineNo = 0;
            while (lines.next()) {
                lineNo++;
                if (lines.consumed() - reported >= PROGRESS_BYTES) {
                    reported = lines.consumed();
                    progress.progress("check", reported, size);
                }
                if (lines.tooLong()) {
                    examples++;
                    out.add(lineNo, "line_too_long", Severity.ERROR,
                        "line is " + lines.length() + " bytes; at most " + maxLineBytes + " are read");
                    continue;
                }
                String text;
                try {
                    text = decoder.reset().decode(ByteBuffer.wrap(lines.bytes(), 0, lines.length())).toString();
                } catch (MalformedInputException e) {
                    examples++;
                    out.add(lineNo, "invalid_utf8", Severity.ERROR, "invalid UTF-8 at byte " + (offset(lines) + 1)
                        + " of the line");
                    continue;
                } catch (CharacterCodingException e) {
                    examples++;
                    out.add(lineNo, "invalid_utf8", Severity.ERROR, "invalid UTF-8");
                    continue;
                }
                if (lineNo == 1 && text.startsWith("\uFEFF")) {
                    out.add(lineNo, "byte_order_mark", Severity.WARNING, "file starts with a UTF-8 byte order mark");
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    out.add(lineNo, "data_type", Severity.ERROR, "empty line: every line must be one JSON object");
                    continue;
                }
                examples++;
                check.check(lineNo, text);
            }
            progress.progress("check", lines.consumed(), Math.max(size, lines.consumed()));
        } catch (IOException e) {
            throw new StoreException("cannot read " + file, e);
        }
        if (training && examples < minExamples) {
            out.add(0, "too_few_examples", Severity.ERROR,
                "file has " + examples + " example(s); at least " + minExamples + " are required");
        }
        return new Scan(new ValidationReport(file.toString(), examples, out.findings()), tokens, counter.exact());
    }

    /** Where in the line the first malformed byte is (the decoder reports the malformed length only). */
    private static long offset(ByteLines lines) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(lines.bytes(), 0, lines.length());
        java.nio.CharBuffer outBuf = java.nio.CharBuffer.allocate(lines.length() + 1);
        d.decode(in, outBuf, true);
        return in.position();
    }

    /** The report and the token statistics of one pass over a file, and whether the counts are exact. */
    record Scan(ValidationReport report, TokenStats tokens, boolean exactTokens) {
    }
}
