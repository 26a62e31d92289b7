/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit;

import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.SimulatedBackends;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.Faults;
import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ExportRequest;
import com.slabstak.slabml.ExportResult;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobListener;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.WaitOptions;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.spi.Stores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SlabMlExtension.class)
class SlabMlExtensionTest {
    @Test
    void parameters_sameTest_belongTogether(SlabMl ml, ManualClock clock, SimulatedBackends sim,
            SimulatedFineTuningBackend ft, SimulatedInferenceBackend ai, Faults faults, Stores stores) {
        assertThat(sim.fineTuning()).isSameAs(ft);
        assertThat(sim.inference()).isSameAs(ai);
        assertThat(sim.faults()).isSameAs(faults).isSameAs(ft.faults()).isSameAs(ai.faults());
        assertThat(ml.dataDirectory()).exists();
        assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
        assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isZero();
        clock.advance(Duration.ofDays(1));
    }

    @Test
    void parameters_eachTest_startsFresh(ManualClock clock, Stores stores) {
        assertThat(clock.instant()).isEqualTo(ManualClock.DEFAULT_START);
        assertThat(stores.samples().count(TaskName.CARD_IDENTIFICATION)).isZero();
    }

    @Test
    void wholeLoop_onTheFakes_fineTunedModelBeatsBase(SlabMl ml, ManualClock clock) {
        // given
        CardSampleGenerator gen = CardSampleGenerator.create(17);
        for (CardSampleGenerator.CardSample s : gen.cards(250)) {
            ml.collector().collectCardIdentification(s.ocrText(), s.card());
            clock.advance(Duration.ofSeconds(1));
        }
        ExportResult export = ml.exporter().export(ExportRequest.builder().task(TaskName.CARD_IDENTIFICATION).build());
        String fileId = ml.fineTuning().upload(export.trainingFile()).id();
        FineTuningJob job = ml.fineTuning().createJob(JobRequest.builder().trainingFileId(fileId)
            .model("gpt-4o-mini-2024-07-18").suffix("cards").task(TaskName.CARD_IDENTIFICATION).build());
        List<JobEvent> events = new ArrayList<>();
        // when
        FineTuningJob done = ml.fineTuning().waitForCompletion(job.id(), WaitOptions.builder()
            .listener(new JobListener() {
                @Override
                public void onEvent(FineTuningJob j, JobEvent e) {
                    events.add(e);
                }
            }).build());
        // then
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(events).anySatisfy(e -> assertThat(e.metrics()).isPresent());
        String tuned = done.fineTunedModel().orElseThrow();
        List<CardSampleGenerator.CardSample> heldOut = gen.cards(60);
        int base = score(ml, heldOut, false);
        ml.registry().startRollout(TaskName.CARD_IDENTIFICATION, tuned, 100, "tuned model is ready");
        int fineTuned = score(ml, heldOut, true);
        assertThat(fineTuned).isGreaterThan(base + heldOut.size());
    }

    /** Core fields right over the held-out cards, checking which kind of model served them. */
    private static int score(SlabMl ml, List<CardSampleGenerator.CardSample> heldOut, boolean expectFineTuned) {
        int right = 0;
        for (CardSampleGenerator.CardSample s : heldOut) {
            Prediction<CardData> p = ml.models().identifyCard(s.ocrText());
            assertThat(p.metadata().finetuned()).isEqualTo(expectFineTuned);
            for (String f : CardData.CORE_FIELDS) {
                right += same(p.value().toMap().get(f), s.card().toMap().get(f)) ? 1 : 0;
            }
        }
        return right;
    }

    private static boolean same(Object a, Object b) {
        return String.valueOf(a).toLowerCase(Locale.ROOT).replace("#", "")
            .equals(String.valueOf(b).toLowerCase(Locale.ROOT).replace("#", ""));
    }
}
