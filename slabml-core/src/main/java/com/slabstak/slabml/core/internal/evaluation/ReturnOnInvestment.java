/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.ModelMonthStats;
import com.slabstak.slabml.MonthlyAnalysis;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.pricing.InferencePrices;
import java.util.Objects;
import java.util.Optional;

/**
 * What a candidate (fine-tuned) model saved in a month, the seed's ROI calculation made a number:
 * the corrections it avoided, {@code (base correction rate - candidate correction rate) x candidate
 * volume}, priced at {@code minutes per correction / 60 x hourly support cost}, less the change in
 * inference cost over the candidate's volume ({@code (candidate cost per prediction - base cost per
 * prediction) x candidate volume}) and the training cost. The base rate is the base model's
 * {@link Arm#BASE} arm, the candidate's its {@link Arm#CANDIDATE} arm, so both come from the same
 * rollout in the same month. Negative numbers are losses.
 *
 * {@code
 * ReturnOnInvestment.Settings s = ReturnOnInvestment.Settings.from(config);
 * ReturnOnInvestment.of(deployment, analysis, prices, s).ifPresent(r -> System.out.println(r.netSavings()));
 * }
 *
 * @param task the task
 * @param baseModel the base model
 * @param candidateModel the candidate model
 * @param baseVolume predictions of the base arm
 * @param candidateVolume predictions of the candidate arm
 * @param baseCorrectionRate the base arm's correction rate
 * @param candidateCorrectionRate the candidate arm's correction rate
 * @param correctionsAvoided corrections the candidate avoided over its volume
 * @param supportHoursSaved hours of support those corrections would have taken
 * @param supportSavings what those hours cost
 * @param inferenceCostChange the change in inference cost over the candidate's volume ({@code NaN}
 *     when a model's price is unknown)
 * @param trainingCost the training cost subtracted
 * @param netSavings savings less the inference cost change and the training cost ({@code NaN} when
 *     the inference cost change is unknown)
 * @param settings the settings used
 */
record ReturnOnInvestment(
    TaskName task,
    String baseModel,
    String candidateModel,
    long baseVolume,
    long candidateVolume,
    double baseCorrectionRate,
    double candidateCorrectionRate,
    double correctionsAvoided,
    double supportHoursSaved,
    double supportSavings,
    double inferenceCostChange,
    double trainingCost,
    double netSavings,
    Settings settings) {

    /** Minutes of support one correction takes. */
    public static final String MINUTES_KEY = "slabml.evaluation.roi.minutes_per_correction";
    /** Support cost per hour, in dollars. */
    public static final String HOURLY_KEY = "slabml.evaluation.roi.hourly_support_cost";
    /** Training cost subtracted from the month's savings, in dollars. */
    public static final String TRAINING_KEY = "slabml.evaluation.roi.training_cost";

    /**
     * Returns the month's return on a deployment's candidate, or empty when the deployment has no
     * candidate or either arm served nothing this month.
     */
    public static Optional<ReturnOnInvestment> of(Deployment deployment, MonthlyAnalysis analysis,
        InferencePrices prices, Settings settings) {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(settings, "settings");
        if (deployment.candidateModel().isEmpty()) {
            return Optional.empty();
        }
        String candidateModel = deployment.candidateModel().get();
        Optional<ModelMonthStats> base = arm(analysis, deployment.baseModel(), Arm.BASE);
        Optional<ModelMonthStats> candidate = arm(analysis, candidateModel, Arm.CANDIDATE);
        if (base.isEmpty() || candidate.isEmpty()) {
            return Optional.empty();
        }
        ModelMonthStats b = base.get();
        ModelMonthStats c = candidate.get();
        double baseRate = b.correctionRate().rate();
        double candidateRate = c.correctionRate().rate();
        double avoided = (baseRate - candidateRate) * c.volume();
        double hours = avoided * settings.minutesPerCorrection() / 60.0;
        double savings = hours * settings.hourlySupportCost();
        double basePer = prices.cost(b.model(), b.promptTokens(), b.completionTokens()).orElse(Double.NaN) / b.volume();
        double candidatePer = prices.cost(c.model(), c.promptTokens(), c.completionTokens()).orElse(Double.NaN) / c.volume();
        double inferenceChange = (candidatePer - basePer) * c.volume();
        double net = savings - inferenceChange - settings.trainingCost();
        return Optional.of(new ReturnOnInvestment(deployment.task(), b.model(), c.model(), b.volume(), c.volume(),
            baseRate, candidateRate, avoided, hours, savings, inferenceChange, settings.trainingCost(), net, settings));
    }

    private static Optional<ModelMonthStats> arm(MonthlyAnalysis analysis, String model, Arm arm) {
        return analysis.perModelAndArm().stream()
            .filter(s -> s.model().equals(model) && s.arm() == arm && s.volume() > 0)
            .findFirst();
    }

    /**
     * The report's ROI settings.
     *
     * @param minutesPerCorrection minutes of support one correction takes (default 2)
     * @param hourlySupportCost support cost per hour in dollars (default 50)
     * @param trainingCost training cost in dollars subtracted from the month (default 0)
     */
    public record Settings(double minutesPerCorrection, double hourlySupportCost, double trainingCost) {
        /** The seed's example: 2 minutes per correction at $50 an hour, no training cost. */
        public static final Settings DEFAULTS = new Settings(2, 50, 0);

        /**
         * Checks the settings.
         *
         * @throws ConfigurationException naming the key of a negative or non-finite value
         */
        public Settings {
            check(MINUTES_KEY, minutesPerCorrection);
            check(HOURLY_KEY, hourlySupportCost);
            check(TRAINING_KEY, trainingCost);
        }

        /** Reads the settings, defaults for absent keys. */
        public static Settings from(SlabMlConfig config) {
            return new Settings(config.getDouble(MINUTES_KEY, DEFAULTS.minutesPerCorrection()),
                config.getDouble(HOURLY_KEY, DEFAULTS.hourlySupportCost()),
                config.getDouble(TRAINING_KEY, DEFAULTS.trainingCost()));
        }

        private static void check(String key, double v) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new ConfigurationException(key + ": must be a number of 0 or more, was " + v);
            }
        }
    }
}
