/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.Checkpoint;
import com.slabstak.slabml.CostEstimate;
import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobMetrics;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.Proportion;
import com.slabstak.slabml.UploadedFile;
import com.slabstak.slabml.ValidationFinding;
import com.slabstak.slabml.ValidationReport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Plain maps (for {@code --json}) and short texts (for people) of the library's values. */
final class Views {
    private Views() {
    }

    static Map<String, Object> file(UploadedFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("filename", f.filename());
        m.put("bytes", f.bytes());
        m.put("purpose", f.purpose());
        m.put("created_at", f.createdAt().toString());
        return m;
    }

    static Map<String, Object> job(FineTuningJob j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("status", j.status().value());
        m.put("model", j.model());
        m.put("fine_tuned_model", j.fineTunedModel().orElse(null));
        m.put("created_at", j.createdAt().toString());
        m.put("finished_at", j.finishedAt().map(Object::toString).orElse(null));
        m.put("estimated_finish", j.estimatedFinish().map(Object::toString).orElse(null));
        m.put("training_file", j.trainingFileId());
        m.put("validation_file", j.validationFileId().orElse(null));
        m.put("trained_tokens", j.trainedTokens().isPresent() ? j.trainedTokens().getAsLong() : null);
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("n_epochs", j.hyperparameters().epochs().isPresent() ? j.hyperparameters().epochs().getAsInt() : "auto");
        hp.put("batch_size", j.hyperparameters().batchSize().isPresent()
            ? j.hyperparameters().batchSize().getAsInt() : "auto");
        hp.put("learning_rate_multiplier", j.hyperparameters().learningRateMultiplier().isPresent()
            ? j.hyperparameters().learningRateMultiplier().getAsDouble() : "auto");
        m.put("hyperparameters", hp);
        m.put("seed", j.seed().isPresent() ? j.seed().getAsLong() : null);
        m.put("metadata", j.metadata());
        m.put("error", j.error().map(e -> {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("code", e.code());
            em.put("message", e.message());
            em.put("param", e.param());
            return em;
        }).orElse(null));
        return m;
    }

    static Map<String, Object> event(JobEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("created_at", e.createdAt().toString());
        m.put("level", e.level());
        m.put("type", e.type());
        m.put("message", e.message());
        e.metrics().ifPresent(x -> m.put("metrics", metrics(x)));
        return m;
    }

    static Map<String, Object> metrics(JobMetrics x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", x.step());
        m.put("total_steps", x.totalSteps());
        m.put("train_loss", finite(x.trainLoss()));
        m.put("valid_loss", finite(x.validLoss()));
        m.put("full_valid_loss", finite(x.fullValidLoss()));
        m.put("train_mean_token_accuracy", finite(x.trainMeanTokenAccuracy()));
        m.put("valid_mean_token_accuracy", finite(x.validMeanTokenAccuracy()));
        return m;
    }

    static Map<String, Object> checkpoint(Checkpoint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("job_id", c.jobId());
        m.put("model", c.model());
        m.put("step", c.step());
        m.put("created_at", c.createdAt().toString());
        c.metrics().ifPresent(x -> m.put("metrics", metrics(x)));
        return m;
    }

    static Map<String, Object> model(ModelInfo mi) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", mi.id());
        m.put("owned_by", mi.ownedBy());
        m.put("fine_tuned", mi.isFineTuned());
        m.put("base_model", mi.baseModel().orElse(null));
        m.put("created_at", mi.createdAt().map(Object::toString).orElse(null));
        m.put("shutdown_date", mi.shutdownDate().map(Object::toString).orElse(null));
        return m;
    }

    static Map<String, Object> trainable(com.slabstak.slabml.spi.TrainableModel t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("context_tokens", t.contextTokens());
        m.put("max_example_tokens", t.maxExampleTokens());
        m.put("tokenizer", t.tokenizer().toString());
        m.put("methods", t.methods().stream().map(Object::toString).toList());
        Map<String, Object> prices = new LinkedHashMap<>();
        t.prices().forEach((k, v) -> prices.put(k.id(), v));
        m.put("price_per_million_tokens", prices);
        m.put("price_date", t.priceDate().map(Object::toString).orElse(null));
        m.put("shutdown_date", t.shutdownDate().map(Object::toString).orElse(null));
        return m;
    }

    static Map<String, Object> cost(CostEstimate c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", c.model());
        m.put("examples", c.examples());
        m.put("training_tokens", c.trainingTokens());
        m.put("token_count", c.tokensExact() ? "exact" : "estimate");
        m.put("billed_tokens_per_epoch", c.billedTokensPerEpoch());
        m.put("epochs", c.epochs());
        m.put("billed_tokens", c.billedTokens());
        m.put("price_per_million_tokens", c.pricePerMillionTokens());
        m.put("price_date", c.priceDate().toString());
        m.put("cost_usd", c.cost());
        m.put("examples_over_limit", c.examplesOverLimit());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("min", c.distribution().min());
        d.put("median", c.distribution().median());
        d.put("p90", c.distribution().p90());
        d.put("max", c.distribution().max());
        m.put("tokens_per_example", d);
        return m;
    }

    static Map<String, Object> validation(ValidationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file());
        m.put("examples", r.examples());
        m.put("valid", r.isValid());
        m.put("errors", r.errors().size());
        m.put("warnings", r.warnings().size());
        m.put("counts_by_category", r.countsByCategory());
        m.put("findings", r.findings().stream().map(Views::finding).toList());
        return m;
    }

    static Map<String, Object> finding(ValidationFinding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", f.line());
        m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        m.put("category", f.category());
        m.put("message", f.message());
        return m;
    }

    static Map<String, Object> proportion(Proportion p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("successes", p.successes());
        m.put("total", p.total());
        m.put("rate", p.rate());
        m.put("ci95_lower", p.lower());
        m.put("ci95_upper", p.upper());
        return m;
    }

    /** {@code 84.0% [78.1%, 88.6%]}. */
    static String percent(Proportion p) {
        return String.format(Locale.ROOT, "%5.1f%% [%.1f%%, %.1f%%]", p.rate() * 100, p.lower() * 100, p.upper() * 100);
    }

    static Object finite(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    /** {@code 1h02m}, {@code 4m05s}, {@code 12s}. */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    /** Reads {@code 30s}, {@code 5m}, {@code 2h}, {@code 250ms} or ISO-8601 {@code PT30S}. */
    static Duration parseDuration(String text, String field) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            switch (s.charAt(s.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 'h':
                    return Duration.ofHours(n);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new com.slabstak.slabml.InvalidInputException(field,
            "expected a duration such as 30s, 5m, 2h or PT30S, was '" + text + "'");
    }

    static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
