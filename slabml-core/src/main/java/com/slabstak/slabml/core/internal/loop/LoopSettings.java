/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's configuration, read and checked once; a bad value fails naming its key.
 *
 * <table>
 * <caption>loop settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>slabml.loop.stages</td><td>20,50,100</td><td>rollout percentages, rising, ending at 100
 *     (the deprecated {@code slabml.evaluation.initial_rollout_percent} sets the first)</td></tr>
 * <tr><td>slabml.loop.stage_min_time</td><td>1h</td><td>least time a stage lasts</td></tr>
 * <tr><td>slabml.loop.stage_min_volume</td><td>200</td><td>least candidate predictions per stage</td></tr>
 * <tr><td>slabml.loop.retrain_every</td><td>720h (30 days)</td><td>retrain this long after the last training (0: never on schedule)</td></tr>
 * <tr><td>slabml.loop.drift_alpha</td><td>0.01</td><td>error level of the "correction rate rose" test</td></tr>
 * <tr><td>slabml.loop.drift_baseline</td><td>500</td><td>records after a promotion that set the baseline rate</td></tr>
 * <tr><td>slabml.loop.shutdown_days</td><td>30</td><td>retrain when a model serving traffic shuts down within this many days, by the provider's
 *     model catalogue (0: off)</td></tr>
 * <tr><td>slabml.loop.min_new_samples</td><td>50</td><td>new samples needed after a rejected or rolled back round</td></tr>
 * <tr><td>slabml.loop.held_out_fraction</td><td>0.15</td><td>share of samples frozen as the held-out set</td></tr>
 * <tr><td>slabml.loop.held_out_max</td><td>300</td><td>most items in the held-out set</td></tr>
 * <tr><td>slabml.loop.train / gate / advance / retrain</td><td>auto</td><td>{@code auto}, {@code manual}
 *     (wait for an approval) or {@code off}</td></tr>
 * <tr><td>slabml.loop.lease_ttl</td><td>5m</td><td>how long the runner lease lasts without renewal</td></tr>
 * <tr><td>slabml.loop.epochs</td><td>3</td><td>training epochs</td></tr>
 * </table>
 */
record LoopSettings(List<Integer> stages, Duration stageMinTime, long stageMinVolume, Duration retrainEvery,
    double driftAlpha, long driftBaseline, int shutdownDays, long minNewSamples, double heldOutFraction, int heldOutMax,
    Mode train, Mode gate, Mode advance, Mode retrain, Duration leaseTtl, int epochs) {

    static final String STAGES = "slabml.loop.stages";
    static final String INITIAL_PERCENT = "slabml.evaluation.initial_rollout_percent";
    private static final Logger LOG = LoggerFactory.getLogger(LoopSettings.class);

    /** How a step runs. */
    enum Mode {
        /** By itself. */
        AUTO,
        /** Only after {@code approve}. */
        MANUAL,
        /** Never. */
        OFF
    }

    /** The first stage at or above {@code percent} (the last stage above 100): where a rollout started by hand stands. */
    int stageAtOrAbove(int percent) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i) >= percent) {
                return i;
            }
        }
        return stages.size() - 1;
    }

    static LoopSettings from(SlabMlConfig config) {
        List<Integer> stages = stages(config);
        return new LoopSettings(stages, duration(config, "slabml.loop.stage_min_time", Duration.ofHours(1)),
            atLeast(config, "slabml.loop.stage_min_volume", 200, 0),
            duration(config, "slabml.loop.retrain_every", Duration.ofDays(30)),
            level(config, "slabml.loop.drift_alpha", 0.01), atLeast(config, "slabml.loop.drift_baseline", 500, 30),
            (int) atLeast(config, "slabml.loop.shutdown_days", 30, 0),
            atLeast(config, "slabml.loop.min_new_samples", 50, 1), level(config, "slabml.loop.held_out_fraction", 0.15),
            (int) atLeast(config, "slabml.loop.held_out_max", 300, 10), mode(config, "slabml.loop.train"),
            mode(config, "slabml.loop.gate"), mode(config, "slabml.loop.advance"), mode(config, "slabml.loop.retrain"),
            positive(config, "slabml.loop.lease_ttl", Duration.ofMinutes(5)),
            (int) atLeast(config, "slabml.loop.epochs", 3, 1));
    }

    private static List<Integer> stages(SlabMlConfig config) {
        String text = config.get(STAGES).orElse(null);
        List<Integer> out = new ArrayList<>();
        if (text == null) {
            int first = config.getInt(INITIAL_PERCENT, 20);
            if (config.get(INITIAL_PERCENT).isPresent()) {
                LOG.warn("{} is deprecated: set {} (for example {},50,100)", INITIAL_PERCENT, STAGES, first);
            }
            if (first < 1 || first > 100) {
                throw new ConfigurationException(INITIAL_PERCENT + ": must be 1-100, was " + first);
            }
            out.add(first);
            if (first < 50) {
                out.add(50);
            }
            if (first < 100) {
                out.add(100);
            }
            return List.copyOf(out);
        }
        for (String part : text.split(",")) {
            try {
                out.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new ConfigurationException(STAGES + ": '" + part.strip() + "' is not a whole percentage (in '"
                    + text + "')");
            }
        }
        for (int i = 0; i < out.size(); i++) {
            int p = out.get(i);
            if (p < 1 || p > 100 || (i > 0 && p <= out.get(i - 1))) {
                throw new ConfigurationException(STAGES + ": percentages must rise within 1-100, was '" + text + "'");
            }
        }
        if (out.get(out.size() - 1) != 100) {
            throw new ConfigurationException(STAGES + ": the last stage must be 100, was '" + text + "'");
        }
        return List.copyOf(out);
    }

    private static Mode mode(SlabMlConfig config, String key) {
        String v = config.get(key, "auto").strip().toUpperCase(Locale.ROOT);
        try {
            return Mode.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + ": must be auto, manual or off, was '" + config.get(key, "") + "'");
        }
    }

    private static Duration duration(SlabMlConfig config, String key, Duration defaultValue) {
        Duration d = config.getDuration(key, defaultValue);
        if (d.isNegative()) {
            throw new ConfigurationException(key + ": must not be negative, was " + d);
        }
        return d;
    }

    private static Duration positive(SlabMlConfig config, String key, Duration defaultValue) {
        Duration d = duration(config, key, defaultValue);
        if (d.isZero()) {
            throw new ConfigurationException(key + ": must be positive");
        }
        return d;
    }

    private static long atLeast(SlabMlConfig config, String key, long defaultValue, long min) {
        long v = config.getInt(key, (int) defaultValue);
        if (v < min) {
            throw new ConfigurationException(key + ": must be at least " + min + ", was " + v);
        }
        return v;
    }

    private static double level(SlabMlConfig config, String key, double defaultValue) {
        double v = config.getDouble(key, defaultValue);
        if (!(v > 0 && v < 1)) {
            throw new ConfigurationException(key + ": must be between 0 and 1 (exclusive), was " + v);
        }
        return v;
    }
}
