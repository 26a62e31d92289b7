/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelComparison;
import com.slabstak.slabml.ModelRunStats;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.internal.pricing.InferencePrices;
import com.slabstak.slabml.spi.Task;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one input through several models several times, without fallback or cache, and measures
 * each model: its answers, failures, consistency (share of runs giving the most common answer),
 * median and 95th percentile latency, average tokens and the cost per call.
 */
final class ModelBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(ModelBenchmark.class);
    static final int MAX_RUNS = 1000;

    private final InferenceCalls calls;
    private final InferencePrices prices;
    private final Clock clock;

    ModelBenchmark(InferenceCalls calls, InferencePrices prices, Clock clock) {
        this.calls = calls;
        this.prices = prices;
        this.clock = clock;
    }

    /**
     * Compares {@code models} (blank ids refused, repeats run once) on an input of the task
     * {@code tasks} finds, once the arguments are checked.
     *
     * @throws InvalidInputException naming {@code runs}, {@code models}, the task or the input field
     */
    ModelComparison compare(TaskName taskName, Function<TaskName, Task> tasks, Map<String, Object> input,
                            List<String> models, int runs) {
        if (runs < 1 || runs > MAX_RUNS) {
            throw new InvalidInputException("runs", "must be 1-" + MAX_RUNS + ", was " + runs);
        }
        if (models.isEmpty()) {
            throw new InvalidInputException("models", "must name at least one model");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String m : models) {
            if (m == null || m.isBlank()) {
                throw new InvalidInputException("models", "a model id must not be blank");
            }
            distinct.add(m.trim());
        }
        Task task = tasks.apply(taskName);
        task.validateInput(input);
        List<ChatMessage> prompt = task.prompt(input);
        List<ModelRunStats> stats = new ArrayList<>();
        for (String model : distinct) {
            stats.add(run(task, input, prompt, model, runs));
        }
        return new ModelComparison(taskName, runs, stats);
    }

    private ModelRunStats run(Task task, Map<String, Object> input, List<ChatMessage> prompt, String model, int runs) {
        List<Map<String, Object>> outputs = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        long promptTokens = 0;
        long completionTokens = 0;
        int answered = 0;
        int failures = 0;
        Map<Map<String, Object>, Integer> counts = new HashMap<>();
        for (int i = 0; i < runs; i++) {
            Instant start = clock.instant();
            InferenceCalls.Call call = null;
            try {
                call = calls.call(task, model, prompt, null);
                Map<String, Object> output = call.output(task, input);
                outputs.add(output);
                counts.merge(output, 1, Integer::sum);
            } catch (ProviderException | InvalidAnswerException e) {
                failures++;
                outputs.add(Map.of());
                LOG.debug("Comparison run {} of model {} failed", i + 1, model, e);
            }
            latencies.add(elapsed(start).toMillis());
            if (call != null) {
                answered++;
                promptTokens += call.response.usage().promptTokens();
                completionTokens += call.response.usage().completionTokens();
            }
        }
        int mostCommon = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        TokenUsage average = answered == 0 ? TokenUsage.ZERO
            : new TokenUsage(Math.round((double) promptTokens / answered), Math.round((double) completionTokens / answered));
        BigDecimal cost = answered == 0 ? null : prices.cost(model, average.promptTokens(), average.completionTokens())
            .map(usd -> BigDecimal.valueOf(usd).setScale(8, RoundingMode.HALF_UP).stripTrailingZeros())
            .orElse(null);
        Collections.sort(latencies);
        return new ModelRunStats(model, outputs, failures, (double) mostCommon / runs,
            median(latencies), percentile(latencies, 0.95), average, cost);
    }

    static long median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile of a sorted, non-empty list. */
    static long percentile(List<Long> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private Duration elapsed(Instant start) {
        Duration d = Duration.between(start, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
