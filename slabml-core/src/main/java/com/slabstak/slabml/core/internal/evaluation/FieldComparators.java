/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Normalizers;
import com.slabstak.slabml.spi.FieldComparator;
import com.slabstak.slabml.spi.Task;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which {@link FieldComparator} judges each field: the ones the tasks name
 * ({@link Task#fieldComparators()}), and for every other field the fallback (case-, accent- and
 * spacing-insensitive text, numbers without trailing zeros). A field is judged the same way in
 * every task's records; when two tasks name a comparator for one field, the task whose name sorts
 * first wins. Immutable.
 *
 * {@code
 * FieldComparators comparators = FieldComparators.of(slabMl.tasks()).toBuilder()
 *     .put("notes", Normalizers.comparing(Normalizers::text))
 *     .build();
 * }
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 */
public final class FieldComparators {
    private static final FieldComparator FALLBACK = Normalizers.comparing(Normalizers::numberOrText);
    private static final FieldComparators GENERIC = builder().build();

    private final Map<String, FieldComparator> byField;
    private final FieldComparator fallback;

    private FieldComparators(Builder b) {
        this.byField = Collections.unmodifiableMap(new LinkedHashMap<>(b.byField));
        this.fallback = b.fallback;
    }

    /** The comparators the tasks name, with the text fallback for every other field. */
    public static FieldComparators of(Map<TaskName, Task> tasks) {
        return of(new TreeMap<>(Objects.requireNonNull(tasks, "tasks")).values());
    }

    /** The comparators the tasks name (the first naming a field wins), with the text fallback. */
    public static FieldComparators of(Collection<? extends Task> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        Builder b = builder();
        for (Task task : tasks) {
            task.fieldComparators().forEach((field, comparator) -> {
                if (!b.byField.containsKey(field)) {
                    b.put(field, comparator);
                }
            });
        }
        return b.build();
    }

    /** The text fallback for every field. */
    public static FieldComparators generic() {
        return GENERIC;
    }

    /** An empty registry with the text fallback. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from this registry. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.byField.putAll(byField);
        b.fallback = fallback;
        return b;
    }

    /** Returns the comparator for {@code field}. */
    public FieldComparator forField(String field) {
        return byField.getOrDefault(Objects.requireNonNull(field, "field"), fallback);
    }

    /** Returns whether {@code predicted} matches {@code truth} for {@code field}. */
    public boolean matches(String field, Object predicted, Object truth) {
        return forField(field).matches(predicted, truth);
    }

    /** Builds {@link FieldComparators}. */
    public static final class Builder {
        private final Map<String, FieldComparator> byField = new LinkedHashMap<>();
        private FieldComparator fallback = FALLBACK;

        private Builder() {
        }

        /** Sets the comparator of one field. */
        public Builder put(String field, FieldComparator comparator) {
            byField.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(comparator, "comparator"));
            return this;
        }

        /** Sets the comparator of fields that have none of their own. */
        public Builder fallback(FieldComparator comparator) {
            this.fallback = Objects.requireNonNull(comparator, "comparator");
            return this;
        }

        public FieldComparators build() {
            return new FieldComparators(this);
        }
    }
}
