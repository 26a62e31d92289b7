/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The limits on a value a store accepts, the same for every store, well under what any reader of
 * the stored form refuses (a JSON reader's usual limits: 1,000 levels, 20 M characters per string,
 * 50,000 per name, 1,000 digits per number), so that nothing accepted can make a store unreadable.
 * A sample larger than {@link #MAX_RECORD_BYTES} could not be trained on anyway: a provider's limit
 * per training example is of the order of 64 K tokens, about 256 KB of text.
 *
 * <table>
 *   <caption>Limits on accepted values</caption>
 *   <tr><th>what</th><th>limit</th></tr>
 *   <tr><td>nesting of maps and lists</td><td>{@value #MAX_DEPTH} levels</td></tr>
 *   <tr><td>a string value</td><td>{@value #MAX_STRING_CHARS} characters</td></tr>
 *   <tr><td>a map key</td><td>{@value #MAX_KEY_CHARS} characters</td></tr>
 *   <tr><td>a number's text</td><td>{@value #MAX_NUMBER_CHARS} characters</td></tr>
 *   <tr><td>one stored record (a sample, a production record)</td><td>{@value #MAX_RECORD_BYTES} bytes of UTF-8 JSON</td></tr>
 * </table>
 *
 * <p>Text must be valid UTF-16: an unpaired surrogate cannot be stored as it was given and is
 * refused. A value that refers to itself exceeds the depth limit and is refused the same way.
 *
 * <pre>{@code
 * RecordLimits.check("input", sample.input());   // throws InvalidInputException("input.ocr_text: ...")
 * }</pre>
 *
 * @since 0.2
 */
public final class RecordLimits {
    /** The deepest nesting of maps and lists inside one field. */
    public static final int MAX_DEPTH = 64;
    /** The longest string value, in UTF-16 characters. */
    public static final int MAX_STRING_CHARS = 1 << 20;
    /** The longest map key, in UTF-16 characters. */
    public static final int MAX_KEY_CHARS = 1_024;
    /** The longest number, as text (digits, sign, point and exponent). */
    public static final int MAX_NUMBER_CHARS = 100;
    /** The largest stored record, in bytes of its UTF-8 JSON line. */
    public static final int MAX_RECORD_BYTES = 4 << 20;

    private RecordLimits() {
    }

    /**
     * Checks that {@code value} can be stored and read back as it is, naming the path at fault:
     * plain types only (maps with string keys, lists, strings, numbers, booleans, null, enums,
     * times, UUIDs), finite numbers, valid UTF-16, and the limits above. The work is bounded by
     * {@link #MAX_RECORD_BYTES}, whatever the value.
     *
     * @param field the name of the value, the start of the path an error names
     * @param value the value to check
     * @throws InvalidInputException naming the path at fault (for example {@code input.tags[3]})
     */
    public static void check(String field, Object value) {
        try {
            // First without paths, which allocates nothing; again with paths only to explain a fault.
            new Walk(null).value(null, value, 0);
        } catch (Walk.Fault fault) {
            new Walk(field).value(field, value, 0);
            throw new IllegalStateException("the check of " + field + " failed only without paths");
        }
    }

    /**
     * Checks one text field of a record (an id, a user id): length and valid UTF-16.
     *
     * @param field the field's name
     * @param value the text, or {@code null}
     * @throws InvalidInputException naming the field
     */
    public static void checkText(String field, String value) {
        if (value != null) {
            text(field, value, MAX_STRING_CHARS, "string");
        }
    }

    /**
     * Checks the size of a record once encoded.
     *
     * @param record what the record is, for the message ({@code sample}, {@code production record})
     * @param bytes its encoded size in bytes
     * @throws InvalidInputException if it is larger than {@link #MAX_RECORD_BYTES}
     */
    public static void checkRecordSize(String record, long bytes) {
        if (bytes > MAX_RECORD_BYTES) {
            throw new InvalidInputException(record, "is " + bytes + " bytes as JSON, more than the "
                + MAX_RECORD_BYTES + " bytes a store accepts per record");
        }
    }

    /** Returns the index of the first unpaired surrogate of {@code s}, or -1. */
    static int loneSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    private static void text(String path, String s, int max, String what) {
        if (path == null) {
            if (s.length() > max || loneSurrogate(s) >= 0) {
                throw Walk.FAULT;
            }
            return;
        }
        if (s.length() > max) {
            throw new InvalidInputException(path, "the " + what + " has " + s.length()
                + " characters, more than the " + max + " a store accepts");
        }
        int at = loneSurrogate(s);
        if (at >= 0) {
            throw new InvalidInputException(path, "the " + what + " holds an unpaired UTF-16 surrogate (\\u"
                + String.format("%04x", (int) s.charAt(at)) + ") at index " + at + ", which is not valid text");
        }
    }

    /** One walk over a value, counting the values seen so that the work is bounded. */
    private static final class Walk {
        /** Thrown by the walk without paths; carries nothing, costs nothing. */
        static final class Fault extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Fault() {
                super(null, null, false, false);
            }
        }

        static final Fault FAULT = new Fault();

        private final boolean explain;
        private long budget = MAX_RECORD_BYTES;

        Walk(String field) {
            this.explain = field != null;
        }

        private InvalidInputException invalid(String path, String message) {
            if (!explain) {
                throw FAULT;
            }
            return new InvalidInputException(path, message);
        }

        void value(String path, Object value, int depth) {
            // Every value takes at least one byte of JSON: more values than bytes cannot be stored.
            if (--budget < 0) {
                throw invalid(path, "is larger than the " + MAX_RECORD_BYTES + " bytes a store accepts per record");
            }
            if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof Enum
                || value instanceof TemporalAccessor || value instanceof UUID) {
                return;
            }
            if (value instanceof CharSequence) {
                String s = value.toString();
                budget -= s.length();
                text(path, s, MAX_STRING_CHARS, "string");
                return;
            }
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    throw invalid(path, "must be a finite number, was " + d);
                }
                return;
            }
            if (value instanceof BigInteger || value instanceof BigDecimal) {
                int digits = value instanceof BigInteger ? ((BigInteger) value).bitLength() / 3
                    : ((BigDecimal) value).precision() + Math.abs(((BigDecimal) value).scale());
                if (digits > MAX_NUMBER_CHARS || value.toString().length() > MAX_NUMBER_CHARS) {
                    throw invalid(path, "the number has more than the " + MAX_NUMBER_CHARS
                        + " characters a store accepts");
                }
                return;
            }
            if (value instanceof Map || value instanceof Collection) {
                if (depth >= MAX_DEPTH) {
                    throw invalid(path, "nests deeper than the " + MAX_DEPTH
                        + " levels a store accepts (or refers to itself)");
                }
                if (value instanceof Map) {
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                        Object key = e.getKey();
                        if (key == null) {
                            throw invalid(path, "has a null key");
                        }
                        if (!(key instanceof String)) {
                            throw invalid(path, "has a key of type " + key.getClass().getName()
                                + " (keys must be strings)");
                        }
                        String k = (String) key;
                        String child = explain ? path + "." + abbreviate(k) : null;
                        text(child, k, MAX_KEY_CHARS, "key");
                        budget -= k.length();
                        value(child, e.getValue(), depth + 1);
                    }
                } else {
                    int i = 0;
                    for (Object o : (Collection<?>) value) {
                        value(explain ? path + "[" + i + "]" : null, o, depth + 1);
                        i++;
                    }
                }
                return;
            }
            throw invalid(path, "cannot be stored as JSON: unsupported type "
                + value.getClass().getName() + " (use strings, numbers, booleans, lists and maps)");
        }

        /** A key as a path shows it: at most 40 characters, unpaired surrogates shown as escapes. */
        private static String abbreviate(String key) {
            String k = key.length() > 40 ? key.substring(0, 40) + "..." : key;
            StringBuilder out = new StringBuilder(k.length());
            for (int i = 0; i < k.length(); i++) {
                char c = k.charAt(i);
                boolean paired = Character.isHighSurrogate(c) && i + 1 < k.length()
                    && Character.isLowSurrogate(k.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(k.charAt(i - 1));
                if (Character.isSurrogate(c) && !paired) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
