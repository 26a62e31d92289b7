/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

/** MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain reference algorithm). */
final class Murmur3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {
    }

    /** Hashes {@code data} with {@code seed}; the result is the raw 32 bits (read it unsigned). */
    static int hash32(byte[] data, int seed) {
        int h = seed;
        int length = data.length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int p = i << 2;
            int k = (data[p] & 0xff)
                | (data[p + 1] & 0xff) << 8
                | (data[p + 2] & 0xff) << 16
                | (data[p + 3] & 0xff) << 24;
            h ^= mixK(k);
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int tail = blocks << 2;
        int remaining = length & 3;
        if (remaining > 0) {
            int k = 0;
            for (int i = remaining - 1; i >= 0; i--) {
                k = (k << 8) | (data[tail + i] & 0xff);
            }
            h ^= mixK(k);
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }
}
