/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Unleash-compatible sticky buckets: {@code murmur3_x86_32(UTF-8 of group + ":" + subject, seed)},
 * read as an unsigned number, {@code % 100 + 1}. A subject is in a rollout of {@code p}% when its
 * bucket is at most {@code p}, so raising {@code p} never drops a subject already in.
 * Internal: public so other internal packages can reproduce a subject's bucket.
 *
 * {@code int b = StickyBuckets.bucket("user-123", "card_identification");}
 */
final class StickyBuckets {
    /** The seed Unleash uses for gradual rollout. */
    public static final int ROLLOUT_SEED = 0;
    /** The seed Unleash uses for variant assignment. */
    public static final int VARIANT_SEED = 86028157;

    private StickyBuckets() {
    }

    /** Returns the subject's bucket (1-100) in {@code group}, with the rollout seed. */
    public static int bucket(String subject, String group) {
        return bucket(subject, group, ROLLOUT_SEED, 100);
    }

    /** Returns the subject's bucket (1-{@code normalizer}) in {@code group} with {@code seed}. */
    public static int bucket(String subject, String group, int seed, int normalizer) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(group, "group");
        if (normalizer < 1) {
            throw new IllegalArgumentException("normalizer must be positive, was " + normalizer);
        }
        int hash = Murmur3.hash32((group + ":" + subject).getBytes(StandardCharsets.UTF_8), seed);
        return (int) (Integer.toUnsignedLong(hash) % normalizer) + 1;
    }
}
