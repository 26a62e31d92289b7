/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.spi.Stores;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryStoresTest {

    @Test
    void reset_afterWrites_emptiesEveryStoreAndKeepsThemUsable() {
        // given
        Stores stores = InMemoryStores.create();
        Instant t = Instant.parse("2026-01-15T09:00:00Z");
        Sample sample = Sample.builder().id("s-1").task(TaskName.CARD_IDENTIFICATION).source(SampleSource.VALIDATED)
            .input(Map.of("ocr_text", "x")).output(Map.of("player", "A", "year", "2020", "brand", "Topps"))
            .createdAt(t).build();
        stores.samples().append(sample);
        stores.jobs().save(TrackedJob.builder().idempotencyKey("k").model("m").trainingFileId("f").createdAt(t)
            .updatedAt(t).build());
        stores.registry().appendVersion(com.slabstak.slabml.ModelVersion.builder().task(TaskName.CARD_IDENTIFICATION)
            .modelId("ft:a").baseModel("m").createdAt(t).build());
        long version = stores.registry().version();
        // when
        InMemoryStores.reset(stores);
        // then
        assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isZero();
        assertThat(stores.jobs().list()).isEmpty();
        assertThat(stores.registry().versions()).isEmpty();
        assertThat(stores.registry().version()).isNotEqualTo(version);
        stores.samples().append(sample);
        assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isEqualTo(1);
    }
}
