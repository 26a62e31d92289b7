/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JSONL file of JSON objects for the command line, line by line: each line is decoded as
 * strict UTF-8 and parsed on its own, so every problem is reported with the file and its real line
 * number (blank lines count), and nothing is kept of a file that has a bad line.
 */
final class JsonLines {
    /** The longest line read; longer ones are refused before any parsing. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    /** One parsed line with its 1-based number in the file. */
    record Row(long line, Map<String, Object> value) {
    }

    private JsonLines() {
    }

    /**
     * Reads every non-blank line.
     *
     * @param progress told of the bytes read so far, may be {@link Progress#NONE}
     * @throws InvalidInputException naming the file and the line at fault
     */
    static List<Row> read(Path file, Progress progress) {
        Verb.existingFile(file, "file");
        String name = file.toString();
        List<Row> rows = new ArrayList<>();
        long bytesRead = 0;
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new InvalidInputException(name, 0, "cannot be read: " + e.getMessage(), e);
        }
        progress.start(size);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            long n = 0;
            boolean tooLong = false;
            int b;
            while (true) {
                b = in.read();
                if (b == -1 || b == '\n') {
                    if (b == -1 && line.size() == 0 && !tooLong) {
                        break;
                    }
                    n++;
                    bytesRead += line.size() + (b == -1 ? 0 : 1);
                    if (tooLong) {
                        throw new InvalidInputException(name, n, String.format(Locale.ROOT,
                            "the line is longer than %,d bytes, the most a line may have", MAX_LINE_BYTES), null);
                    }
                    Map<String, Object> value = parse(name, n, line);
                    if (value != null) {
                        rows.add(new Row(n, value));
                    }
                    line.reset();
                    progress.advance(bytesRead);
                    if (b == -1) {
                        break;
                    }
                } else if (!tooLong) {
                    line.write(b);
                    tooLong = line.size() > MAX_LINE_BYTES;
                    if (tooLong) {
                        line.reset();
                    }
                }
            }
            if (n == 0) {
                throw new InvalidInputException(name, 0, "the file is empty", null);
            }
        } catch (IOException e) {
            throw new InvalidInputException(name, 0, "cannot be read: " + e.getMessage(), e);
        } finally {
            progress.finish();
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(name, 0, "the file has only blank lines", null);
        }
        return rows;
    }

    private static Map<String, Object> parse(String name, long n, ByteArrayOutputStream bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(name, n, "not valid UTF-8", e);
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isBlank()) {
            return null;
        }
        try {
            return CliJson.readObject(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name, n, "not a JSON object: " + SlabMlCli.oneLine(e.getMessage()), e);
        }
    }
}
