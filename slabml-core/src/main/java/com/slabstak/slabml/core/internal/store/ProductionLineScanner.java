/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.core.internal.analysis.MonthTally;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the fields of one production log line that the monthly analysis needs straight from its
 * bytes, without a JSON parser: it walks the top-level object, reads {@code model_id}, {@code arm},
 * {@code corrected}, {@code corrected_fields}, {@code rating}, {@code latency_ms} and
 * {@code usage}, notes whether {@code correction} has any field, and skips every other value by
 * matching brackets and quotes. It handles what the store writes; anything else it is not sure of
 * (an escaped name or value it needs, a fractional number where a whole one belongs, a line that
 * does not look like an object) makes it answer {@link Result#UNSURE} so the caller can use a full
 * parser, which also reports the error. One instance per thread.
 */
final class ProductionLineScanner {
    enum Result {
        /** Counted. */
        COUNTED,
        /** Not counted: the line has a correction but no judgement of it. */
        UNJUDGED,
        /** Not counted: the line needs a full parser. */
        UNSURE
    }

    private static final byte[] MODEL_ID = ascii("model_id");
    private static final byte[] ARM = ascii("arm");
    private static final byte[] CORRECTED = ascii("corrected");
    private static final byte[] CORRECTED_FIELDS = ascii("corrected_fields");
    private static final byte[] RATING = ascii("rating");
    private static final byte[] LATENCY = ascii("latency_ms");
    private static final byte[] USAGE = ascii("usage");
    private static final byte[] CORRECTION = ascii("correction");
    private static final byte[] PROMPT = ascii("prompt_tokens");
    private static final byte[] COMPLETION = ascii("completion_tokens");
    private static final int MAX_FIELDS = 64;

    private byte[] b;
    private int i;
    private int end;
    private long number;
    private int stringStart;
    private int stringEnd;
    private byte[] lastModelBytes = new byte[0];
    private String lastModel;
    private final int[] fieldStarts = new int[MAX_FIELDS];
    private final int[] fieldEnds = new int[MAX_FIELDS];

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Scans {@code buf[off, off + len)} and counts the record in {@code tally} when it can. */
    Result scan(byte[] buf, int off, int len, MonthTally tally) {
        this.b = buf;
        this.i = off;
        this.end = off + len;
        int modelStart = -1;
        int modelEnd = -1;
        Arm arm = null;
        int rating = 0;
        long latency = -1;
        long prompt = 0;
        long completion = 0;
        int corrected = -1;
        int fields = 0;
        boolean hasCorrection = false;
        ws();
        if (!eat('{')) {
            return Result.UNSURE;
        }
        ws();
        if (peek() == '}') {
            return Result.UNSURE;
        }
        while (true) {
            ws();
            if (!string()) {
                return Result.UNSURE;
            }
            int ks = stringStart;
            int kl = stringEnd - stringStart;
            ws();
            if (!eat(':')) {
                return Result.UNSURE;
            }
            ws();
            if (isNull()) {
                i += 4;
            } else if (is(ks, kl, MODEL_ID)) {
                if (!string()) {
                    return Result.UNSURE;
                }
                modelStart = stringStart;
                modelEnd = stringEnd;
            } else if (is(ks, kl, ARM)) {
                if (!string()) {
                    return Result.UNSURE;
                }
                arm = arm(stringStart, stringEnd - stringStart);
                if (arm == null) {
                    return Result.UNSURE;
                }
            } else if (is(ks, kl, RATING)) {
                if (!whole() || number < 1 || number > 5) {
                    return Result.UNSURE;
                }
                rating = (int) number;
            } else if (is(ks, kl, LATENCY)) {
                if (!whole()) {
                    return Result.UNSURE;
                }
                latency = number;
            } else if (is(ks, kl, CORRECTED)) {
                if (has("true")) {
                    corrected = 1;
                    i += 4;
                } else if (has("false")) {
                    corrected = 0;
                    i += 5;
                } else {
                    return Result.UNSURE;
                }
            } else if (is(ks, kl, CORRECTED_FIELDS)) {
                if (!eat('[')) {
                    return Result.UNSURE;
                }
                ws();
                if (!eat(']')) {
                    while (true) {
                        ws();
                        if (fields == MAX_FIELDS || !string()) {
                            return Result.UNSURE;
                        }
                        fieldStarts[fields] = stringStart;
                        fieldEnds[fields++] = stringEnd;
                        ws();
                        if (eat(']')) {
                            break;
                        }
                        if (!eat(',')) {
                            return Result.UNSURE;
                        }
                    }
                }
            } else if (is(ks, kl, USAGE)) {
                if (!eat('{')) {
                    return Result.UNSURE;
                }
                ws();
                if (!eat('}')) {
                    while (true) {
                        ws();
                        if (!string()) {
                            return Result.UNSURE;
                        }
                        int us = stringStart;
                        int ul = stringEnd - stringStart;
                        ws();
                        if (!eat(':')) {
                            return Result.UNSURE;
                        }
                        ws();
                        if (is(us, ul, PROMPT)) {
                            if (!whole()) {
                                return Result.UNSURE;
                            }
                            prompt = number;
                        } else if (is(us, ul, COMPLETION)) {
                            if (!whole()) {
                                return Result.UNSURE;
                            }
                            completion = number;
                        } else if (!skipValue()) {
                            return Result.UNSURE;
                        }
                        ws();
                        if (eat('}')) {
                            break;
                        }
                        if (!eat(',')) {
                            return Result.UNSURE;
                        }
                    }
                }
            } else if (is(ks, kl, CORRECTION)) {
                if (peek() != '{') {
                    return Result.UNSURE;
                }
                int start = i;
                if (!skipValue()) {
                    return Result.UNSURE;
                }
                for (int k = start + 1; k < i - 1; k++) {
                    if (!blank(b[k])) {
                        hasCorrection = true;
                        break;
                    }
                }
            } else if (!skipValue()) {
                return Result.UNSURE;
            }
            ws();
            if (eat('}')) {
                break;
            }
            if (!eat(',')) {
                return Result.UNSURE;
            }
        }
        ws();
        if (i != end || modelStart < 0 || arm == null) {
            return Result.UNSURE;
        }
        if (corrected < 0 && hasCorrection) {
            return Result.UNJUDGED;
        }
        String model = model(modelStart, modelEnd);
        if (model.isBlank()) {
            return Result.UNSURE;
        }
        MonthTally.Counters c = tally.counters(model, arm);
        c.record();
        if (corrected == 1) {
            c.corrected();
            for (int k = 0; k < fields; k++) {
                c.field(new String(b, fieldStarts[k], fieldEnds[k] - fieldStarts[k], StandardCharsets.UTF_8));
            }
        }
        if (rating != 0) {
            c.rating(rating);
        }
        if (latency >= 0) {
            c.latency(latency);
        }
        c.tokens(prompt, completion);
        return Result.COUNTED;
    }

    private String model(int start, int stop) {
        int len = stop - start;
        if (lastModel != null && Arrays.equals(b, start, stop, lastModelBytes, 0, lastModelBytes.length)) {
            return lastModel;
        }
        lastModelBytes = Arrays.copyOfRange(b, start, stop);
        lastModel = new String(b, start, len, StandardCharsets.UTF_8);
        return lastModel;
    }

    private Arm arm(int start, int len) {
        if (len == 4 && b[start] == 'b' && b[start + 1] == 'a' && b[start + 2] == 's' && b[start + 3] == 'e') {
            return Arm.BASE;
        }
        if (len == 9 && b[start] == 'c' && Arrays.equals(b, start, start + 9, ascii("candidate"), 0, 9)) {
            return Arm.CANDIDATE;
        }
        if (len == 8 && b[start] == 'f' && Arrays.equals(b, start, start + 8, ascii("fallback"), 0, 8)) {
            return Arm.FALLBACK;
        }
        return null;
    }

    private boolean is(int start, int len, byte[] name) {
        return len == name.length && Arrays.equals(b, start, start + len, name, 0, len);
    }

    private static boolean blank(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private void ws() {
        while (i < end && blank(b[i])) {
            i++;
        }
    }

    private int peek() {
        return i < end ? b[i] : -1;
    }

    private boolean eat(char c) {
        if (i < end && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    private boolean has(String literal) {
        int n = literal.length();
        if (i + n > end) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != literal.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean isNull() {
        return has("null");
    }

    /** Reads a string without escapes into {@code [stringStart, stringEnd)}; false otherwise. */
    private boolean string() {
        if (!eat('"')) {
            return false;
        }
        int s = i;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                stringStart = s;
                stringEnd = i++;
                return true;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                return false;
            }
            i++;
        }
        return false;
    }

    /** Reads a whole number of at most 18 digits into {@link #number}. */
    private boolean whole() {
        boolean negative = eat('-');
        int s = i;
        long v = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            v = v * 10 + (b[i++] - '0');
        }
        int digits = i - s;
        if (digits == 0 || digits > 18 || (digits > 1 && b[s] == '0')) {
            return false;
        }
        if (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
            return false;
        }
        number = negative ? -v : v;
        return true;
    }

    /** Skips one value of any kind, brackets matched and strings (escapes included) stepped over. */
    private boolean skipValue() {
        int c = peek();
        if (c == '"') {
            return skipString();
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (i < end) {
                byte x = b[i];
                if (x == '"') {
                    if (!skipString()) {
                        return false;
                    }
                    continue;
                }
                if (x == '{' || x == '[') {
                    depth++;
                } else if (x == '}' || x == ']') {
                    if (--depth == 0) {
                        i++;
                        return true;
                    }
                }
                i++;
            }
            return false;
        }
        int s = i;
        while (i < end) {
            byte x = b[i];
            if (x == ',' || x == '}' || x == ']' || blank(x)) {
                break;
            }
            i++;
        }
        return i > s;
    }

    private boolean skipString() {
        i++;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                i++;
                return true;
            }
            i += c == '\\' ? 2 : 1;
        }
        return false;
    }
}
