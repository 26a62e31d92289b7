/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static com.slabstak.slabml.core.internal.store.StoreTesting.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.Listing;
import com.slabstak.slabml.ListingRequest;
import com.slabstak.slabml.Platform;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.Tone;
import com.slabstak.slabml.TrainingDataCollector;
import com.slabstak.slabml.UserCorrection;
import com.slabstak.slabml.core.internal.collect.DefaultTrainingDataCollector;
import com.slabstak.slabml.core.internal.tasks.CardIdentificationTask;
import com.slabstak.slabml.core.internal.tasks.ListingGenerationTask;
import com.slabstak.slabml.spi.Stores;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every collect method takes the caller's sample id, and calling it again with that id stores nothing new. */
class CollectorRetryTest {
    @TempDir
    Path dir;

    private static CardData card(String player) {
        return CardData.builder().player(player).year("2020").brand("Panini Prizm").grade("10").build();
    }

    private static List<String> ids(Stores stores, TaskName task) {
        try (Stream<Sample> s = stores.samples().read(task)) {
            return s.map(x -> x.id().orElseThrow()).collect(Collectors.toList());
        }
    }

    @Test
    void collectMethods_sameIdTwice_storeEachSampleOnceUnderTheCallersId() {
        try (Stores stores = StoreTesting.open(dir)) {
            TrainingDataCollector collector = new DefaultTrainingDataCollector(stores.samples(), Map.of(
                TaskName.CARD_IDENTIFICATION, new CardIdentificationTask(),
                TaskName.LISTING_GENERATION, new ListingGenerationTask()), CLOCK);
            UserCorrection correction = UserCorrection.builder().ocrText("2020 PRIZM HERBERT PSA 9")
                .original(card("Justin Herbert")).corrected(card("Justin Herbert").toBuilder().grade("9").build())
                .userId("user-7").build();
            ListingRequest request = ListingRequest.builder().card(card("A")).platform(Platform.EBAY)
                .tone(Tone.CASUAL).build();

            for (int attempt = 0; attempt < 2; attempt++) {
                collector.collectCardIdentification("scan-1", "2020 PRIZM HERBERT PSA 10", card("Justin Herbert"), 1.0);
                collector.collectUserCorrection("correction-1", correction);
                collector.collectListing("listing-1", request, Listing.of("2020 Prizm A PSA 10", "Nice"), 0.9);
                collector.addManualSample("manual-1", TaskName.CARD_IDENTIFICATION, Map.of("ocr_text", "TOM BRADY 2000"),
                    card("Tom Brady").toMap());
                collector.collectAsync(Sample.builder().id("async-1").task(TaskName.CARD_IDENTIFICATION)
                    .source(com.slabstak.slabml.SampleSource.VALIDATED).putInput("ocr_text", "JORDAN 57")
                    .output(card("Michael Jordan").toMap()).build()).join();
            }

            assertThat(ids(stores, TaskName.CARD_IDENTIFICATION))
                .containsExactlyInAnyOrder("scan-1", "correction-1", "manual-1", "async-1");
            assertThat(ids(stores, TaskName.LISTING_GENERATION)).containsExactly("listing-1");
            assertThat(collector.stats().totalSamples()).isEqualTo(5);
        }
    }
}
