/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * A growable UTF-8 byte buffer that JSON is written to directly, byte for byte what
 * {@link JsonText} writes to a {@link StringBuilder} followed by {@code getBytes(UTF_8)} (an unpaired
 * surrogate becomes {@code ?}, as there). One instance per caller thread is reused, so encoding a
 * record allocates nothing but the copy handed to the writer ({@link #toByteArray()}).
 */
final class LineBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<LineBuffer> PER_THREAD = ThreadLocal.withInitial(() -> new LineBuffer(1024));
    private static final int KEEP_AT_MOST = 1 << 16;

    private byte[] buf;
    private int len;

    LineBuffer(int capacity) {
        this.buf = new byte[Math.max(16, capacity)];
    }

    /** The calling thread's buffer, emptied. */
    static LineBuffer forThisThread() {
        LineBuffer b = PER_THREAD.get();
        if (b.buf.length > KEEP_AT_MOST) {
            b.buf = new byte[1024];
        }
        b.len = 0;
        return b;
    }

    void clear() {
        len = 0;
    }

    int length() {
        return len;
    }

    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** Appends one ASCII character. */
    LineBuffer ascii(char c) {
        room(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** Appends text known to be ASCII (field names, numbers' text). */
    LineBuffer ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    LineBuffer number(long v) {
        if (v == Long.MIN_VALUE) {
            return ascii(Long.toString(v));
        }
        room(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        len = end;
        return this;
    }

    /** Appends {@code "name":} after a comma unless it is the first field. */
    LineBuffer field(String name) {
        if (len == 0 || buf[len - 1] != '{') {
            ascii(',');
        }
        return ascii('"').ascii(name).ascii("\":");
    }

    /** Appends {@code s} as a JSON string, escaped exactly as {@link JsonText#string} does. */
    LineBuffer string(String s) {
        int n = s.length();
        room(n + 2);
        buf[len++] = '"';
        int i = 0;
        // Fast path: plain ASCII needs no escaping and one byte per char.
        while (i < n) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            buf[len++] = (byte) c;
            i++;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    room(1);
                    buf[len++] = (byte) c;
                    continue;
                }
                switch (c) {
                    case '"': ascii("\\\""); break;
                    case '\\': ascii("\\\\"); break;
                    case '\n': ascii("\\n"); break;
                    case '\r': ascii("\\r"); break;
                    case '\t': ascii("\\t"); break;
                    case '\b': ascii("\\b"); break;
                    case '\f': ascii("\\f"); break;
                    default: unicodeEscape(c); break;
                }
            } else if (c == 0x2028 || c == 0x2029) {
                unicodeEscape(c);
            } else if (c < 0x800) {
                room(2);
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char d = i + 1 < n ? s.charAt(i + 1) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(d)) {
                    int cp = Character.toCodePoint(c, d);
                    room(4);
                    buf[len++] = (byte) (0xF0 | (cp >> 18));
                    buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (cp & 0x3F));
                    i++;
                } else {
                    room(1);
                    buf[len++] = '?';
                }
            } else {
                room(3);
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return ascii('"');
    }

    private void unicodeEscape(char c) {
        room(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 0xF];
        buf[len++] = HEX[(c >> 8) & 0xF];
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    /** Appends any plain value as {@link JsonText#value} does. */
    LineBuffer value(Object value) {
        if (value == null) {
            return ascii("null");
        } else if (value instanceof String) {
            return string((String) value);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return number(((Number) value).longValue());
        } else if (value instanceof Boolean) {
            return ascii((Boolean) value ? "true" : "false");
        } else if (value instanceof Map) {
            ascii('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    ascii(',');
                }
                first = false;
                string(String.valueOf(e.getKey()));
                ascii(':');
                value(e.getValue());
            }
            return ascii('}');
        } else if (value instanceof Collection) {
            ascii('[');
            boolean first = true;
            for (Object o : (Collection<?>) value) {
                if (!first) {
                    ascii(',');
                }
                first = false;
                value(o);
            }
            return ascii(']');
        } else if (value instanceof CharSequence) {
            return string(value.toString());
        } else if (value instanceof BigInteger) {
            return ascii(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("not a finite number: " + d);
            }
            return ascii(value instanceof Float ? Float.toString((Float) value) : Double.toString(d));
        } else if (value instanceof BigDecimal) {
            return ascii(((BigDecimal) value).toString());
        } else if (value instanceof Enum || value instanceof TemporalAccessor || value instanceof UUID) {
            return string(value.toString());
        }
        throw new IllegalArgumentException("unsupported type " + value.getClass().getName());
    }

    /** Appends {@code t} as a JSON string exactly as {@link Instant#toString} prints it. */
    LineBuffer instant(Instant t) {
        long epochSecond = t.getEpochSecond();
        int nano = t.getNano();
        if (epochSecond < 0 || epochSecond >= 253_402_300_800L) {
            return string(t.toString());
        }
        LocalDateTime d = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        ascii('"');
        pad(d.getYear(), 4).ascii('-');
        pad(d.getMonthValue(), 2).ascii('-');
        pad(d.getDayOfMonth(), 2).ascii('T');
        pad(d.getHour(), 2).ascii(':');
        pad(d.getMinute(), 2).ascii(':');
        pad(d.getSecond(), 2);
        if (nano > 0) {
            ascii('.');
            if (nano % 1_000_000 == 0) {
                pad(nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                pad(nano / 1_000, 6);
            } else {
                pad(nano, 9);
            }
        }
        return ascii("Z\"");
    }

    private LineBuffer pad(int value, int digits) {
        for (int limit = 10, i = 1; i < digits; i++, limit *= 10) {
            if (value < limit) {
                ascii('0');
            }
        }
        return number(value);
    }
}
