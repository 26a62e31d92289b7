/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Shared helpers for the file store's tests. */
final class StoreTesting {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private StoreTesting() {
    }

    static Stores open(Path dir, String... keyValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return new FileStoreProvider().create(ProviderContext.of(SlabMlConfig.of(config), dir, CLOCK));
    }

    /** BATCH settings with small queues, for stores built directly. */
    static LogSettings settings() {
        return new LogSettings(com.slabstak.slabml.spi.Durability.BATCH, 1024, com.slabstak.slabml.spi.WhenFull.BLOCK,
            java.time.Duration.ofSeconds(10), 256, LogSettings.DEFAULT_MAX_FILE_BYTES, java.time.Duration.ofMillis(1), 2);
    }

    static Sample sample(String id, TaskName task, SampleSource source) {
        Sample.Builder b = Sample.builder()
            .id(id)
            .task(task)
            .source(source)
            .createdAt(T0)
            .confidence(0.9)
            .userId("user-1")
            .putInput("ocr_text", "MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5 \"rookie\"\n\u00e9")
            .putOutput("player", "Michael Jordan")
            .putOutput("year", "1986")
            .putOutput("grade", "9.5");
        if (source == SampleSource.CORRECTION) {
            b.putOriginal("player", "Micheal Jordan").addCorrectedField("player");
        }
        return b.build();
    }

    static Sample sample(String id) {
        return sample(id, TaskName.CARD_IDENTIFICATION, SampleSource.VALIDATED);
    }
}
