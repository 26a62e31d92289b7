/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ChatRequest;
import com.slabstak.slabml.ChatResponse;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelComparison;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.ModelRunStats;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.Platform;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.PredictionMetadata;
import com.slabstak.slabml.ProviderException;
import com.slabstak.slabml.ProviderTimeoutException;
import com.slabstak.slabml.ProviderUnavailableException;
import com.slabstak.slabml.RateLimitException;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TokenUsage;
import com.slabstak.slabml.core.internal.Json;
import com.slabstak.slabml.core.internal.pricing.InferencePrices;
import com.slabstak.slabml.core.internal.tasks.ListingGenerationTask;
import com.slabstak.slabml.observe.BreakerState;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ModelChoice;
import com.slabstak.slabml.spi.ModelSelector;
import com.slabstak.slabml.spi.Task;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ModelManager}. For each request it validates the input through the task, asks
 * the {@link ModelSelector} for the model (base or candidate, by the task's deployment in the
 * {@link ModelRegistry}), calls the {@link InferenceBackend} once and parses the answer with the
 * task. When a model other than the base fails (any {@link ProviderException}, such as not found or
 * still loading, server error, rate limit or timeout, or an {@link InvalidAnswerException}), the
 * request is answered by the base model and marked {@link Arm#FALLBACK} with the reason. A circuit
 * breaker per model stops sending traffic to a model that keeps failing and probes it again after a
 * cool-down measured on the clock. There is no retry loop here: the provider's SDK retries. When the
 * base model fails, its exception propagates.
 *
 * <p>Whatever a backend does, a request is never lost to the candidate: any other exception it
 * throws (a provider that does not map its errors) counts as a candidate failure too, reason
 * {@code unexpected}, logged once per model and kind with its stack trace and counted
 * ({@link #unexpectedFailures()}). With a timeout (the request context's, else
 * {@code slabml.inference.timeout}) the manager enforces it itself: a call still running at the
 * deadline is interrupted and counts as a {@code timeout}, so a backend that ignores the timeout it
 * is passed cannot hold the request; past the base model's deadline a {@link ProviderTimeoutException}
 * is thrown.
 *
 * <p>Listing titles longer than the input's limit ({@link ListingGenerationTask#titleLimit(Map)}: a
 * {@code title_limit} in the input, else {@link Platform#titleLimit()} of its platform) are trimmed
 * at a word boundary and the trim is logged.
 * An optional cache of identical requests (task, model, input) answers repeats without a call; its
 * hits report {@code cacheHit} and zero token usage.
 *
 * <p>Configuration:
 * <table>
 * <caption>keys</caption>
 * <tr><td>{@code slabml.inference.timeout}</td><td>per-call timeout when the request context has none (unset: the provider's)</td></tr>
 * <tr><td>{@code slabml.inference.temperature}</td><td>sampling temperature, default 0</td></tr>
 * <tr><td>{@code slabml.inference.prices}</td><td>price overrides for the cost per call of comparisons, see {@link InferencePrices}</td></tr>
 * <tr><td>{@code slabml.serving.breaker.consecutive_failures}</td><td>failures in a row that open a circuit, default 5</td></tr>
 * <tr><td>{@code slabml.serving.breaker.failure_rate}</td><td>failed share of the window that opens it, default 0.5</td></tr>
 * <tr><td>{@code slabml.serving.breaker.window}</td><td>calls in the window, default 20</td></tr>
 * <tr><td>{@code slabml.serving.breaker.minimum_calls}</td><td>calls before the rate applies, default 10</td></tr>
 * <tr><td>{@code slabml.serving.breaker.cool_down}</td><td>how long an open circuit refuses calls, default 30s</td></tr>
 * <tr><td>{@code slabml.cache.enabled}</td><td>cache identical requests, default false</td></tr>
 * <tr><td>{@code slabml.cache.max_entries}</td><td>cache bound, default 1000</td></tr>
 * <tr><td>{@code slabml.cache.ttl}</td><td>cache expiry, default 1h</td></tr>
 * </table>
 *
 * <p>Thread-safe. Closing clears the cache; the inference backend belongs to the caller and is not
 * closed. Internal: public for the entry point.
 *
 * {@code
 * ModelManager models = new DefaultModelManager(backend, selector, registry, tasks, config, Clock.systemUTC());
 * Prediction<CardData> p = models.identifyCard("MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5", RequestContext.forSubject("user-1"));
 * }
 */
public final class DefaultModelManager implements ModelManager, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultModelManager.class);
    private static final int MAX_RUNS = 1000;

    private final InferenceBackend inference;
    private final ModelSelector selector;
    private final ModelRegistry registry;
    private final Map<TaskName, Task> tasks;
    private final SlabMlConfig config;
    private final Clock clock;
    private final Duration defaultTimeout;
    private final double temperature;
    private final CircuitBreaker.Settings breakerSettings;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final ResponseCache cache;
    private final InferencePrices prices;
    private final AtomicLong unexpectedFailures = new AtomicLong();
    private final Set<String> unexpectedLogged = ConcurrentHashMap.newKeySet();
    /** Runs calls that have a deadline; a thread per call in flight, kept 30 s when idle. */
    private final ThreadPoolExecutor deadlineCalls = deadlineCalls();
    private final SlabMlObserver observer;

    /**
     * Creates a model manager.
     *
     * @throws ConfigurationException for an invalid configuration value
     */
    public DefaultModelManager(InferenceBackend inference, ModelSelector selector, ModelRegistry registry,
                               Map<TaskName, Task> tasks, SlabMlConfig config, Clock clock) {
        this(inference, selector, registry, tasks, config, clock, SlabMlObserver.NOOP);
    }

    /**
     * Creates a model manager that reports circuit breaker changes to {@code observer} (which must
     * not throw: pass a {@code SafeObserver}).
     *
     * @throws ConfigurationException for an invalid configuration value
     */
    public DefaultModelManager(InferenceBackend inference, ModelSelector selector, ModelRegistry registry,
                               Map<TaskName, Task> tasks, SlabMlConfig config, Clock clock, SlabMlObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.inference = Objects.requireNonNull(inference, "inference");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tasks = Map.copyOf(Objects.requireNonNull(tasks, "tasks"));
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultTimeout = config.getDuration("slabml.inference.timeout", null);
        if (defaultTimeout != null && (defaultTimeout.isNegative() || defaultTimeout.isZero())) {
            throw new ConfigurationException("slabml.inference.timeout: must be positive, was " + defaultTimeout);
        }
        this.temperature = config.getDouble("slabml.inference.temperature", 0.0);
        if (temperature < 0 || temperature > 2) {
            throw new ConfigurationException("slabml.inference.temperature: must be 0-2, was " + temperature);
        }
        this.breakerSettings = breakerSettings(config);
        this.cache = cache(config, clock);
        this.prices = InferencePrices.create(config);
    }

    @Override
    public Prediction<Map<String, Object>> predict(TaskName taskName, Map<String, Object> input, RequestContext context) {
        Objects.requireNonNull(taskName, "task");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(context, "context");
        Task task = task(taskName);
        task.validateInput(input);
        List<ChatMessage> prompt = task.prompt(input);
        Deployment deployment = registry.deployment(taskName);
        ModelChoice choice = selector.select(deployment, context);
        Duration timeout = context.timeout().orElse(defaultTimeout);
        String cacheInput = cache == null ? null : Json.write(input);
        String base = deployment.baseModel();
        Instant start = clock.instant();

        TokenUsage spent = TokenUsage.ZERO;
        Duration spentTime = Duration.ZERO;
        String fallbackReason = null;
        if (!choice.model().equals(base)) {
            Optional<Map<String, Object>> cached = cached(taskName, choice.model(), cacheInput);
            if (cached.isPresent()) {
                return result(taskName, deployment, choice, choice.model(), choice.arm(), cached.get(), start,
                    Duration.ZERO, TokenUsage.ZERO, null, true);
            }
            CircuitBreaker breaker = breakers.computeIfAbsent(choice.model(), m -> new CircuitBreaker(breakerSettings, clock,
                (from, to) -> observer.breakerStateChanged(m, BreakerState.valueOf(from.name()), BreakerState.valueOf(to.name()))));
            if (!breaker.tryAcquire()) {
                fallbackReason = "circuit_open: " + choice.model() + " failed repeatedly; its circuit is open";
            } else {
                Call call = null;
                try {
                    call = call(task, choice.model(), prompt, timeout);
                    Map<String, Object> output = postProcess(task, input, call.parse(task));
                    breaker.onSuccess();
                    store(taskName, choice.model(), cacheInput, output);
                    return result(taskName, deployment, choice, choice.model(), choice.arm(), output, start,
                        call.response.latency(), call.response.usage(), null, false);
                } catch (ProviderException | InvalidAnswerException e) {
                    breaker.onFailure();
                    fallbackReason = reason(e);
                    if (call != null) {
                        spent = call.response.usage();
                        spentTime = call.response.latency();
                    }
                    LOG.warn("Model {} failed for task {} ({}); answering with base model {}",
                        choice.model(), taskName, fallbackReason.substring(0, fallbackReason.indexOf(':')), base);
                    LOG.debug("Failure of model {}", choice.model(), e);
                } catch (RuntimeException e) {
                    // The backend broke its contract (it should map its errors): still the candidate's
                    // failure, never the request's.
                    breaker.onFailure();
                    unexpectedFailures.incrementAndGet();
                    String message = String.valueOf(e.getMessage());
                    fallbackReason = "unexpected: " + e.getClass().getName() + ": "
                        + (message.length() > 200 ? message.substring(0, 200) + "..." : message);
                    if (call != null) {
                        spent = call.response.usage();
                        spentTime = call.response.latency();
                    }
                    if (unexpectedLogged.add(choice.model() + "\n" + e.getClass().getName())) {
                        LOG.warn("Model {} threw an unexpected {} for task {} (a provider should map its errors); "
                            + "answering with base model {}; further ones are counted, not logged",
                            choice.model(), e.getClass().getName(), taskName, base, e);
                    }
                }
            }
        }
        Arm arm = fallbackReason != null ? Arm.FALLBACK : choice.arm();
        Optional<Map<String, Object>> cached = cached(taskName, base, cacheInput);
        if (cached.isPresent()) {
            return result(taskName, deployment, choice, base, arm, cached.get(), start, spentTime, spent,
                fallbackReason, true);
        }
        Call call = call(task, base, prompt, timeout);
        Map<String, Object> output = postProcess(task, input, call.parse(task));
        store(taskName, base, cacheInput, output);
        return result(taskName, deployment, choice, base, arm, output, start,
            spentTime.plus(call.response.latency()), spent.plus(call.response.usage()), fallbackReason, false);
    }

    @Override
    public String activeModel(TaskName taskName) {
        Objects.requireNonNull(taskName, "task");
        task(taskName);
        Deployment d = registry.deployment(taskName);
        return d.candidateModel().filter(c -> d.rolloutPercent() >= 100).orElse(d.baseModel());
    }

    @Override
    public ModelComparison compareModels(TaskName taskName, Map<String, Object> input, List<String> models, int runs) {
        Objects.requireNonNull(taskName, "task");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(models, "models");
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
        Task task = task(taskName);
        task.validateInput(input);
        List<ChatMessage> prompt = task.prompt(input);
        List<ModelRunStats> stats = new ArrayList<>();
        for (String model : distinct) {
            stats.add(runModel(task, input, prompt, model, runs));
        }
        return new ModelComparison(taskName, runs, stats);
    }

    @Override
    public ModelComparison compareModels(TaskName taskName, Map<String, Object> input, int runs) {
        Objects.requireNonNull(taskName, "task");
        Deployment d = registry.deployment(taskName);
        List<String> models = new ArrayList<>();
        models.add(d.baseModel());
        Optional<String> other = d.candidateModel();
        if (other.isEmpty()) {
            other = config.get("slabml." + taskName.value() + ".finetuned_model").filter(s -> !s.isBlank()).map(String::trim);
        }
        other.ifPresent(models::add);
        return compareModels(taskName, input, models, runs);
    }

    /** Clears the response cache. The inference backend is not closed: it belongs to the caller. */
    @Override
    public void close() {
        if (cache != null) {
            cache.clear();
        }
        deadlineCalls.shutdown();
    }

    /**
     * Returns how many candidate calls failed with an exception a provider should not throw (not a
     * {@link ProviderException} or {@link InvalidAnswerException}); each was answered by the base model.
     *
     * @return the count since this manager was created
     */
    public long unexpectedFailures() {
        return unexpectedFailures.get();
    }

    @Override
    public String toString() {
        return "DefaultModelManager{tasks=" + new TreeSet<>(tasks.keySet()) + ", cache=" + (cache != null) + '}';
    }

    /** Returns the circuit state of a model, for tests and diagnostics. */
    CircuitBreaker.State circuitState(String model) {
        CircuitBreaker b = breakers.get(model);
        return b == null ? CircuitBreaker.State.CLOSED : b.state();
    }

    private Task task(TaskName name) {
        Task task = tasks.get(name);
        if (task == null) {
            throw new InvalidInputException("task", "unknown task '" + name + "' (known: " + new TreeSet<>(tasks.keySet()) + ")");
        }
        return task;
    }

    private Call call(Task task, String model, List<ChatMessage> prompt, Duration timeout) {
        ChatRequest.Builder b = ChatRequest.builder().model(model).messages(prompt).temperature(temperature);
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (inference.supportsResponseSchema()) {
            task.responseSchema().ifPresent(b::responseSchema);
        }
        ChatRequest request = b.build();
        ChatResponse response = timeout == null ? inference.complete(request) : completeWithin(request, timeout);
        if (response == null) {
            throw new InvalidAnswerException("the inference backend returned no response for model " + model);
        }
        return new Call(response);
    }

    /** Calls the backend on a thread of its own and gives up at the deadline, whatever the backend does. */
    private ChatResponse completeWithin(ChatRequest request, Duration timeout) {
        Future<ChatResponse> f;
        try {
            f = deadlineCalls.submit(() -> inference.complete(request));
        } catch (RejectedExecutionException closed) {
            return inference.complete(request);
        }
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ProviderTimeoutException("model " + request.model() + " did not answer within " + timeout
                + " (slabml.inference.timeout)", e);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProviderTimeoutException("interrupted while waiting for model " + request.model(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new ProviderUnavailableException("model " + request.model() + " failed: " + cause, 0, cause);
        }
    }

    private static ThreadPoolExecutor deadlineCalls() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "slabml-inference-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        return pool;
    }

    private Prediction<Map<String, Object>> result(TaskName task, Deployment d, ModelChoice choice, String model,
                                                   Arm arm, Map<String, Object> output, Instant start,
                                                   Duration providerTime, TokenUsage usage, String fallbackReason,
                                                   boolean cacheHit) {
        // The call took at least as long as the provider says its calls took (a simulated clock
        // may not move at all while a call runs).
        Duration latency = elapsed(start);
        if (latency.compareTo(providerTime) < 0) {
            latency = providerTime;
        }
        boolean finetuned = model.startsWith("ft:") || d.candidateModel().map(model::equals).orElse(false);
        PredictionMetadata metadata = PredictionMetadata.builder()
            .task(task)
            .modelUsed(model)
            .finetuned(finetuned)
            .arm(arm)
            .bucket(choice.sticky() && choice.bucket() > 0 ? choice.bucket() : null)
            .sticky(choice.sticky())
            .latency(latency)
            .usage(usage)
            .fallbackReason(fallbackReason)
            .cacheHit(cacheHit)
            .build();
        return new Prediction<>(output, metadata);
    }

    private Map<String, Object> postProcess(Task task, Map<String, Object> input, Map<String, Object> output) {
        Object title = output.get("title");
        if (!(title instanceof String)) {
            return output;
        }
        OptionalInt limit = ListingGenerationTask.titleLimit(input);
        if (limit.isEmpty()) {
            return output;
        }
        String fitted = ListingTitles.fit((String) title, limit.getAsInt());
        if (fitted.equals(title)) {
            return output;
        }
        LOG.info("Trimmed a {} title from {} to {} characters (platform limit {})",
            task.name(), ((String) title).length(), fitted.length(), limit.getAsInt());
        Map<String, Object> copy = new LinkedHashMap<>(output);
        copy.put("title", fitted);
        return Collections.unmodifiableMap(copy);
    }

    private ModelRunStats runModel(Task task, Map<String, Object> input, List<ChatMessage> prompt, String model, int runs) {
        List<Map<String, Object>> outputs = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        long promptTokens = 0;
        long completionTokens = 0;
        int answered = 0;
        int failures = 0;
        Map<Map<String, Object>, Integer> counts = new HashMap<>();
        for (int i = 0; i < runs; i++) {
            Instant start = clock.instant();
            Call call = null;
            try {
                call = call(task, model, prompt, null);
                Map<String, Object> output = postProcess(task, input, call.parse(task));
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

    private Optional<Map<String, Object>> cached(TaskName task, String model, String input) {
        return cache == null ? Optional.empty() : cache.get(new ResponseCache.Key(task, model, input));
    }

    private void store(TaskName task, String model, String input, Map<String, Object> output) {
        if (cache != null) {
            cache.put(new ResponseCache.Key(task, model, input), output);
        }
    }

    private static String reason(RuntimeException e) {
        String kind;
        if (e instanceof NotFoundException) {
            kind = "not_found";
        } else if (e instanceof RateLimitException) {
            kind = "rate_limited";
        } else if (e instanceof ProviderTimeoutException) {
            kind = "timeout";
        } else if (e instanceof ProviderUnavailableException) {
            kind = "unavailable";
        } else if (e instanceof InvalidAnswerException) {
            return "invalid_answer: the answer did not parse";
        } else {
            kind = "provider_error";
        }
        String message = String.valueOf(e.getMessage());
        return kind + ": " + (message.length() > 200 ? message.substring(0, 200) + "..." : message);
    }

    private static CircuitBreaker.Settings breakerSettings(SlabMlConfig config) {
        String p = "slabml.serving.breaker.";
        int consecutive = config.getInt(p + "consecutive_failures", 5);
        double rate = config.getDouble(p + "failure_rate", 0.5);
        int window = config.getInt(p + "window", 20);
        int minimum = config.getInt(p + "minimum_calls", 10);
        Duration coolDown = config.getDuration(p + "cool_down", Duration.ofSeconds(30));
        List<String> problems = new ArrayList<>();
        if (consecutive < 1) {
            problems.add(p + "consecutive_failures: must be at least 1, was " + consecutive);
        }
        if (!(rate > 0 && rate <= 1)) {
            problems.add(p + "failure_rate: must be in (0, 1], was " + rate);
        }
        if (window < 1) {
            problems.add(p + "window: must be at least 1, was " + window);
        }
        if (minimum < 1 || minimum > window) {
            problems.add(p + "minimum_calls: must be 1-" + window + ", was " + minimum);
        }
        if (coolDown.isNegative()) {
            problems.add(p + "cool_down: must not be negative, was " + coolDown);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
        return new CircuitBreaker.Settings(consecutive, rate, window, minimum, coolDown);
    }

    private static ResponseCache cache(SlabMlConfig config, Clock clock) {
        if (!config.getBoolean("slabml.cache.enabled", false)) {
            return null;
        }
        int max = config.getInt("slabml.cache.max_entries", 1000);
        Duration ttl = config.getDuration("slabml.cache.ttl", Duration.ofHours(1));
        if (max < 1) {
            throw new ConfigurationException("slabml.cache.max_entries: must be at least 1, was " + max);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new ConfigurationException("slabml.cache.ttl: must be positive, was " + ttl);
        }
        return new ResponseCache(max, ttl, clock);
    }

    /** One answered call, parsed on demand so a parse failure still reports the tokens spent. */
    private static final class Call {
        final ChatResponse response;

        Call(ChatResponse response) {
            this.response = response;
        }

        Map<String, Object> parse(Task task) {
            Map<String, Object> out = task.parse(response.text());
            if (out == null) {
                throw new InvalidAnswerException("the task parsed the answer to nothing");
            }
            return out;
        }
    }
}
