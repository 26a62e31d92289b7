/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.openai;

import com.slabstak.slabml.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small multipart/form-data reader for the files endpoint. */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    private final List<Part> parts;

    private Multipart(List<Part> parts) {
        this.parts = parts;
    }

    /** One form field. */
    record Part(String name, Optional<String> filename, byte[] content) {
    }

    static Multipart parse(String contentType, byte[] body) {
        Matcher b = BOUNDARY.matcher(contentType);
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data") || !b.find()) {
            throw new InvalidInputException("file", "expected multipart/form-data, was '" + contentType + "'");
        }
        // ISO-8859-1 maps every byte to one char, so offsets in the text are offsets in the bytes.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + b.group(1);
        List<Part> parts = new ArrayList<>();
        int pos = text.indexOf(delimiter);
        while (pos >= 0) {
            int start = pos + delimiter.length();
            if (text.startsWith("--", start)) {
                break;
            }
            int next = text.indexOf("\r\n" + delimiter, start);
            if (next < 0) {
                break;
            }
            String part = text.substring(start, next);
            if (part.startsWith("\r\n")) {
                part = part.substring(2);
            }
            int headerEnd = part.indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                String headers = part.substring(0, headerEnd);
                String content = part.substring(headerEnd + 4);
                Matcher n = NAME.matcher(headers);
                if (n.find()) {
                    Matcher f = FILENAME.matcher(headers);
                    parts.add(new Part(n.group(1), f.find() ? Optional.of(f.group(1)) : Optional.empty(),
                        content.getBytes(StandardCharsets.ISO_8859_1)));
                }
            }
            pos = next + 2;
        }
        return new Multipart(parts);
    }

    Optional<Part> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    Optional<String> text(String name) {
        return part(name).map(p -> new String(p.content(), StandardCharsets.UTF_8));
    }
}
