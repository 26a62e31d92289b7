/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.spi.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A task's frozen held-out evaluation set, kept in the state store under {@code loop/<task>/held_out}
 * as JSON: its version, when it was frozen, and its items (sample id, input, output). Samples are
 * chosen by a hash of their input, so the choice does not depend on the order they arrived in, and a
 * set once written is never changed (a later version may only add items). An item is matched by
 * its sample id and by its input, so a second sample of the same input is held out too.
 */
final class HeldOutSet {
    private final int version;
    private final Instant frozenAt;
    private final List<Map<String, Object>> items;
    private final Set<String> ids;
    private final Set<String> inputs;

    private HeldOutSet(int version, Instant frozenAt, List<Map<String, Object>> items) {
        this.version = version;
        this.frozenAt = frozenAt;
        this.items = List.copyOf(items);
        this.ids = new HashSet<>();
        this.inputs = new HashSet<>();
        for (Map<String, Object> item : items) {
            ids.add(String.valueOf(item.get("id")));
            inputs.add(Json.write(item.get("input")));
        }
    }

    static String key(TaskName task) {
        return "loop/" + task.value() + "/held_out";
    }

    /** Reads the task's set, if it was frozen. */
    public static Optional<HeldOutSet> read(StateStore state, TaskName task) {
        return state.get(key(task)).map(v -> parse(v.value()));
    }

    @SuppressWarnings("unchecked")
    private static HeldOutSet parse(String json) {
        try {
            Map<String, Object> m = Json.readObject(json);
            List<Map<String, Object>> items = new ArrayList<>();
            for (Object o : (List<Object>) m.get("items")) {
                items.add((Map<String, Object>) o);
            }
            return new HeldOutSet(((Number) m.get("version")).intValue(), Instant.parse((String) m.get("frozen_at")),
                items);
        } catch (RuntimeException e) {
            throw new StoreException("the held-out set in the state store is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * Freezes version 1 from {@code samples}: each sample whose input hashes into the first
     * {@code fraction} of the range, at most {@code max} of them, one per distinct input.
     */
    static HeldOutSet choose(Stream<Sample> samples, double fraction, int max, Instant now) {
        List<Map<String, Object>> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long limit = (long) (fraction * (1L << 32));
        samples.forEach(s -> {
            String input = Json.write(s.input());
            long h = Integer.toUnsignedLong(mix(input));
            if (h < limit && items.size() < max && seen.add(input)) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", s.id().orElse(""));
                item.put("input", s.input());
                item.put("output", s.output());
                items.add(item);
            }
        });
        return new HeldOutSet(1, now, items);
    }

    private static int mix(String s) {
        int h = s.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("frozen_at", frozenAt.toString());
        m.put("items", items);
        return Json.write(m);
    }

    /** Whether {@code sample} is held out: its id or its input is in the set. */
    public boolean contains(Sample sample) {
        Objects.requireNonNull(sample, "sample");
        return sample.id().map(ids::contains).orElse(false) || inputs.contains(Json.write(sample.input()));
    }

    public int version() {
        return version;
    }

    /** The items, each with {@code id}, {@code input} and {@code output}. */
    public List<Map<String, Object>> items() {
        return items;
    }
}
