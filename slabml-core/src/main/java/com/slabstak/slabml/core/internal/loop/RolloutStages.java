/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.GuardrailDecision;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.rollout.RolloutGuardrail;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link LoopStep#ROLLOUT}: the candidate's way through the configured stages. Each check asks the
 * sequential guardrail; the loop goes back to collecting when the candidate was rolled back (shown
 * worse), halted for a sample-ratio mismatch, or taken out of the rollout by hand. A stage advances
 * when the guardrail shows the candidate not worse than the base by more than its margin, the
 * stage has lasted {@code slabml.loop.stage_min_time} and the candidate served
 * {@code slabml.loop.stage_min_volume} predictions in it (and, when {@code slabml.loop.advance} is
 * manual, once approved). The next stage is written to the state first and applied to the
 * registry by the following check, so a restart in between applies it once.
 */
final class RolloutStages {
    private final DefaultModelRegistry registry;
    private final RolloutGuardrail guardrail;
    private final LoopSettings settings;
    private final LoopJournal journal;
    private final Clock clock;

    RolloutStages(DefaultModelRegistry registry, RolloutGuardrail guardrail, LoopSettings settings, LoopJournal journal,
        Clock clock) {
        this.registry = registry;
        this.guardrail = guardrail;
        this.settings = settings;
        this.journal = journal;
        this.clock = clock;
    }

    String rollout(TaskName task, LoopState s, LoopState next) {
        Deployment d = registry.deployment(task);
        if (!d.candidateModel().map(s.candidate::equals).orElse(false)) {
            next.step = LoopStep.COLLECT;
            next.needNewSamples = true;
            journal.decide(task, next, "rolled_back", "round " + s.round + ": " + s.candidate
                + " is no longer deployed (rolled back by hand or by the guardrail)", Map.of());
            return null;
        }
        int planned = settings.stages().get(s.stage);
        if (d.rolloutPercent() != planned && s.advancedFrom >= 0 && d.rolloutPercent() == s.advancedFrom) {
            // the state moved to this stage, then the process stopped before the registry did
            applyStage(task, s, planned);
            d = registry.deployment(task);
        }
        // any other percentage was set by hand: the loop watches the rollout as it is and never reverts it
        int percent = d.rolloutPercent();
        GuardrailDecision g = guardrail.check(task);
        Map<String, Double> numbers = numbers(g);
        if (g.stopped()) {
            next.step = LoopStep.COLLECT;
            next.needNewSamples = true;
            String outcome = g.action() == GuardrailDecision.Action.SAMPLE_RATIO_MISMATCH ? "halted" : "rolled_back";
            journal.decide(task, next, outcome, "round " + s.round + ": " + g.reason(), numbers);
            return null;
        }
        if (percent == 100) {
            next.step = LoopStep.MONITOR;
            next.stage = -1;
            journal.decide(task, next, "serving", "round " + s.round + ": " + s.candidate + " serves all " + task
                + " traffic", numbers);
            return null;
        }
        long stageVolume = g.candidateCorrections().total() - s.stageStartVolume;
        Duration inStage = Duration.between(s.stageStartedAt, clock.instant());
        if (g.action() != GuardrailDecision.Action.NON_INFERIOR || stageVolume < settings.stageMinVolume()
            || inStage.compareTo(settings.stageMinTime()) < 0) {
            return String.format(Locale.ROOT, "rollout stage %d (%d%%): %d of %d candidate predictions, %s of %s; %s",
                s.stage + 1, percent, stageVolume, settings.stageMinVolume(), inStage, settings.stageMinTime(),
                g.reason());
        }
        String manual = StepRules.hold(settings.advance(), s, LoopStep.ROLLOUT, "the next stage");
        if (manual != null) {
            return manual;
        }
        int nextStage = following(percent);
        int nextPercent = settings.stages().get(nextStage);
        next.stage = nextStage;
        next.advancedFrom = percent;
        next.stageStartedAt = clock.instant();
        next.stageStartVolume = g.candidateCorrections().total();
        next.approved = null;
        journal.decide(task, next, "advanced", "round " + s.round + ": stage " + (s.stage + 1) + " passed, "
            + s.candidate + " goes to " + nextPercent + "%: " + g.reason(), numbers);
        // persisted first; the next check applies it to the registry (see above)
        return null;
    }

    /** The first stage above {@code percent}. */
    private int following(int percent) {
        List<Integer> stages = settings.stages();
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) > percent) {
                return i;
            }
        }
        return stages.size() - 1;
    }

    private void applyStage(TaskName task, LoopState s, int percent) {
        String reason = "loop round " + s.round + ": stage " + (s.stage + 1) + " of " + settings.stages().size();
        if (percent == 100) {
            registry.promote(task, reason);
        } else {
            registry.setRolloutPercent(task, percent, reason);
        }
    }

    private static Map<String, Double> numbers(GuardrailDecision g) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("base_corrections", (double) g.baseCorrections().successes());
        m.put("base_volume", (double) g.baseCorrections().total());
        m.put("candidate_corrections", (double) g.candidateCorrections().successes());
        m.put("candidate_volume", (double) g.candidateCorrections().total());
        if (!Double.isNaN(g.differenceLower())) {
            m.put("difference_lower", g.differenceLower());
            m.put("difference_upper", g.differenceUpper());
        }
        return m;
    }
}
