/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together.internal;

import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The body of {@code POST /fine-tunes}, and the suffix it carries. */
final class CreateJobBody {
    /** together-py: "Up to 40 character suffix". */
    static final int MAX_SUFFIX = 40;

    private CreateJobBody() {
    }

    /** The request body, as together-py's {@code create_finetune_request} assembles it. */
    static Map<String, Object> of(JobRequest request, JobOptions options, String suffix) {
        Hyperparameters h = request.hyperparameters();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model());
        body.put("training_file", request.trainingFileId());
        request.validationFileId().ifPresent(v -> body.put("validation_file", v));
        body.put("n_epochs", h.epochs().orElse(1));
        body.put("n_checkpoints", options.checkpoints());
        int evals = options.evaluations() != null ? options.evaluations() : request.validationFileId().isPresent() ? 1 : 0;
        if (evals > 0 && request.validationFileId().isEmpty()) {
            throw new InvalidInputException("n_evals", "evaluations (" + evals + ") need a validation file");
        }
        body.put("n_evals", evals);
        // TensorZero's client notes that Together rejects a create without batch_size.
        body.put("batch_size", h.batchSize().isPresent() ? (Object) h.batchSize().getAsInt() : "max");
        body.put("learning_rate", options.learningRate() * h.learningRateMultiplier().orElse(1.0));
        Map<String, Object> schedulerArgs = new LinkedHashMap<>();
        schedulerArgs.put("min_lr_ratio", 0.0);
        schedulerArgs.put("num_cycles", 0.5);
        Map<String, Object> scheduler = new LinkedHashMap<>();
        scheduler.put("lr_scheduler_type", "cosine");
        scheduler.put("lr_scheduler_args", schedulerArgs);
        body.put("lr_scheduler", scheduler);
        body.put("warmup_ratio", 0.0);
        body.put("max_grad_norm", 1.0);
        body.put("weight_decay", 0.0);
        trainingType(options).ifPresent(t -> body.put("training_type", t));
        body.put("training_method", trainingMethod(options));
        if (suffix != null) {
            body.put("suffix", suffix);
        }
        request.seed().ifPresent(s -> body.put("random_seed", s));
        return body;
    }

    /**
     * {@code sft} masks the prompts ({@code train_on_inputs: auto}, together-py's default);
     * {@code dpo} trains on preference pairs with {@code dpo_beta} when set, as together-py's
     * {@code TrainingMethodDPO} sends it (no length normalisation, not reference-free).
     */
    private static Map<String, Object> trainingMethod(JobOptions options) {
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("method", options.method());
        if (options.method().equals("dpo")) {
            if (options.dpoBeta() != null) {
                method.put("dpo_beta", options.dpoBeta());
            }
            method.put("dpo_normalize_logratios_by_length", false);
            method.put("dpo_reference_free", false);
        } else {
            method.put("train_on_inputs", "auto");
        }
        return method;
    }

    /**
     * LoRA without a rank is left to Together's default (together-py sends no {@code training_type}
     * when {@code lora} is unset, "By default, the API uses LoRA"); with a rank, alpha defaults to
     * twice the rank as in together-py.
     */
    private static Optional<Map<String, Object>> trainingType(JobOptions options) {
        Map<String, Object> t = new LinkedHashMap<>();
        if (options.trainingType().equals("full")) {
            t.put("type", "Full");
            return Optional.of(t);
        }
        if (options.loraRank() == null) {
            return Optional.empty();
        }
        t.put("type", "Lora");
        t.put("lora_r", options.loraRank());
        t.put("lora_alpha", options.loraAlpha() != null ? options.loraAlpha() : options.loraRank() * 2);
        t.put("lora_dropout", 0.0);
        t.put("lora_trainable_modules", "all-linear");
        return Optional.of(t);
    }

    /** The suffix sent: the request's (shortened if needed) and the idempotency tag at its end. */
    static String suffix(String requested, String tag) {
        if (requested != null && !requested.matches("[A-Za-z0-9._-]*")) {
            throw new InvalidInputException("suffix", "letters, digits, '.', '_' and '-' only, was '" + requested + "'");
        }
        if (tag == null) {
            if (requested != null && requested.length() > MAX_SUFFIX) {
                throw new InvalidInputException("suffix", "at most " + MAX_SUFFIX + " characters, was " + requested.length());
            }
            return requested == null || requested.isEmpty() ? null : requested;
        }
        if (requested == null || requested.isEmpty()) {
            return tag;
        }
        int room = MAX_SUFFIX - tag.length() - 1;
        String head = requested.length() > room ? requested.substring(0, room) : requested;
        return head + "-" + tag;
    }
}
