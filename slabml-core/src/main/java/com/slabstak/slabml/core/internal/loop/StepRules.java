/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.LoopStep;

/** Rules the steps share: whether a step may run by itself, and which model serves a task. */
final class StepRules {
    /** The words a status ends with while a manual step waits; {@code approve} looks for them. */
    static final String AWAITING = "waiting for approval of ";

    private StepRules() {
    }

    /**
     * For a manual step not yet approved, what it waits for; for a step that is off, says so; else
     * null (the step may run).
     */
    static String hold(LoopSettings.Mode mode, LoopState s, LoopStep step, String what) {
        if (mode == LoopSettings.Mode.OFF) {
            return "ready for " + what + ", but that step is off";
        }
        if (mode == LoopSettings.Mode.MANUAL && s.approved != step) {
            return "ready for " + what + ": " + AWAITING + step;
        }
        return null;
    }

    /** The model answering a task's requests: the candidate once it serves 100%, else the base. */
    static String serving(Deployment d) {
        return d.candidateModel().filter(c -> d.rolloutPercent() == 100).orElse(d.baseModel());
    }
}
