/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Text normalisation, stable 64-bit hashes and MinHash signatures for duplicate and conflict
 * detection. OCR differences that do not change meaning (case, spacing, punctuation such as
 * {@code #57} vs {@code 57}, {@code 9.50} vs {@code 9.5}) normalise to the same text.
 */
final class Text {
    /** Hash functions in a MinHash signature. */
    static final int SIGNATURE_SIZE = 16;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    private static final long[] SEEDS = new long[SIGNATURE_SIZE];

    static {
        long x = 0x5EEDL;
        for (int i = 0; i < SIGNATURE_SIZE; i++) {
            x += 0x9E3779B97F4A7C15L;
            SEEDS[i] = mix(x);
        }
    }

    private Text() {
    }

    /** Lower case, NFKC, every run of non-letters/digits as one space, trimmed. */
    static String normalize(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(n.length());
        boolean space = false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (space && sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(c);
                space = false;
            } else {
                space = true;
            }
        }
        return sb.toString();
    }

    /** A value's canonical text: decimals without trailing zeros, strings normalised. */
    static String canonicalValue(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Number) {
            try {
                return new BigDecimal(v.toString()).stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return v.toString();
            }
        }
        if (v instanceof String) {
            String t = ((String) v).trim();
            if (DECIMAL.matcher(t).matches()) {
                return new BigDecimal(t).stripTrailingZeros().toPlainString();
            }
            return normalize(t);
        }
        if (v instanceof Map) {
            return canonical((Map<?, ?>) v);
        }
        if (v instanceof List) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : (List<?>) v) {
                sb.append(canonicalValue(o)).append(';');
            }
            return sb.append(']').toString();
        }
        return normalize(v.toString());
    }

    /** A map's canonical text: keys sorted, absent and null values alike, values canonical. */
    static String canonical(Map<?, ?> map) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getValue() != null && !(e.getValue() instanceof String && ((String) e.getValue()).isBlank())) {
                keys.add(String.valueOf(e.getKey()));
            }
        }
        Collections.sort(keys);
        StringBuilder sb = new StringBuilder("{");
        for (String k : keys) {
            sb.append(k).append('=').append(canonicalValue(map.get(k))).append('|');
        }
        return sb.append('}').toString();
    }

    /** The normalised text of every string leaf, keys sorted: what near-duplicate checks compare. */
    static String leafText(Map<?, ?> map) {
        List<String> keys = new ArrayList<>();
        for (Object k : map.keySet()) {
            keys.add(String.valueOf(k));
        }
        Collections.sort(keys);
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            Object v = map.get(k);
            String t = v instanceof Map ? leafText((Map<?, ?>) v) : v == null ? "" : normalize(v.toString());
            if (!t.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(t);
            }
        }
        return sb.toString();
    }

    /** A stable 64-bit hash (FNV-1a over UTF-16 units, then mixed). */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** SplitMix64's finaliser: spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The MinHash signature of a text's character 3-shingles. */
    static int[] minHash(String text) {
        int[] sig = new int[SIGNATURE_SIZE];
        java.util.Arrays.fill(sig, Integer.MAX_VALUE);
        if (text.length() < 3) {
            addShingle(sig, hash64(text));
            return sig;
        }
        for (int i = 0; i + 3 <= text.length(); i++) {
            long shingle = ((long) text.charAt(i) << 32) | ((long) text.charAt(i + 1) << 16) | text.charAt(i + 2);
            addShingle(sig, shingle);
        }
        return sig;
    }

    private static void addShingle(int[] sig, long shingle) {
        for (int j = 0; j < SIGNATURE_SIZE; j++) {
            int h = (int) (mix(shingle ^ SEEDS[j]) >>> 33);
            if (h < sig[j]) {
                sig[j] = h;
            }
        }
    }

    /**
     * The MinHash signature packed as one byte per hash function (b-bit minwise hashing, b = 8): 16
     * bytes in two longs instead of 16 ints, so the index keeps no array per sample.
     */
    static long[] packedMinHash(String text) {
        int[] sig = minHash(text);
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            lo |= (long) (sig[i] & 0xFF) << (8 * i);
            hi |= (long) (sig[i + 8] & 0xFF) << (8 * i);
        }
        return new long[] {lo, hi};
    }

    /**
     * The estimated Jaccard similarity of two packed signatures: the share of equal bytes, corrected
     * for the 1-in-256 chance that two different minima agree in their low byte.
     */
    static double packedSimilarity(long a0, long a1, long b0, long b1) {
        int same = equalBytes(a0, b0) + equalBytes(a1, b1);
        double raw = same / (double) SIGNATURE_SIZE;
        double chance = 1.0 / 256;
        return Math.max(0.0, (raw - chance) / (1 - chance));
    }

    private static int equalBytes(long a, long b) {
        long x = a ^ b;
        int n = 0;
        for (int i = 0; i < 8; i++) {
            if ((x & 0xFF) == 0) {
                n++;
            }
            x >>>= 8;
        }
        return n;
    }

    /** The estimated Jaccard similarity of two signatures' shingle sets. */
    static double similarity(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < SIGNATURE_SIZE; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return same / (double) SIGNATURE_SIZE;
    }
}
