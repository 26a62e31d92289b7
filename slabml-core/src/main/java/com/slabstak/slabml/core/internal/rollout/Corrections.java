/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.rollout;

import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.core.internal.evaluation.FieldComparators;
import java.util.Map;

/** Whether a production record counts as corrected by its user. */
public final class Corrections {
    private Corrections() {
    }

    /** True when a field of the record's correction differs from its prediction under {@code comparators}. */
    public static boolean corrected(FieldComparators comparators, ProductionRecord r) {
        for (Map.Entry<String, Object> e : r.correction().entrySet()) {
            if (!comparators.matches(e.getKey(), r.prediction().get(e.getKey()), e.getValue())) {
                return true;
            }
        }
        return false;
    }
}
