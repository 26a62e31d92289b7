/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.spi.ModelCatalog;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link DefaultDatasetExporter} treats the data beyond what an export request says: whose
 * corrections are trusted when answers conflict, whether to redact e-mail addresses and phone
 * numbers (off by default), how similar two inputs of the same answer must be to count as near
 * duplicates, and the provider's model catalogue (limits, tokenizers, default model).
 *
 * {@code
 * ExportOptions o = ExportOptions.builder().addTrustedUser("grader-1").redactPersonalData(true).build();
 * }
 */
public final class ExportOptions {
    /** Default estimated Jaccard similarity of character 3-shingles for near duplicates. */
    public static final double DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.6;
    /** Default heap the export's dedupe, conflict and split index may use before it spills to disk: 16 MB. */
    public static final long DEFAULT_INDEX_MEMORY_BYTES = 16L << 20;

    private final Set<String> trustedUsers;
    private final boolean redactPersonalData;
    private final double nearDuplicateThreshold;
    private final ModelCatalog modelCatalog;
    private final long indexMemoryBytes;

    private ExportOptions(Builder b) {
        this.trustedUsers = Set.copyOf(b.trustedUsers);
        this.redactPersonalData = b.redactPersonalData;
        this.nearDuplicateThreshold = b.nearDuplicateThreshold;
        this.modelCatalog = b.modelCatalog;
        this.indexMemoryBytes = b.indexMemoryBytes;
        if (indexMemoryBytes < 1) {
            throw new InvalidInputException("index_memory_bytes", "must be positive, was " + indexMemoryBytes);
        }
        if (!(nearDuplicateThreshold > 0.0 && nearDuplicateThreshold <= 1.0)) {
            throw new InvalidInputException("near_duplicate_threshold",
                "must be above 0 and at most 1, was " + nearDuplicateThreshold);
        }
    }

    /** The defaults: every correction trusted, no redaction, threshold 0.6, a catalogue that lists no model. */
    public static ExportOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.trustedUsers.addAll(trustedUsers);
        b.redactPersonalData = redactPersonalData;
        b.nearDuplicateThreshold = nearDuplicateThreshold;
        b.modelCatalog = modelCatalog;
        b.indexMemoryBytes = indexMemoryBytes;
        return b;
    }

    /** Users whose corrections win conflicts; empty means every correcting user is trusted. */
    public Set<String> trustedUsers() {
        return trustedUsers;
    }

    /** Returns whether a correction by {@code userId} counts as trusted. */
    public boolean isTrusted(String userId) {
        return trustedUsers.isEmpty() || userId != null && trustedUsers.contains(userId);
    }

    /** Whether e-mail addresses and phone numbers are replaced before writing. */
    public boolean redactPersonalData() {
        return redactPersonalData;
    }

    /** Similarity from which two inputs with the same answer are near duplicates. */
    public double nearDuplicateThreshold() {
        return nearDuplicateThreshold;
    }

    /** The models exports are checked and counted for, and the default model. */
    public ModelCatalog modelCatalog() {
        return modelCatalog;
    }

    /**
     * Heap the export's index (dedupe, conflicts, split) may hold; beyond it the index spills sorted
     * runs to a temporary directory inside the export directory and merges them, so the export's
     * memory does not grow with the number of samples.
     */
    public long indexMemoryBytes() {
        return indexMemoryBytes;
    }

    @Override
    public String toString() {
        return "ExportOptions{trustedUsers=" + trustedUsers.size() + ", redactPersonalData=" + redactPersonalData
            + ", nearDuplicateThreshold=" + nearDuplicateThreshold + '}';
    }

    /** Builds {@link ExportOptions}. */
    public static final class Builder {
        private final Set<String> trustedUsers = new LinkedHashSet<>();
        private boolean redactPersonalData;
        private double nearDuplicateThreshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD;
        private ModelCatalog modelCatalog = ModelCatalog.empty("none");
        private long indexMemoryBytes = DEFAULT_INDEX_MEMORY_BYTES;

        private Builder() {
        }

        public Builder trustedUsers(java.util.Collection<String> users) {
            trustedUsers.clear();
            Objects.requireNonNull(users, "users").forEach(this::addTrustedUser);
            return this;
        }

        public Builder addTrustedUser(String userId) {
            trustedUsers.add(Objects.requireNonNull(userId, "userId"));
            return this;
        }

        public Builder redactPersonalData(boolean redact) {
            this.redactPersonalData = redact;
            return this;
        }

        public Builder nearDuplicateThreshold(double threshold) {
            this.nearDuplicateThreshold = threshold;
            return this;
        }

        public Builder modelCatalog(ModelCatalog catalog) {
            this.modelCatalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** See {@link ExportOptions#indexMemoryBytes()}; tiny values work (slowly) and are for tests. */
        public Builder indexMemoryBytes(long bytes) {
            this.indexMemoryBytes = bytes;
            return this;
        }

        public ExportOptions build() {
            return new ExportOptions(this);
        }
    }
}
