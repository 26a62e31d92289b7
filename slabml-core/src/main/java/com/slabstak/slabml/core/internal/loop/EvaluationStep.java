/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.ModelRunStats;
import com.slabstak.slabml.PromotionDecision;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.evaluation.PromotionGate;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.spi.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The candidate's offline evaluation and the promotion gate: {@link LoopStep#EVALUATE} runs the
 * candidate and the model serving now on the frozen held-out set and keeps the gate's decision
 * (McNemar and Wilson, through the evaluator and {@link PromotionGate}) in the state;
 * {@link LoopStep#GATE} records that decision once in the history and either rejects the candidate
 * or starts its rollout at the first stage.
 */
final class EvaluationStep {
    private final StateStore state;
    private final DefaultModelRegistry registry;
    private final ModelManager models;
    private final ModelEvaluator evaluator;
    private final double gateMargin;
    private final LoopSettings settings;
    private final LoopJournal journal;
    private final Clock clock;

    EvaluationStep(StateStore state, DefaultModelRegistry registry, ModelManager models, ModelEvaluator evaluator,
        double gateMargin, LoopSettings settings, LoopJournal journal, Clock clock) {
        this.state = state;
        this.registry = registry;
        this.models = models;
        this.evaluator = evaluator;
        this.gateMargin = gateMargin;
        this.settings = settings;
        this.journal = journal;
        this.clock = clock;
    }

    String evaluate(TaskName task, LoopState s, LoopState next) {
        HeldOutSet set = HeldOutSet.read(state, task)
            .orElseThrow(() -> new StoreException("the held-out set of " + task + " is missing from the state store"));
        String serving = StepRules.serving(registry.deployment(task));
        List<Map<String, Object>> servingOut = new ArrayList<>();
        List<Map<String, Object>> candidateOut = new ArrayList<>();
        List<Map<String, Object>> truth = new ArrayList<>();
        int candidateFailures = 0;
        for (Map<String, Object> item : set.items()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> input = (Map<String, Object>) item.get("input");
            @SuppressWarnings("unchecked")
            Map<String, Object> output = (Map<String, Object>) item.get("output");
            List<ModelRunStats> runs = models.compareModels(task, input, List.of(serving, s.candidate), 1).models();
            servingOut.add(runs.get(0).outputs().isEmpty() ? Map.of() : runs.get(0).outputs().get(0));
            candidateOut.add(runs.get(1).outputs().isEmpty() ? Map.of() : runs.get(1).outputs().get(0));
            candidateFailures += runs.get(1).failures();
            truth.add(output);
        }
        if (candidateFailures == set.items().size()) {
            return "waiting for " + s.candidate + " to answer (every held-out request failed; it may still be loading)";
        }
        AbTestResult ab = evaluator.abTest(task, servingOut, candidateOut, truth, serving, s.candidate);
        PromotionDecision decision = PromotionGate.decide(ab, gateMargin);
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("promote", decision.promote());
        gate.put("verdict", decision.verdict());
        gate.put("reason", decision.reason());
        gate.put("numbers", decision.numbers());
        gate.put("held_out_version", set.version());
        next.gate = gate;
        next.serving = serving;
        next.step = LoopStep.GATE;
        Map<String, Double> numbers = new LinkedHashMap<>(decision.numbers());
        numbers.put("held_out_version", (double) set.version());
        journal.decide(task, next, "evaluated", "round " + s.round + ": " + s.candidate + " vs " + serving + " on "
            + set.items().size() + " held-out items (version " + set.version() + "): " + decision.reason(), numbers);
        return null;
    }

    @SuppressWarnings("unchecked")
    String gate(TaskName task, LoopState s, LoopState next) {
        boolean promote = promotes(s);
        String reason = (String) s.gate.get("reason");
        Map<String, Double> numbers = new LinkedHashMap<>();
        ((Map<String, Object>) s.gate.get("numbers")).forEach((k, v) -> numbers.put(k, ((Number) v).doubleValue()));
        journal.recordOnce(task, "gate", s.candidate, reason, numbers, (String) s.gate.get("verdict"), promote);
        if (!promote) {
            next.step = LoopStep.COLLECT;
            next.needNewSamples = true;
            next.candidate = null;
            journal.decide(task, next, "rejected", "round " + s.round + ": " + reason, numbers);
            return null;
        }
        String manual = StepRules.hold(settings.gate(), s, LoopStep.GATE, "the rollout");
        Deployment d = registry.deployment(task);
        if (manual != null) {
            if (d.candidateModel().map(s.candidate::equals).orElse(false) && d.rolloutPercent() > 0) {
                return followHandStartedRollout(task, s, next, d, numbers);
            }
            return manual;
        }
        int first = settings.stages().get(0);
        if (!d.candidateModel().map(s.candidate::equals).orElse(false)) {
            if (d.candidateModel().isPresent() && d.rolloutPercent() == 100) {
                registry.adopt(task, "loop round " + s.round + ": " + d.candidateModel().get()
                    + " serves all traffic and becomes the base of the next rollout");
            }
            registry.startRollout(task, s.candidate, first, reason);
        }
        next.step = LoopStep.ROLLOUT;
        next.approved = null;
        next.stage = 0;
        next.advancedFrom = -1;
        next.stageStartedAt = clock.instant();
        next.stageStartVolume = 0;
        journal.decide(task, next, "promoted", "round " + s.round + ": " + s.candidate + " rolls out at " + first + "%: "
            + reason, numbers);
        return null;
    }

    /** While the gate waits (manual or off), someone started the candidate's rollout by hand: the loop watches it. */
    private String followHandStartedRollout(TaskName task, LoopState s, LoopState next, Deployment d,
        Map<String, Double> numbers) {
        next.step = LoopStep.ROLLOUT;
        next.approved = null;
        next.stage = settings.stageAtOrAbove(d.rolloutPercent());
        next.advancedFrom = -1;
        next.stageStartedAt = clock.instant();
        next.stageStartVolume = 0;
        journal.decide(task, next, "followed", "round " + s.round + ": " + s.candidate + " was rolled out at "
            + d.rolloutPercent() + "% by hand while the gate waited (slabml.loop.gate=" + settings.gate().name()
            .toLowerCase(Locale.ROOT) + "); the loop watches that rollout", numbers);
        return null;
    }

    /** Whether the gate's decision kept in {@code s} promotes the candidate. */
    static boolean promotes(LoopState s) {
        return s.gate != null && Boolean.TRUE.equals(s.gate.get("promote"));
    }
}
