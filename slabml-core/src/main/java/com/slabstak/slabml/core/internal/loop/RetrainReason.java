/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Why a retrain is due, in words and numbers (both go to the registry history). */
record RetrainReason(String text, Map<String, Double> numbers) {
    RetrainReason {
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    }
}
