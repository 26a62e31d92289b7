/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.evaluation.FieldComparators;
import com.slabstak.slabml.core.internal.rollout.Corrections;
import com.slabstak.slabml.core.internal.rollout.LogFollower;
import com.slabstak.slabml.core.internal.rollout.SequentialTests;
import com.slabstak.slabml.spi.ProductionLogStore;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the serving model's correction rate has risen significantly since it was promoted: the
 * first {@code baseline} records after the promotion set its rate, and the records after them are
 * compared with it by the anytime-valid confidence sequence of {@link SequentialTests}, so checking
 * often does not raise false alarms. Reads the log incrementally, like the guardrail.
 */
final class DriftWatch {
    private final FieldComparators comparators;
    private final TaskName task;
    private final String model;
    private final Instant since;
    private final long baseline;
    private final double alpha;
    private final LogFollower follower;
    private long baseVolume;
    private long baseCorrections;
    private long recentVolume;
    private long recentCorrections;

    DriftWatch(ProductionLogStore log, FieldComparators comparators, TaskName task, String model, Instant since,
        long baseline, double alpha) {
        this.comparators = comparators;
        this.task = task;
        this.model = model;
        this.since = since;
        this.baseline = baseline;
        this.alpha = alpha;
        this.follower = new LogFollower(log, YearMonth.from(since.atOffset(ZoneOffset.UTC)));
    }

    boolean watches(String servingModel, Instant promotedAt) {
        return model.equals(servingModel) && since.equals(promotedAt);
    }

    /** Reads what is new and returns why the rate rose, when it did, with the counts. */
    Optional<RetrainReason> check(Instant now) {
        follower.readNew(YearMonth.from(now.atOffset(ZoneOffset.UTC)), this::add);
        if (recentVolume < 30) {
            return Optional.empty();
        }
        double[] bounds = SequentialTests.difference(baseCorrections, baseVolume, recentCorrections, recentVolume, alpha,
            2.0 * baseline);
        if (!(bounds[0] > 0)) {
            return Optional.empty();
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("baseline_corrections", (double) baseCorrections);
        numbers.put("baseline_volume", (double) baseVolume);
        numbers.put("recent_corrections", (double) recentCorrections);
        numbers.put("recent_volume", (double) recentVolume);
        numbers.put("difference_lower", bounds[0]);
        numbers.put("difference_upper", bounds[1]);
        numbers.put("alpha", alpha);
        return Optional.of(new RetrainReason(String.format(Locale.ROOT,
            "the correction rate of %s rose from %.1f%% (%d/%d, first records after its promotion) to %.1f%% (%d/%d); "
                + "%.0f%% confidence sequence on the rise [%+.1f, %+.1f] pts", model,
            100.0 * baseCorrections / baseVolume, baseCorrections, baseVolume, 100.0 * recentCorrections / recentVolume,
            recentCorrections, recentVolume, (1 - alpha) * 100, bounds[0] * 100, bounds[1] * 100), numbers));
    }

    private void add(ProductionRecord r) {
        if (!r.task().equals(task) || !r.modelId().equals(model) || r.timestamp().orElse(Instant.MAX).isBefore(since)) {
            return;
        }
        boolean corrected = Corrections.corrected(comparators, r);
        if (baseVolume < baseline) {
            baseVolume++;
            baseCorrections += corrected ? 1 : 0;
        } else {
            recentVolume++;
            recentCorrections += corrected ? 1 : 0;
        }
    }
}
