/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together.internal;

import com.slabstak.slabml.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Together job options {@link com.slabstak.slabml.JobRequest} has no field for: LoRA or full
 * training, the LoRA rank and alpha, the base learning rate, the number of evaluations and of
 * checkpoints. Defaults come from {@code slabml.together.<name>}; one job overrides them with
 * metadata {@code together.<name>} (those pairs are options, not stored as metadata).
 *
 * @param trainingType {@code lora} or {@code full}
 * @param loraRank the LoRA rank, or {@code null} to let Together choose its default
 * @param loraAlpha the LoRA alpha, or {@code null} for twice the rank (as together-py does)
 * @param learningRate the base learning rate; a request's learning-rate multiplier scales it
 * @param evaluations evaluation loops on the validation file, or {@code null} for 1 with a
 *     validation file and 0 without
 * @param checkpoints checkpoints to save
 * @param method {@code sft} (supervised) or {@code dpo} (preference pairs)
 * @param dpoBeta DPO's beta, or {@code null} for Together's default; only with {@code dpo}
 */
record JobOptions(String trainingType, Integer loraRank, Integer loraAlpha, double learningRate, Integer evaluations,
                  int checkpoints, String method, Double dpoBeta) {
    /** Metadata keys with this prefix are options. */
    static final String METADATA_PREFIX = "together.";
    static final String TRAINING_TYPE = "training_type";
    static final String LORA_R = "lora_r";
    static final String LORA_ALPHA = "lora_alpha";
    static final String LEARNING_RATE = "learning_rate";
    static final String N_EVALS = "n_evals";
    static final String N_CHECKPOINTS = "n_checkpoints";
    static final String TRAINING_METHOD = "training_method";
    static final String DPO_BETA = "dpo_beta";
    /** together-py's defaults: LoRA, learning rate 1e-5, one checkpoint, supervised. */
    static final JobOptions DEFAULTS = new JobOptions("lora", null, null, 0.00001, null, 1, "sft", null);

    static JobOptions read(Function<String, Optional<String>> lookup, String prefix, List<String> problems) {
        return DEFAULTS.with(lookup, prefix, problems);
    }

    /** This with the options in {@code metadata} ({@code together.*}) applied; throws for a bad value. */
    JobOptions overriddenBy(Map<String, String> metadata) {
        List<String> problems = new ArrayList<>();
        JobOptions o = with(name -> Optional.ofNullable(metadata.get(METADATA_PREFIX + name)).map(String::trim)
            .filter(s -> !s.isEmpty()), "metadata." + METADATA_PREFIX, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("metadata", String.join("; ", problems));
        }
        return o;
    }

    private JobOptions with(Function<String, Optional<String>> lookup, String prefix, List<String> problems) {
        String type = trainingType;
        Optional<String> t = lookup.apply(TRAINING_TYPE).map(TogetherSettings::lower);
        if (t.isPresent()) {
            if (t.get().equals("lora") || t.get().equals("full")) {
                type = t.get();
            } else {
                problems.add(prefix + TRAINING_TYPE + ": expected lora or full, was '" + t.get() + "'");
            }
        }
        Integer rank = positive(lookup, LORA_R, prefix, problems, loraRank);
        Integer alpha = positive(lookup, LORA_ALPHA, prefix, problems, loraAlpha);
        double rate = learningRate;
        Optional<String> lr = lookup.apply(LEARNING_RATE);
        if (lr.isPresent()) {
            try {
                rate = Double.parseDouble(lr.get());
                if (!(rate > 0) || Double.isInfinite(rate)) {
                    problems.add(prefix + LEARNING_RATE + ": must be positive, was " + lr.get());
                    rate = learningRate;
                }
            } catch (NumberFormatException e) {
                problems.add(prefix + LEARNING_RATE + ": expected a number, was '" + lr.get() + "'");
            }
        }
        Integer evals = nonNegative(lookup, N_EVALS, prefix, problems, evaluations);
        Integer ckpts = positive(lookup, N_CHECKPOINTS, prefix, problems, checkpoints);
        String m = method;
        Optional<String> given = lookup.apply(TRAINING_METHOD).map(TogetherSettings::lower);
        if (given.isPresent()) {
            switch (given.get()) {
                case "sft": case "supervised":
                    m = "sft";
                    break;
                case "dpo": case "preference":
                    m = "dpo";
                    break;
                default:
                    problems.add(prefix + TRAINING_METHOD + ": expected sft or dpo, was '" + given.get() + "'");
            }
        }
        Double beta = dpoBeta;
        Optional<String> b = lookup.apply(DPO_BETA);
        if (b.isPresent()) {
            try {
                beta = Double.parseDouble(b.get());
                if (!(beta > 0) || beta.isInfinite()) {
                    problems.add(prefix + DPO_BETA + ": must be positive, was " + b.get());
                    beta = dpoBeta;
                }
            } catch (NumberFormatException e) {
                problems.add(prefix + DPO_BETA + ": expected a number, was '" + b.get() + "'");
            }
        }
        if (b.isPresent() && !m.equals("dpo")) {
            // together-py: "dpo_beta is only supported for DPO training"
            problems.add(prefix + DPO_BETA + ": only with " + prefix + TRAINING_METHOD + "=dpo");
        }
        return new JobOptions(type, rank, alpha, rate, evals, ckpts, m, beta);
    }

    private static Integer positive(Function<String, Optional<String>> lookup, String name, String prefix,
                                    List<String> problems, Integer current) {
        Integer v = integer(lookup, name, prefix, problems, current);
        if (v != null && v < 1) {
            problems.add(prefix + name + ": must be at least 1, was " + v);
            return current;
        }
        return v;
    }

    private static Integer nonNegative(Function<String, Optional<String>> lookup, String name, String prefix,
                                       List<String> problems, Integer current) {
        Integer v = integer(lookup, name, prefix, problems, current);
        if (v != null && v < 0) {
            problems.add(prefix + name + ": must be 0 or more, was " + v);
            return current;
        }
        return v;
    }

    private static Integer integer(Function<String, Optional<String>> lookup, String name, String prefix,
                                   List<String> problems, Integer current) {
        Optional<String> s = lookup.apply(name);
        if (s.isEmpty()) {
            return current;
        }
        try {
            return Integer.parseInt(s.get());
        } catch (NumberFormatException e) {
            problems.add(prefix + name + ": expected an integer, was '" + s.get() + "'");
            return current;
        }
    }

    /**
     * These options with the request's own training method and DPO beta
     * ({@code JobRequest.method()}, {@code Hyperparameters.beta()}), which win over defaults and
     * job metadata: a preference request trains with {@code dpo}.
     *
     * @throws InvalidInputException when job metadata asks for {@code sft} on a preference request
     */
    JobOptions forRequest(com.slabstak.slabml.JobRequest request) {
        boolean preference = request.method().equals(com.slabstak.slabml.spi.TrainingMethod.PREFERENCE);
        if (!preference) {
            return this;
        }
        if (request.metadata().containsKey(METADATA_PREFIX + TRAINING_METHOD) && !method.equals("dpo")) {
            throw new InvalidInputException("metadata." + METADATA_PREFIX + TRAINING_METHOD,
                "is '" + method + "' but the request's method is preference (dpo)");
        }
        java.util.OptionalDouble beta = request.hyperparameters().beta();
        return new JobOptions(trainingType, loraRank, loraAlpha, learningRate, evaluations, checkpoints, "dpo",
            beta.isPresent() ? Double.valueOf(beta.getAsDouble()) : dpoBeta);
    }
}
