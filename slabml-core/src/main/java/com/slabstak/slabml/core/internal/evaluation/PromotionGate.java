/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.AbTestResult;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.PromotionDecision;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a candidate model (model B of an A/B test, A being the model serving now) may
 * be rolled out, and records the decision in the {@link ModelRegistry}.
 *
 * <p>The candidate is promoted when it is significantly better (McNemar's test at the A/B test's
 * alpha), or, with a margin above 0, when it is not significantly worse than the margin: the
 * one-sided {@code 1 - alpha} lower bound of the paired exact-match difference (B minus A,
 * Agresti-Min adjusted Wald interval: half an item added to each discordant cell) lies above
 * {@code -margin}. A candidate significantly worse is never promoted.
 *
 * {@code
 * PromotionDecision d = PromotionGate.decide(abResult, 0.02);
 * new PromotionGate(registry, config, clock).record(TaskName.CARD_IDENTIFICATION, "ft:...", abResult, d);
 * }
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 */
public final class PromotionGate {
    /** Default non-inferiority margin, as a share (0.02 is two percentage points); default 0. */
    public static final String MARGIN_KEY = "slabml.evaluation.non_inferiority_margin";
    /** Rollout percentage a promoted candidate starts at; default 20. */
    public static final String INITIAL_PERCENT_KEY = "slabml.evaluation.initial_rollout_percent";

    private final ModelRegistry registry;
    private final Clock clock;
    private final double margin;
    private final int initialPercent;

    /** Creates a gate that records into {@code registry}. */
    public PromotionGate(ModelRegistry registry, SlabMlConfig config, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(config, "config");
        this.margin = config.getDouble(MARGIN_KEY, 0.0);
        checkMargin(margin);
        this.initialPercent = config.getInt(INITIAL_PERCENT_KEY, 20);
        if (initialPercent < 1 || initialPercent > 100) {
            throw new com.slabstak.slabml.ConfigurationException(INITIAL_PERCENT_KEY + ": must be 1-100, was " + initialPercent);
        }
    }

    private static void checkMargin(double margin) {
        if (!(margin >= 0 && margin < 1)) {
            throw new InvalidInputException("margin", "must be in [0, 1), was " + margin);
        }
    }

    /** The configured non-inferiority margin. */
    public double margin() {
        return margin;
    }

    /**
     * Decides on candidate B of {@code result} against A with the given non-inferiority margin
     * (a share: 0.02 allows the candidate to be up to two points worse; 0 asks for superiority).
     */
    public static PromotionDecision decide(AbTestResult result, double margin) {
        Objects.requireNonNull(result, "result");
        checkMargin(margin);
        long n = result.items();
        long b = result.discordantAOnly();
        long c = result.discordantBOnly();
        double alpha = result.alpha();
        double delta = result.exactMatchDelta();
        double ba = b + 0.5;
        double ca = c + 0.5;
        double na = n + 2.0;
        double adjusted = (ca - ba) / na;
        double se = Math.sqrt(Math.max(0.0, (ba + ca) - (ca - ba) * (ca - ba) / na)) / na;
        double lowerBound = adjusted - Statistics.normalQuantile(1 - alpha) * se;
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("items", (double) n);
        numbers.put("b", (double) b);
        numbers.put("c", (double) c);
        numbers.put("p_value", result.pValue());
        numbers.put("alpha", alpha);
        numbers.put("exact_match_a", result.reportA().exactMatch().rate());
        numbers.put("exact_match_b", result.reportB().exactMatch().rate());
        numbers.put("delta", delta);
        numbers.put("delta_lower_bound", lowerBound);
        numbers.put("margin", margin);
        String facts = String.format(Locale.ROOT,
            "%s %s vs %s %s exact match on %d items (delta %+.1f pts, one-sided %.0f%% lower bound %+.1f pts), "
                + "McNemar p = %.4g (%s), alpha %s",
            result.nameB(), pct(result.reportB().exactMatch().rate()), result.nameA(),
            pct(result.reportA().exactMatch().rate()), n, delta * 100, (1 - alpha) * 100, lowerBound * 100,
            result.pValue(), result.test(), alpha);
        if (result.significant() && c > b) {
            return new PromotionDecision(true, PromotionDecision.SUPERIOR,
                "promote: " + result.nameB() + " is significantly better; " + facts, numbers);
        }
        if (result.significant() && b > c) {
            return new PromotionDecision(false, PromotionDecision.INFERIOR,
                "reject: " + result.nameB() + " is significantly worse; " + facts, numbers);
        }
        if (margin > 0 && lowerBound > -margin) {
            return new PromotionDecision(true, PromotionDecision.NON_INFERIOR, String.format(Locale.ROOT,
                "promote: %s is not worse than %s by more than the %.1f-point margin; %s", result.nameB(), result.nameA(),
                margin * 100, facts), numbers);
        }
        String why = margin > 0
            ? String.format(Locale.ROOT, "not shown better, nor within the %.1f-point margin", margin * 100)
            : "not significantly better (no non-inferiority margin set)";
        return new PromotionDecision(false, PromotionDecision.INCONCLUSIVE, "reject: " + result.nameB() + " " + why + "; "
            + facts, numbers);
    }

    /** Decides with the configured margin and records the decision; see {@link #record}. */
    public PromotionDecision decideAndRecord(TaskName task, String candidateModel, AbTestResult result) {
        PromotionDecision decision = decide(result, margin);
        record(task, candidateModel, result, decision);
        return decision;
    }

    /**
     * Records a decision in the registry: the candidate's model version is registered with the
     * gate's numbers as metrics ({@code gate_promote}, {@code gate_p_value}, ...); with the
     * default registry a {@code gate} event carries the numbers in its details, so the history
     * shows rejections too; and a promoted candidate's rollout is started at the configured initial
     * percentage with the decision's reason.
     */
    public void record(TaskName task, String candidateModel, AbTestResult result, PromotionDecision decision) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(candidateModel, "candidateModel");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(decision, "decision");
        if (candidateModel.isBlank()) {
            throw new InvalidInputException("candidate_model", "must not be blank");
        }
        List<ModelVersion> versions = registry.versions(task);
        ModelVersion.Builder version = versions.stream().filter(v -> v.modelId().equals(candidateModel))
            .reduce((first, second) -> second)
            .map(ModelVersion::toBuilder)
            .orElseGet(() -> ModelVersion.builder().task(task).modelId(candidateModel)
                .baseModel(registry.deployment(task).baseModel()).createdAt(clock.instant()));
        version.putMetric("gate_promote", decision.promote() ? 1.0 : 0.0);
        decision.numbers().forEach((k, v) -> version.putMetric("gate_" + k, v));
        registry.register(version.build());
        if (registry instanceof DefaultModelRegistry) {
            Map<String, Object> details = new LinkedHashMap<>(decision.numbers());
            details.put("candidate_model", candidateModel);
            details.put("verdict", decision.verdict());
            details.put("promote", decision.promote());
            details.put("test", result.test());
            ((DefaultModelRegistry) registry).record(task, "gate", decision.reason(), details);
        }
        if (decision.promote()) {
            registry.startRollout(task, candidateModel, initialPercent, decision.reason());
        }
    }

    private static String pct(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
