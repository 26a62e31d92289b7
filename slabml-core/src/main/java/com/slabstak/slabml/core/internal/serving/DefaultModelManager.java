/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.serving;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.InvalidAnswerException;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelComparison;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.NotFoundException;
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
import com.slabstak.slabml.observe.BreakerState;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ModelChoice;
import com.slabstak.slabml.spi.ModelSelector;
import com.slabstak.slabml.spi.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Every parsed answer goes through the task's {@link Task#postProcess} before it is served or
 * cached (the listing task fits titles to the platform's limit there). Model comparisons
 * ({@link #compareModels}) are run by a {@link ModelBenchmark}.
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

    private final ModelSelector selector;
    private final ModelRegistry registry;
    private final Map<TaskName, Task> tasks;
    private final SlabMlConfig config;
    private final Clock clock;
    private final Duration defaultTimeout;
    private final CircuitBreaker.Settings breakerSettings;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final ResponseCache cache;
    private final AtomicLong unexpectedFailures = new AtomicLong();
    private final Set<String> unexpectedLogged = ConcurrentHashMap.newKeySet();
    private final InferenceCalls calls;
    private final ModelBenchmark benchmark;
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
        Objects.requireNonNull(inference, "inference");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tasks = Map.copyOf(Objects.requireNonNull(tasks, "tasks"));
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultTimeout = config.getDuration("slabml.inference.timeout", null);
        if (defaultTimeout != null && (defaultTimeout.isNegative() || defaultTimeout.isZero())) {
            throw new ConfigurationException("slabml.inference.timeout: must be positive, was " + defaultTimeout);
        }
        double temperature = config.getDouble("slabml.inference.temperature", 0.0);
        if (temperature < 0 || temperature > 2) {
            throw new ConfigurationException("slabml.inference.temperature: must be 0-2, was " + temperature);
        }
        this.breakerSettings = ServingSettings.breakerSettings(config);
        this.cache = ServingSettings.cache(config, clock);
        this.calls = new InferenceCalls(inference, temperature);
        this.benchmark = new ModelBenchmark(calls, InferencePrices.create(config), clock);
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
                InferenceCalls.Call call = null;
                try {
                    call = calls.call(task, choice.model(), prompt, timeout);
                    Map<String, Object> output = call.output(task, input);
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
        InferenceCalls.Call call = calls.call(task, base, prompt, timeout);
        Map<String, Object> output = call.output(task, input);
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
        return benchmark.compare(taskName, this::task, input, models, runs);
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
        calls.close();
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


}
