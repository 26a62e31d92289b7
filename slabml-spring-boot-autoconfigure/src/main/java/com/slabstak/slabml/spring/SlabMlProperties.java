/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spring;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code slabml.*} properties of a Spring Boot application, bound with types so that a bad
 * value fails at startup naming the property. Each is passed to SlabML under its SlabML key
 * ({@code slabml.store.queue-capacity} becomes {@code slabml.store.queue_capacity}); so is any other
 * {@code slabml.*} property, such as {@code slabml.guardrail.alpha} or a provider's own keys
 * ({@code slabml.together.api-key}). Only {@code slabml.health.*} and
 * {@code slabml.observability.*} and {@code slabml.read-environment} stay in Spring.
 *
 * <pre>{@code
 * slabml:
 *   data.dir: /var/lib/cards/slabml
 *   store:
 *     durability: BATCH
 *     when-full: REJECT
 *   openai:
 *     api-key: ${OPENAI_API_KEY}
 *     timeout: 20s
 * }</pre>
 *
 * @since 0.2
 */
@ConfigurationProperties(prefix = "slabml")
public class SlabMlProperties {
    /**
     * Whether SlabML also reads its environment variables (SLABML_*, OPENAI_API_KEY and the other
     * seed names) as SlabMl.fromEnv() does. Spring properties win over them.
     */
    private boolean readEnvironment = true;

    private final Data data = new Data();
    private final Inference inference = new Inference();
    private final ProviderChoice fineTuning = new ProviderChoice();
    private final ProviderChoice selector = new ProviderChoice();
    @NestedConfigurationProperty
    private final StoreProperties store = new StoreProperties();
    @NestedConfigurationProperty
    private final OpenAiProperties openai = new OpenAiProperties();
    private final Serving serving = new Serving();
    private final Cache cache = new Cache();
    private final Health health = new Health();
    private final Observability observability = new Observability();

    /** @return whether SlabML reads its environment variables too ({@code slabml.read-environment}, Spring only) */
    public boolean isReadEnvironment() {
        return readEnvironment;
    }

    /** @param readEnvironment whether SlabML reads its environment variables too */
    public void setReadEnvironment(boolean readEnvironment) {
        this.readEnvironment = readEnvironment;
    }

    /** @return the data directory settings ({@code slabml.data.*}) */
    public Data getData() {
        return data;
    }

    /** @return the inference settings ({@code slabml.inference.*}) */
    public Inference getInference() {
        return inference;
    }

    /** @return which fine-tuning provider to use ({@code slabml.fine-tuning.*}) */
    public ProviderChoice getFineTuning() {
        return fineTuning;
    }

    /** @return which model selector to use ({@code slabml.selector.*}) */
    public ProviderChoice getSelector() {
        return selector;
    }

    /** @return the store settings ({@code slabml.store.*}) */
    public StoreProperties getStore() {
        return store;
    }

    /** @return the OpenAI provider's settings ({@code slabml.openai.*}) */
    public OpenAiProperties getOpenai() {
        return openai;
    }

    /** @return the serving settings ({@code slabml.serving.*}) */
    public Serving getServing() {
        return serving;
    }

    /** @return the response cache settings ({@code slabml.cache.*}) */
    public Cache getCache() {
        return cache;
    }

    /** @return the health indicator's settings ({@code slabml.health.*}, Spring only) */
    public Health getHealth() {
        return health;
    }

    /** @return the metrics wiring ({@code slabml.observability.*}, Spring only) */
    public Observability getObservability() {
        return observability;
    }

    /** Where the embedded file store keeps its data. */
    public static class Data {
        /** Data directory of the embedded file store. Default: ./slabml-data. */
        private Path dir;

        /** @return the data directory, or null for the default */
        public Path getDir() {
            return dir;
        }

        /** @param dir the data directory */
        public void setDir(Path dir) {
            this.dir = dir;
        }
    }

    /** A provider chosen by name. */
    public static class ProviderChoice {
        /** Provider name; unset, the only one on the class path (or the default). */
        private String provider;

        /** @return the provider name, or null to let SlabML choose */
        public String getProvider() {
            return provider;
        }

        /** @param provider the provider name */
        public void setProvider(String provider) {
            this.provider = provider;
        }
    }

    /** How served predictions call the model. */
    public static class Inference extends ProviderChoice {
        /** Per-call timeout when the request has none. Default: the provider's. */
        private Duration timeout;

        /** Sampling temperature of served calls, 0 to 2. Default: 0. */
        private Double temperature;

        /** Inference prices per 1M tokens overriding the built-in table, such as "model-a=0.15/0.60". */
        private String prices;

        /** @return the timeout, or null */
        public Duration getTimeout() {
            return timeout;
        }

        /** @param timeout the timeout */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /** @return the temperature, or null */
        public Double getTemperature() {
            return temperature;
        }

        /** @param temperature the temperature */
        public void setTemperature(Double temperature) {
            this.temperature = temperature;
        }

        /** @return the price overrides, or null */
        public String getPrices() {
            return prices;
        }

        /** @param prices the price overrides */
        public void setPrices(String prices) {
            this.prices = prices;
        }
    }

    /** Serving: the circuit breaker in front of each model. */
    public static class Serving {
        private final Breaker breaker = new Breaker();

        /** @return the breaker settings ({@code slabml.serving.breaker.*}) */
        public Breaker getBreaker() {
            return breaker;
        }
    }

    /** When a model's circuit opens, and for how long. */
    public static class Breaker {
        /** Failures in a row that open a model's circuit. Default: 5. */
        private Integer consecutiveFailures;

        /** Failed share of the window that opens it, above 0 and at most 1. Default: 0.5. */
        private Double failureRate;

        /** Calls in the window. Default: 20. */
        private Integer window;

        /** Calls before the failure rate applies. Default: 10. */
        private Integer minimumCalls;

        /** How long an open circuit sends traffic to the base model before probing. Default: 30s. */
        private Duration coolDown;

        /** @return the consecutive failures, or null */
        public Integer getConsecutiveFailures() {
            return consecutiveFailures;
        }

        /** @param consecutiveFailures the consecutive failures */
        public void setConsecutiveFailures(Integer consecutiveFailures) {
            this.consecutiveFailures = consecutiveFailures;
        }

        /** @return the failure rate, or null */
        public Double getFailureRate() {
            return failureRate;
        }

        /** @param failureRate the failure rate */
        public void setFailureRate(Double failureRate) {
            this.failureRate = failureRate;
        }

        /** @return the window, or null */
        public Integer getWindow() {
            return window;
        }

        /** @param window the window */
        public void setWindow(Integer window) {
            this.window = window;
        }

        /** @return the minimum calls, or null */
        public Integer getMinimumCalls() {
            return minimumCalls;
        }

        /** @param minimumCalls the minimum calls */
        public void setMinimumCalls(Integer minimumCalls) {
            this.minimumCalls = minimumCalls;
        }

        /** @return the cool-down, or null */
        public Duration getCoolDown() {
            return coolDown;
        }

        /** @param coolDown the cool-down */
        public void setCoolDown(Duration coolDown) {
            this.coolDown = coolDown;
        }
    }

    /** The cache of identical requests. */
    public static class Cache {
        /** Cache identical requests (task, model, input). Default: false. */
        private Boolean enabled;

        /** Cache bound. Default: 1000. */
        private Integer maxEntries;

        /** Cache expiry. Default: 1h. */
        private Duration ttl;

        /** @return whether the cache is on, or null */
        public Boolean getEnabled() {
            return enabled;
        }

        /** @param enabled whether the cache is on */
        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the bound, or null */
        public Integer getMaxEntries() {
            return maxEntries;
        }

        /** @param maxEntries the bound */
        public void setMaxEntries(Integer maxEntries) {
            this.maxEntries = maxEntries;
        }

        /** @return the expiry, or null */
        public Duration getTtl() {
            return ttl;
        }

        /** @param ttl the expiry */
        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }

    /** The Actuator health indicator ({@code slabml}). */
    public static class Health {
        /** Whether the health check asks the fine-tuning provider to list models (one call, no cost). */
        private boolean probeProvider = true;

        /** How long a provider probe result is reused before asking again. */
        private Duration providerInterval = Duration.ofMinutes(1);

        /** @return whether the provider is probed */
        public boolean isProbeProvider() {
            return probeProvider;
        }

        /** @param probeProvider whether the provider is probed */
        public void setProbeProvider(boolean probeProvider) {
            this.probeProvider = probeProvider;
        }

        /** @return how long a probe result is reused */
        public Duration getProviderInterval() {
            return providerInterval;
        }

        /** @param providerInterval how long a probe result is reused */
        public void setProviderInterval(Duration providerInterval) {
            this.providerInterval = providerInterval;
        }
    }

    /** Which metrics bindings are wired when their library and bean are present. */
    public static class Observability {
        private final Toggle micrometer = new Toggle();
        private final Toggle opentelemetry = new Toggle();

        /** @return the Micrometer binding toggle ({@code slabml.observability.micrometer.enabled}) */
        public Toggle getMicrometer() {
            return micrometer;
        }

        /** @return the OpenTelemetry binding toggle ({@code slabml.observability.opentelemetry.enabled}) */
        public Toggle getOpentelemetry() {
            return opentelemetry;
        }
    }

    /** Turns one binding on or off. */
    public static class Toggle {
        /** Whether the binding records, when its library and a registry (or OpenTelemetry) bean are present. */
        private boolean enabled = true;

        /** @return whether the binding is on */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the binding is on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
