/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.spi.RecordLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A small, allocation-light JSON writer for the plain values records hold (maps, lists, strings,
 * numbers, booleans, null), and the checks that make sure a value can be written before it is
 * acknowledged. Output is stable: keys keep their map order, numbers their Java text.
 *
 * <p>The stores write records with {@link LineBuffer}, which produces the UTF-8 bytes of exactly
 * this text without the {@code String} in between; this writer is the reference it is tested against.
 */
final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /**
     * Checks that {@code value} can be written as JSON and read back as it is, naming the path at
     * fault; see {@link RecordLimits} for what is accepted.
     *
     * @throws InvalidInputException for an unsupported type, a non-finite number, a null key,
     *     invalid UTF-16 or a value past the limits
     */
    static void check(String path, Object value) {
        RecordLimits.check(path, value);
    }

    /** Appends {@code "name":} after a comma unless it is the first field. */
    static void field(StringBuilder out, String name) {
        char last = out.charAt(out.length() - 1);
        if (last != '{') {
            out.append(',');
        }
        out.append('"').append(name).append("\":");
    }

    static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence) {
            string(out, value.toString());
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
            || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("not a finite number: " + d);
            }
            out.append(value instanceof Float ? Float.toString((Float) value) : Double.toString(d));
        } else if (value instanceof BigDecimal) {
            out.append(((BigDecimal) value).toString());
        } else if (value instanceof Map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                value(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection) {
            out.append('[');
            boolean first = true;
            for (Object o : (Collection<?>) value) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                value(out, o);
            }
            out.append(']');
        } else if (value instanceof Enum || value instanceof TemporalAccessor || value instanceof UUID) {
            string(out, value.toString());
        } else {
            throw new IllegalArgumentException("unsupported type " + value.getClass().getName());
        }
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        int n = s.length();
        int first = 0;
        while (first < n && plain(s.charAt(first))) {
            first++;
        }
        if (first == n) {
            out.append(s).append('"');
            return;
        }
        int start = 0;
        for (int i = first; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) {
                continue;
            }
            out.append(s, start, i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    break;
            }
            start = i + 1;
        }
        out.append(s, start, n).append('"');
    }

    private static boolean plain(char c) {
        return c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029;
    }

    /**
     * Writes {@code t} exactly as {@link Instant#toString} does (ISO-8601, UTC, fraction in groups of
     * three digits), without the formatter's allocations.
     */
    static void instant(StringBuilder out, Instant t) {
        long epochSecond = t.getEpochSecond();
        int nano = t.getNano();
        if (epochSecond < 0 || epochSecond >= 253_402_300_800L) {
            string(out, t.toString());
            return;
        }
        LocalDateTime d = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        out.append('"');
        pad(out, d.getYear(), 4).append('-');
        pad(out, d.getMonthValue(), 2).append('-');
        pad(out, d.getDayOfMonth(), 2).append('T');
        pad(out, d.getHour(), 2).append(':');
        pad(out, d.getMinute(), 2).append(':');
        pad(out, d.getSecond(), 2);
        if (nano > 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                pad(out, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                pad(out, nano / 1_000, 6);
            } else {
                pad(out, nano, 9);
            }
        }
        out.append("Z\"");
    }

    private static StringBuilder pad(StringBuilder out, int value, int digits) {
        for (int limit = 10, i = 1; i < digits; i++, limit *= 10) {
            if (value < limit) {
                out.append('0');
            }
        }
        return out.append(value);
    }

    /**
     * Returns parsed JSON values in their stored form: a decimal whose text is what
     * {@link Double#toString} prints comes back as a {@link Double}, any other decimal (for example
     * {@code 9.50}) as a {@link BigDecimal} that keeps its text; maps keep their order.
     */
    static Object normalise(Object value) {
        if (value instanceof BigDecimal) {
            BigDecimal bd = (BigDecimal) value;
            double d = bd.doubleValue();
            return Double.isFinite(d) && Double.toString(d).equals(bd.toString()) ? (Object) d : bd;
        }
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                copy.put(String.valueOf(e.getKey()), normalise(e.getValue()));
            }
            return copy;
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            Object[] copy = new Object[list.size()];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = normalise(list.get(i));
            }
            return java.util.Arrays.asList(copy);
        }
        return value;
    }
}
