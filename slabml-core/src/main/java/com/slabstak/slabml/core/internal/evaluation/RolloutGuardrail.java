/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Proportion;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a rollout: compares the correction rate of the candidate arm with the base arm's over
 * the production records since the candidate's rollout started, with a one-sided two-proportion
 * z-test (pooled). When the candidate is significantly worse, it is rolled back through the
 * registry (unless automatic rollback is off) with the numbers in the reason; with the default
 * registry the change is recorded as a {@code halt} with the numbers in its details too (and an
 * alert without rollback as {@code guardrail_alert}). Records served by the fallback arm are not
 * counted.
 *
 * <p>Configuration: {@code slabml.guardrail.alpha} (default 0.05), {@code slabml.guardrail.min_volume}
 * (predictions each arm needs before the test runs, default 30), {@code slabml.guardrail.auto_rollback}
 * (default true).
 *
 * {@code
 * GuardrailDecision d = new RolloutGuardrail(log, registry, config, clock).check(TaskName.CARD_IDENTIFICATION);
 * }
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 */
public final class RolloutGuardrail {
    public static final String ALPHA_KEY = "slabml.guardrail.alpha";
    public static final String MIN_VOLUME_KEY = "slabml.guardrail.min_volume";
    public static final String AUTO_ROLLBACK_KEY = "slabml.guardrail.auto_rollback";
    private static final Logger LOG = LoggerFactory.getLogger(RolloutGuardrail.class);

    private final ProductionLogStore log;
    private final ModelRegistry registry;
    private final Clock clock;
    private final double alpha;
    private final int minVolume;
    private final boolean autoRollback;
    private final ProductionStats stats;

    /** Creates a guardrail with the default field comparators. */
    public RolloutGuardrail(ProductionLogStore log, ModelRegistry registry, SlabMlConfig config, Clock clock) {
        this(log, registry, config, clock, FieldComparators.defaults());
    }

    /** Creates a guardrail that judges corrections with {@code comparators}. */
    public RolloutGuardrail(ProductionLogStore log, ModelRegistry registry, SlabMlConfig config, Clock clock,
        FieldComparators comparators) {
        this.log = Objects.requireNonNull(log, "log");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(config, "config");
        this.alpha = DefaultModelEvaluator.level(config, ALPHA_KEY, 0.05);
        this.minVolume = config.getInt(MIN_VOLUME_KEY, 30);
        if (minVolume < 1) {
            throw new ConfigurationException(MIN_VOLUME_KEY + ": must be at least 1, was " + minVolume);
        }
        this.autoRollback = config.getBoolean(AUTO_ROLLBACK_KEY, true);
        this.stats = new ProductionStats(Objects.requireNonNull(comparators, "comparators"));
    }

    /** Checks the task's rollout and rolls the candidate back when it is significantly worse. */
    public GuardrailDecision check(TaskName task) {
        Objects.requireNonNull(task, "task");
        Deployment deployment = registry.deployment(task);
        String base = deployment.baseModel();
        if (deployment.candidateModel().isEmpty() || deployment.rolloutPercent() == 0) {
            return new GuardrailDecision(task, GuardrailDecision.Action.NO_ROLLOUT, base, null, Statistics.wilson(0, 0),
                Statistics.wilson(0, 0), Double.NaN, Double.NaN, alpha, "no candidate is rolling out for " + task);
        }
        String candidate = deployment.candidateModel().get();
        Instant since = rolloutStart(task, candidate);
        long[] baseCounts = new long[2];
        long[] candidateCounts = new long[2];
        YearMonth first = since == null ? firstMonth() : YearMonth.from(since.atOffset(ZoneOffset.UTC));
        YearMonth last = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
        for (YearMonth m = first; m != null && !m.isAfter(last); m = m.plusMonths(1)) {
            try (Stream<ProductionRecord> records = log.read(m)) {
                records.filter(r -> r.task().equals(task))
                    .filter(r -> since == null || !r.timestamp().orElse(Instant.MAX).isBefore(since))
                    .forEach(r -> {
                        long[] counts = r.arm() == Arm.CANDIDATE && r.modelId().equals(candidate) ? candidateCounts
                            : r.arm() == Arm.BASE && r.modelId().equals(base) ? baseCounts : null;
                        if (counts != null) {
                            counts[1]++;
                            if (!stats.correctedFields(r).isEmpty()) {
                                counts[0]++;
                            }
                        }
                    });
            }
        }
        Proportion baseRate = Statistics.wilson(baseCounts[0], baseCounts[1]);
        Proportion candidateRate = Statistics.wilson(candidateCounts[0], candidateCounts[1]);
        String facts = String.format(Locale.ROOT, "candidate %s correction rate %s (%d/%d) vs base %s %s (%d/%d)",
            candidate, pct(candidateRate.rate()), candidateCounts[0], candidateCounts[1], base, pct(baseRate.rate()),
            baseCounts[0], baseCounts[1]);
        if (baseCounts[1] < minVolume || candidateCounts[1] < minVolume) {
            return new GuardrailDecision(task, GuardrailDecision.Action.INSUFFICIENT_DATA, base, candidate, baseRate,
                candidateRate, Double.NaN, Double.NaN, alpha,
                "guardrail: not enough data yet (each arm needs " + minVolume + " predictions): " + facts);
        }
        double[] test = Statistics.twoProportionGreater(baseCounts[0], baseCounts[1], candidateCounts[0], candidateCounts[1]);
        String tested = String.format(Locale.ROOT, "%s; one-sided two-proportion z = %.3f, p = %.4g, alpha %s",
            facts, test[0], test[1], alpha);
        if (!(test[1] < alpha)) {
            return new GuardrailDecision(task, GuardrailDecision.Action.CONTINUE, base, candidate, baseRate, candidateRate,
                test[0], test[1], alpha, "guardrail: candidate not significantly worse: " + tested);
        }
        String reason = "guardrail: candidate correction rate significantly worse than base: " + tested;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("candidate_model", candidate);
        details.put("base_corrections", baseCounts[0]);
        details.put("base_volume", baseCounts[1]);
        details.put("candidate_corrections", candidateCounts[0]);
        details.put("candidate_volume", candidateCounts[1]);
        details.put("z", test[0]);
        details.put("p_value", test[1]);
        details.put("alpha", alpha);
        details.put("since", since == null ? null : since.toString());
        if (!autoRollback) {
            if (registry instanceof DefaultModelRegistry) {
                ((DefaultModelRegistry) registry).record(task, "guardrail_alert", reason, details);
            }
            LOG.warn("Rollout guardrail for {}: {} is significantly worse; automatic rollback is off ({})", task,
                candidate, AUTO_ROLLBACK_KEY);
            return new GuardrailDecision(task, GuardrailDecision.Action.ROLLBACK_RECOMMENDED, base, candidate, baseRate,
                candidateRate, test[0], test[1], alpha, reason);
        }
        if (registry instanceof DefaultModelRegistry) {
            ((DefaultModelRegistry) registry).halt(task, reason, details);
        } else {
            registry.rollback(task, reason);
        }
        LOG.warn("Rollout guardrail rolled back {} for {}: {}", candidate, task, reason);
        return new GuardrailDecision(task, GuardrailDecision.Action.ROLLED_BACK, base, candidate, baseRate, candidateRate,
            test[0], test[1], alpha, reason);
    }

    /** Checks every task the registry knows that has a candidate rolling out, in task order. */
    public List<GuardrailDecision> checkAll() {
        return registry.deployments().stream()
            .filter(d -> d.candidateModel().isPresent() && d.rolloutPercent() > 0)
            .map(Deployment::task)
            .sorted()
            .map(this::check)
            .toList();
    }

    /** When the current candidate's uninterrupted run in the history began, or null without history. */
    private Instant rolloutStart(TaskName task, String candidate) {
        List<DeploymentEvent> history = registry.history(task);
        Instant start = null;
        for (int i = history.size() - 1; i >= 0; i--) {
            DeploymentEvent e = history.get(i);
            if (!e.deployment().candidateModel().map(candidate::equals).orElse(false)) {
                break;
            }
            start = e.at();
        }
        return start;
    }

    private YearMonth firstMonth() {
        List<YearMonth> months = log.months();
        return months.isEmpty() ? null : months.get(0);
    }

    private static String pct(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
