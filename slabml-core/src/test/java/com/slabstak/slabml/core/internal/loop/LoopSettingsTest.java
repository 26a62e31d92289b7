/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopSettingsTest {

    @Test
    void from_nothingSet_stagesAre20Then50Then100AndEveryStepRunsByItself() {
        LoopSettings s = LoopSettings.from(SlabMlConfig.of(Map.of()));

        assertThat(s.stages()).containsExactly(20, 50, 100);
        assertThat(s.stageMinTime()).isEqualTo(Duration.ofHours(1));
        assertThat(s.stageMinVolume()).isEqualTo(200);
        assertThat(s.shutdownDays()).isEqualTo(30);
        assertThat(List.of(s.train(), s.gate(), s.advance(), s.retrain())).containsOnly(LoopSettings.Mode.AUTO);
    }

    @Test
    void from_deprecatedInitialRolloutPercent_setsTheFirstStage() {
        assertThat(LoopSettings.from(SlabMlConfig.of(Map.of(LoopSettings.INITIAL_PERCENT, "10"))).stages())
            .containsExactly(10, 50, 100);
        assertThat(LoopSettings.from(SlabMlConfig.of(Map.of(LoopSettings.INITIAL_PERCENT, "60"))).stages())
            .containsExactly(60, 100);
    }

    @Test
    void from_stagesAndTheDeprecatedAlias_stagesWin() {
        LoopSettings s = LoopSettings.from(SlabMlConfig.of(Map.of(LoopSettings.STAGES, "5, 25,100",
            LoopSettings.INITIAL_PERCENT, "40")));

        assertThat(s.stages()).containsExactly(5, 25, 100);
    }

    @Test
    void from_stagesNotRisingOrNotEndingAt100_failsNamingTheKey() {
        assertThatThrownBy(() -> LoopSettings.from(SlabMlConfig.of(Map.of(LoopSettings.STAGES, "50,20,100"))))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("slabml.loop.stages").hasMessageContaining("50,20,100");
        assertThatThrownBy(() -> LoopSettings.from(SlabMlConfig.of(Map.of(LoopSettings.STAGES, "20,50"))))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("last stage must be 100");
        assertThatThrownBy(() -> LoopSettings.from(SlabMlConfig.of(Map.of(LoopSettings.STAGES, "20,half,100"))))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("'half'");
        assertThatThrownBy(() -> LoopSettings.from(SlabMlConfig.of(Map.of(LoopSettings.INITIAL_PERCENT, "0"))))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining(LoopSettings.INITIAL_PERCENT);
    }

    @Test
    void from_stepModes_readAutoManualOffAndRejectOthers() {
        LoopSettings s = LoopSettings.from(SlabMlConfig.of(Map.of("slabml.loop.train", "auto", "slabml.loop.gate",
            "MANUAL", "slabml.loop.advance", " off ", "slabml.loop.retrain", "manual")));

        assertThat(List.of(s.train(), s.gate(), s.advance(), s.retrain())).containsExactly(LoopSettings.Mode.AUTO,
            LoopSettings.Mode.MANUAL, LoopSettings.Mode.OFF, LoopSettings.Mode.MANUAL);
        assertThatThrownBy(() -> LoopSettings.from(SlabMlConfig.of(Map.of("slabml.loop.gate", "sometimes"))))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("slabml.loop.gate")
            .hasMessageContaining("sometimes");
    }

    @Test
    void from_negativeShutdownDaysOrStageMinVolume_failsNamingTheKey() {
        assertThatThrownBy(() -> LoopSettings.from(SlabMlConfig.of(Map.of("slabml.loop.shutdown_days", "-1"))))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("slabml.loop.shutdown_days");
        assertThatThrownBy(() -> LoopSettings.from(SlabMlConfig.of(Map.of("slabml.loop.stage_min_volume", "-5"))))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("slabml.loop.stage_min_volume");
    }
}
