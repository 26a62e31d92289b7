/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.testkit.SlabMlExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's testkit example, kept compiling and passing. */
@ExtendWith(SlabMlExtension.class)
class ReadmeExampleTest {

    @Test
    void identifyCard_scriptedReply_isParsedWithItsMetadata(SlabMl ml, SimulatedInferenceBackend ai) {
        ai.reply("gpt-4o-mini-2024-07-18",
            "{\"player\":\"Michael Jordan\",\"year\":\"1986-87\",\"brand\":\"Fleer\",\"card_number\":\"57\"}");

        Prediction<CardData> p = ml.models().identifyCard("MICHAEL JORDAN 1986-87 FLEER #57",
            RequestContext.forSubject("user-1"));

        assertThat(p.value().player()).isEqualTo("Michael Jordan");
        assertThat(p.value().cardNumber()).contains("57");
        assertThat(p.metadata().arm()).isEqualTo(Arm.BASE);
        assertThat(p.metadata().modelUsed()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(ai.requests()).hasSize(1);
    }
}
