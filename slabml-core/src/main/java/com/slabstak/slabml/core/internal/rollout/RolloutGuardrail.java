/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.rollout;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.GuardrailDecision;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Proportion;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.evaluation.FieldComparators;
import com.slabstak.slabml.core.internal.evaluation.Statistics;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a rollout with anytime-valid tests (see {@link SequentialTests}): the candidate arm's
 * correction rate against the base arm's over the production records since the candidate's rollout
 * began. It is rolled back when the confidence sequence on the difference lies wholly above 0
 * (shown worse); it is {@linkplain GuardrailDecision.Action#NON_INFERIOR non-inferior}, so the
 * stage may advance, when the sequence lies wholly below the margin; and it is halted (rolled back,
 * recorded as {@code halt}) when the candidate arm's share of traffic in the current stage is shown
 * to differ from the configured percentage (sample-ratio mismatch). Records of the fallback arm are
 * not counted. Rollbacks are recorded with their numbers in the history.
 *
 * <p>Reading is incremental: each task's counts and its position in the production log are kept
 * between checks, so a check reads only the records stored since the previous one; its cost does not
 * grow with the log. A new candidate, a restart or a new stage starts the counts afresh from the
 * rollout's (or stage's) start.
 *
 * <p>Configuration: {@code slabml.guardrail.alpha} (error level of the sequence, default 0.05),
 * {@code slabml.guardrail.min_volume} (predictions each arm needs before deciding, default 30),
 * {@code slabml.guardrail.margin} (non-inferiority margin as a share, default 0.02),
 * {@code slabml.guardrail.planned_volume} (records of both arms at which the sequence is
 * tightest relative to a fixed-size test, default 1000), {@code slabml.guardrail.srm_alpha} (error level of the sample-ratio test, default 0.001)
 * and {@code slabml.guardrail.auto_rollback} (default true). Thread-safe; checks of one task are
 * serialised.
 *
 * <pre>{@code
 * GuardrailDecision d = new RolloutGuardrail(log, registry, config, clock).check(TaskName.CARD_IDENTIFICATION);
 * }</pre>
 */
public final class RolloutGuardrail {
    public static final String ALPHA_KEY = "slabml.guardrail.alpha";
    public static final String MIN_VOLUME_KEY = "slabml.guardrail.min_volume";
    public static final String MARGIN_KEY = "slabml.guardrail.margin";
    public static final String PLANNED_VOLUME_KEY = "slabml.guardrail.planned_volume";
    public static final String SRM_ALPHA_KEY = "slabml.guardrail.srm_alpha";
    public static final String AUTO_ROLLBACK_KEY = "slabml.guardrail.auto_rollback";
    private static final Logger LOG = LoggerFactory.getLogger(RolloutGuardrail.class);

    private final ProductionLogStore log;
    private final ModelRegistry registry;
    private final Clock clock;
    private final FieldComparators comparators;
    private final double alpha;
    private final int minVolume;
    private final double margin;
    private final double plannedVolume;
    private final double srmAlpha;
    private final boolean autoRollback;
    private final Map<TaskName, Watch> watches = new ConcurrentHashMap<>();

    /** Creates a guardrail that compares every field as text ({@link FieldComparators#generic()}). */
    public RolloutGuardrail(ProductionLogStore log, ModelRegistry registry, SlabMlConfig config, Clock clock) {
        this(log, registry, config, clock, FieldComparators.generic());
    }

    /** The comparators that judge whether a record was corrected. */
    public FieldComparators comparators() {
        return comparators;
    }

    /** Creates a guardrail that judges corrections with {@code comparators}. */
    public RolloutGuardrail(ProductionLogStore log, ModelRegistry registry, SlabMlConfig config, Clock clock,
        FieldComparators comparators) {
        this.log = Objects.requireNonNull(log, "log");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.comparators = Objects.requireNonNull(comparators, "comparators");
        Objects.requireNonNull(config, "config");
        this.alpha = level(config, ALPHA_KEY, 0.05);
        this.srmAlpha = level(config, SRM_ALPHA_KEY, 0.001);
        this.minVolume = config.getInt(MIN_VOLUME_KEY, 30);
        if (minVolume < 1) {
            throw new ConfigurationException(MIN_VOLUME_KEY + ": must be at least 1, was " + minVolume);
        }
        this.margin = config.getDouble(MARGIN_KEY, 0.02);
        if (!(margin >= 0 && margin < 1)) {
            throw new ConfigurationException(MARGIN_KEY + ": must be in [0, 1), was " + margin);
        }
        this.plannedVolume = config.getDouble(PLANNED_VOLUME_KEY, 1_000);
        if (!(plannedVolume >= 1)) {
            throw new ConfigurationException(PLANNED_VOLUME_KEY + ": must be at least 1, was " + plannedVolume);
        }
        this.autoRollback = config.getBoolean(AUTO_ROLLBACK_KEY, true);
    }

    static double level(SlabMlConfig config, String key, double defaultValue) {
        double v = config.getDouble(key, defaultValue);
        if (!(v > 0 && v < 1)) {
            throw new ConfigurationException(key + ": must be between 0 and 1 (exclusive), was " + v);
        }
        return v;
    }

    /** The non-inferiority margin a stage advance needs. */
    public double margin() {
        return margin;
    }

    /** Checks the task's rollout and rolls the candidate back when it is shown worse. */
    public GuardrailDecision check(TaskName task) {
        Objects.requireNonNull(task, "task");
        Watch watch = watches.computeIfAbsent(task, t -> new Watch());
        synchronized (watch) {
            return check(task, watch);
        }
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

    private GuardrailDecision check(TaskName task, Watch w) {
        Deployment deployment = registry.deployment(task);
        String base = deployment.baseModel();
        if (deployment.candidateModel().isEmpty() || deployment.rolloutPercent() == 0) {
            w.reset(null, null, null);
            return new GuardrailDecision(task, GuardrailDecision.Action.NO_ROLLOUT, base, null, Statistics.wilson(0, 0),
                Statistics.wilson(0, 0), Double.NaN, Double.NaN, alpha, margin, 0, "no candidate is rolling out for " + task);
        }
        String candidate = deployment.candidateModel().get();
        List<DeploymentEvent> history = registry.history(task);
        Instant since = runStart(history, candidate, -1);
        if (!candidate.equals(w.candidate) || !base.equals(w.base) || !Objects.equals(since, w.since)) {
            w.reset(candidate, base, since);
        }
        int percent = deployment.rolloutPercent();
        if (percent != w.percent) {
            w.percent = percent;
            w.stageSince = runStart(history, candidate, percent);
            w.stageBase = 0;
            w.stageCandidate = 0;
        }
        long read = catchUp(task, w);

        Proportion baseRate = Statistics.wilson(w.baseCorrections, w.baseVolume);
        Proportion candidateRate = Statistics.wilson(w.candidateCorrections, w.candidateVolume);
        double[] bounds = SequentialTests.difference(w.baseCorrections, w.baseVolume, w.candidateCorrections,
            w.candidateVolume, alpha, plannedVolume);
        String facts = String.format(Locale.ROOT,
            "candidate %s correction rate %s (%d/%d) vs base %s %s (%d/%d)", candidate, pct(candidateRate.rate()),
            w.candidateCorrections, w.candidateVolume, base, pct(baseRate.rate()), w.baseCorrections, w.baseVolume);
        // the sample ratio first: a broken assignment may starve an arm, which then never reaches the minimum volume
        double expected = percent / 100.0;
        double evidence = SequentialTests.sampleRatioLogEvidence(w.stageCandidate, w.stageCandidate + w.stageBase,
            expected);
        if (percent < 100 && evidence > Math.log(1 / srmAlpha)) {
            String reason = String.format(Locale.ROOT,
                "guardrail: sample ratio mismatch: the candidate arm served %d of %d records (%.1f%%) in this stage, "
                    + "configured %d%% (log evidence %.1f > %.1f, alpha %s); traffic assignment is broken, so the "
                    + "comparison cannot be trusted", w.stageCandidate, w.stageCandidate + w.stageBase,
                100.0 * w.stageCandidate / Math.max(1, w.stageCandidate + w.stageBase), percent, evidence,
                Math.log(1 / srmAlpha), srmAlpha);
            Map<String, Object> details = details(w, bounds);
            details.put("stage_candidate", w.stageCandidate);
            details.put("stage_base", w.stageBase);
            details.put("configured_percent", percent);
            details.put("srm_log_evidence", evidence);
            stop(task, candidate, reason, details);
            return decision(task, GuardrailDecision.Action.SAMPLE_RATIO_MISMATCH, w, bounds, read, reason);
        }
        if (w.baseVolume < minVolume || w.candidateVolume < minVolume) {
            return decision(task, GuardrailDecision.Action.INSUFFICIENT_DATA, w, bounds, read,
                "guardrail: not enough data yet (each arm needs " + minVolume + " predictions): " + facts);
        }
        String tested = String.format(Locale.ROOT,
            "%s; %.0f%% confidence sequence on the difference [%+.1f, %+.1f] pts, margin %.1f pts", facts,
            (1 - alpha) * 100, bounds[0] * 100, bounds[1] * 100, margin * 100);

        if (bounds[0] > 0) {
            String reason = "guardrail: candidate correction rate shown worse than base: " + tested;
            Map<String, Object> details = details(w, bounds);
            if (!autoRollback) {
                if (registry instanceof DefaultModelRegistry r) {
                    r.record(task, "guardrail_alert", reason, details);
                }
                LOG.warn("Rollout guardrail for {}: {} is shown worse; automatic rollback is off ({})", task, candidate,
                    AUTO_ROLLBACK_KEY);
                return decision(task, GuardrailDecision.Action.ROLLBACK_RECOMMENDED, w, bounds, read, reason);
            }
            stop(task, candidate, reason, details);
            return decision(task, GuardrailDecision.Action.ROLLED_BACK, w, bounds, read, reason);
        }
        if (bounds[1] < margin) {
            return decision(task, GuardrailDecision.Action.NON_INFERIOR, w, bounds, read,
                "guardrail: candidate not worse than base by more than the margin: " + tested);
        }
        return decision(task, GuardrailDecision.Action.CONTINUE, w, bounds, read,
            "guardrail: candidate neither shown worse nor within the margin yet: " + tested);
    }

    private void stop(TaskName task, String candidate, String reason, Map<String, Object> details) {
        if (registry instanceof DefaultModelRegistry r) {
            r.halt(task, reason, details);
        } else {
            registry.rollback(task, reason);
        }
        LOG.warn("Rollout guardrail stopped {} for {}: {}", candidate, task, reason);
    }

    private GuardrailDecision decision(TaskName task, GuardrailDecision.Action action, Watch w, double[] bounds, long read,
        String reason) {
        return new GuardrailDecision(task, action, w.base, w.candidate, Statistics.wilson(w.baseCorrections, w.baseVolume),
            Statistics.wilson(w.candidateCorrections, w.candidateVolume), bounds[0], bounds[1], alpha, margin, read, reason);
    }

    private Map<String, Object> details(Watch w, double[] bounds) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("candidate_model", w.candidate);
        details.put("base_corrections", w.baseCorrections);
        details.put("base_volume", w.baseVolume);
        details.put("candidate_corrections", w.candidateCorrections);
        details.put("candidate_volume", w.candidateVolume);
        if (!Double.isNaN(bounds[0])) {
            details.put("difference_lower", bounds[0]);
            details.put("difference_upper", bounds[1]);
        }
        details.put("alpha", alpha);
        details.put("margin", margin);
        details.put("method", "asymptotic confidence sequence (Waudby-Smith et al. 2024; Howard et al. 2021)");
        details.put("since", w.since == null ? null : w.since.toString());
        return details;
    }

    /** Reads what was stored since the last check and adds it to the counts; returns how many records it read. */
    private long catchUp(TaskName task, Watch w) {
        YearMonth now = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
        if (w.follower == null) {
            YearMonth first;
            if (w.since != null) {
                first = YearMonth.from(w.since.atOffset(ZoneOffset.UTC));
            } else {
                List<YearMonth> months = log.months();
                first = months.isEmpty() ? now : months.get(0);
            }
            w.follower = new LogFollower(log, first);
        }
        return w.follower.readNew(now, r -> add(task, w, r));
    }

    private void add(TaskName task, Watch w, ProductionRecord r) {
        if (!r.task().equals(task)) {
            return;
        }
        Instant at = r.timestamp().orElse(Instant.MAX);
        if (w.since != null && at.isBefore(w.since)) {
            return;
        }
        boolean candidateArm = r.arm() == Arm.CANDIDATE && r.modelId().equals(w.candidate);
        if (!candidateArm && !(r.arm() == Arm.BASE && r.modelId().equals(w.base))) {
            return;
        }
        boolean corrected = Corrections.corrected(comparators, r);
        if (candidateArm) {
            w.candidateVolume++;
            w.candidateCorrections += corrected ? 1 : 0;
        } else {
            w.baseVolume++;
            w.baseCorrections += corrected ? 1 : 0;
        }
        if (w.stageSince == null || !at.isBefore(w.stageSince)) {
            if (candidateArm) {
                w.stageCandidate++;
            } else {
                w.stageBase++;
            }
        }
    }

    /**
     * When the candidate's uninterrupted run at the end of the history began (with
     * {@code percent >= 0}, its run at that percentage), or null without history.
     */
    static Instant runStart(List<DeploymentEvent> history, String candidate, int percent) {
        Instant start = null;
        for (int i = history.size() - 1; i >= 0; i--) {
            Deployment d = history.get(i).deployment();
            if (!d.candidateModel().map(candidate::equals).orElse(false)) {
                break;
            }
            if (percent >= 0 && d.rolloutPercent() != percent) {
                break;
            }
            start = history.get(i).at();
        }
        return start;
    }

    private static String pct(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    /** One task's counts and log position. */
    private static final class Watch {
        String candidate;
        String base;
        Instant since;
        LogFollower follower;
        long baseVolume;
        long baseCorrections;
        long candidateVolume;
        long candidateCorrections;
        int percent = -1;
        Instant stageSince;
        long stageBase;
        long stageCandidate;

        void reset(String candidate, String base, Instant since) {
            this.candidate = candidate;
            this.base = base;
            this.since = since;
            follower = null;
            baseVolume = 0;
            baseCorrections = 0;
            candidateVolume = 0;
            candidateCorrections = 0;
            percent = -1;
            stageSince = null;
            stageBase = 0;
            stageCandidate = 0;
        }
    }
}
