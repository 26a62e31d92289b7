/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.DatasetExporter;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.ImprovementLoop;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.Reports;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrainingDataCollector;
import com.slabstak.slabml.core.internal.LayeredConfig;
import com.slabstak.slabml.core.internal.dataset.ExportOptions;
import com.slabstak.slabml.core.internal.finetune.DefaultFineTuningManager;
import com.slabstak.slabml.core.internal.loop.DefaultImprovementLoop;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ModelSelector;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.spi.Task;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The entry point: one isolated SlabML installation with its configuration, stores, providers,
 * tasks and the services host code calls.
 *
 * <pre>{@code
 * try (SlabMl ml = SlabMl.fromEnv()) {
 *     ml.collector().collectCardIdentification(ocrText, confirmedCard);
 *     Prediction<CardData> p = ml.models().identifyCard(ocrText, RequestContext.forSubject(userId));
 * }
 * }</pre>
 *
 * <p>Each part is chosen by the same rule: an object passed to the {@link Builder} wins; else the
 * provider named in configuration ({@code slabml.store.provider}, {@code slabml.fine_tuning.provider},
 * {@code slabml.inference.provider}, {@code slabml.selector.provider}); else the default
 * ({@code file} stores, {@code sticky} selector) or the only one on the class path. No provider,
 * several, or duplicate names fail in {@link Builder#build()} with a {@link ConfigurationException}
 * naming the candidates and the artifact to add. Fine-tuning and inference backends are required.
 *
 * <p>Inference routing: models can be served by named OpenAI-compatible endpoints, each with its
 * own base URL and key ({@code slabml.inference.endpoints=together},
 * {@code slabml.inference.endpoints.together.base_url}, {@code .api_key}, {@code .prefixes}, ...;
 * see {@link Builder#putInferenceEndpoint}). Each endpoint's backend is made by its provider; a
 * model goes to the endpoint naming it, else to the longest matching prefix, else to the default
 * backend. Routing mistakes fail {@link Builder#build()}.
 *
 * <p>Export: {@code slabml.export.trusted_users} (comma-separated ids of users whose corrections
 * win conflicting labels; unset, every correcting user is trusted), {@code slabml.export.redact_pii}
 * (replace e-mail addresses and phone numbers before writing, default false) and
 * {@code slabml.export.near_duplicate_threshold} (similarity from which two inputs with the same
 * answer are near duplicates, above 0 and at most 1, default 0.6); the collector's statistics use
 * the same rules. A bad value fails {@link Builder#build()} naming the key.
 *
 * <p>Observers added with {@link Builder#addObserver} hear about served predictions, circuit
 * changes, collected samples, store queues, job statuses, rollout steps and guardrail decisions
 * ({@link SlabMlObserver}); {@code slabml-observability} turns them into Micrometer meters and
 * OpenTelemetry metrics. Without an observer nothing is recorded and nothing is wrapped.
 *
 * <p>{@link #close()} closes what this instance created from providers; objects passed to the
 * builder stay open and belong to the caller. Thread-safe once built.
 */
public final class SlabMl implements AutoCloseable {
    /** The data directory when neither the builder nor the configuration names one. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of(LayeredConfig.DEFAULT_DATA_DIR);

    private final SlabMlConfig config;
    private final Path dataDirectory;
    private final Map<TaskName, Task> tasks;
    private final TrainingDataCollector collector;
    private final DatasetExporter exporter;
    private final DefaultFineTuningManager fineTuning;
    private final ModelCatalog catalog;
    private final ModelRegistry registry;
    private final ModelManager models;
    private final ModelEvaluator evaluator;
    private final DefaultImprovementLoop loop;
    private final Reports reports;
    private final List<AutoCloseable> owned;
    private boolean closed;

    private SlabMl(Wiring.Parts p) {
        this.config = p.config;
        this.dataDirectory = p.dataDirectory;
        this.tasks = p.tasks;
        this.collector = p.collector;
        this.exporter = p.exporter;
        this.fineTuning = p.fineTuning;
        this.catalog = p.catalog;
        this.registry = p.registry;
        this.models = p.models;
        this.evaluator = p.evaluator;
        this.loop = p.loop;
        this.reports = p.reports;
        this.owned = List.copyOf(p.owned);
    }

    /**
     * Returns a builder that sees only what it is given: it reads neither system properties nor
     * environment variables unless {@link Builder#readEnvironment()} asks it to, so a test or a
     * dependency-injection container gets exactly its own configuration.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an instance from {@code slabml.*} system properties and environment variables
     * ({@code SLABML_*} and the seed's names such as {@code OPENAI_API_KEY}) alone.
     *
     * <pre>{@code
     * try (SlabMl ml = SlabMl.fromEnv()) { ... }
     * }</pre>
     *
     * @return the instance
     * @throws ConfigurationException if the configuration or the class path does not allow it
     */
    public static SlabMl fromEnv() {
        return builder().readEnvironment().build();
    }

    /** Collects confirmed and corrected samples. */
    public TrainingDataCollector collector() {
        return collector;
    }

    /** Exports fine-tuning files. */
    public DatasetExporter exporter() {
        return exporter;
    }

    /** Runs fine-tuning jobs. */
    public FineTuningManager fineTuning() {
        return fineTuning;
    }

    /**
     * Returns what the fine-tuning provider trains, with the models declared under
     * {@code slabml.models}: limits, tokenizers, prices, methods and shutdown dates. Read without
     * credentials.
     *
     * <pre>{@code
     * ml.modelCatalog().models().keySet().forEach(System.out::println);
     * }</pre>
     *
     * @return the catalogue
     * @since 0.2
     */
    public ModelCatalog modelCatalog() {
        return catalog;
    }

    /**
     * Returns the models serving any task (base or candidate) whose provider announced a shutdown
     * within 60 days, and logs a warning for each. Calls the fine-tuning provider.
     */
    public List<ModelInfo> modelsNearShutdown() {
        Set<String> inUse = new TreeSet<>();
        for (TaskName t : tasks.keySet()) {
            Deployment d = registry.deployment(t);
            inUse.add(d.baseModel());
            d.candidateModel().ifPresent(inUse::add);
        }
        return fineTuning.modelsNearShutdown(inUse, 60);
    }

    /** Serves predictions with the model the registry and selector choose. */
    public ModelManager models() {
        return models;
    }

    /** Evaluates models and tracks production feedback. */
    public ModelEvaluator evaluator() {
        return evaluator;
    }

    /**
     * Writes the monthly report and A/B test reports: self-contained HTML with inline SVG charts,
     * and the same numbers as JSON beside it.
     *
     * <pre>{@code
     * ReportFiles files = slabMl.reports().writeMonthlyReport(YearMonth.now());
     * }</pre>
     *
     * @return the report writer of this instance
     * @since 0.2
     */
    public Reports reports() {
        return reports;
    }

    /**
     * Returns the improvement loop: the seed's workflow run by itself, per task, with its state in
     * the store's {@link com.slabstak.slabml.spi.StateStore}.
     *
     * <pre>{@code
     * LoopStatus s = slabMl.loop().runOnce(TaskName.CARD_IDENTIFICATION);
     * }</pre>
     *
     * @return the loop
     * @throws UnsupportedOperationException when the store provider has no state store
     * @since 0.2
     */
    public ImprovementLoop loop() {
        if (loop == null) {
            throw new UnsupportedOperationException("the improvement loop needs a state store, and the stores of this "
                + "instance have none (a store provider built with the four-store Stores constructor)");
        }
        return loop;
    }

    /** Which model serves each task, and its history. */
    public ModelRegistry registry() {
        return registry;
    }

    /** The effective configuration (secrets masked in its {@code toString}). */
    public SlabMlConfig config() {
        return config;
    }

    /** The data directory of the embedded default. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Every task this instance knows, by name. */
    public Map<TaskName, Task> tasks() {
        return tasks;
    }

    /**
     * Returns a task by name.
     *
     * @throws InvalidInputException naming {@code task} if there is no such task
     */
    public Task task(TaskName name) {
        Objects.requireNonNull(name, "name");
        Task t = tasks.get(name);
        if (t == null) {
            throw new InvalidInputException("task", "unknown task '" + name + "' (known: " + tasks.keySet() + ")");
        }
        return t;
    }

    /** Closes what this instance created (components, backends, stores), newest first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Wiring.closeAll(owned);
    }

    @Override
    public String toString() {
        return "SlabMl{dataDirectory=" + dataDirectory + ", tasks=" + tasks.keySet() + ", config=" + config + '}';
    }

    /**
     * Builds a {@link SlabMl}. Setters replace earlier values; {@link #build()} validates all
     * configuration at once and resolves providers.
     */
    public static final class Builder {
        final Map<String, String> values = new LinkedHashMap<>();
        Path dataDirectory;
        Clock clock;
        ClassLoader classLoader;
        FineTuningBackend fineTuningBackend;
        InferenceBackend inferenceBackend;
        ModelCatalog modelCatalog;
        final Map<String, InferenceBackend> inferenceEndpoints = new LinkedHashMap<>();
        ModelSelector modelSelector;
        Stores stores;
        final List<Task> addedTasks = new ArrayList<>();
        boolean ignoreEnvironment = true;
        Map<String, String> systemProperties;
        Map<String, String> environment;
        Sleeper sleeper;
        final List<SlabMlObserver> observers = new ArrayList<>();

        private Builder() {
        }

        /** Sets the data directory ({@code slabml.data.dir}). */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** Sets a configuration value; it wins over system properties and environment variables. */
        public Builder putConfig(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            values.put(key, value);
            return this;
        }

        /**
         * Sets the clock every component reads time from (default: system UTC). A clock that does
         * not follow real time also needs a {@link #sleeper(Sleeper)} that moves it.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how waits between polls happen (default: block the thread). With a controllable
         * clock, pass one that advances it: {@code .clock(clock).sleeper(clock::advance)}.
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Sets the class loader providers are found through (default: the context class loader). */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** Uses this fine-tuning backend instead of discovering one; the caller keeps ownership. */
        public Builder fineTuningBackend(FineTuningBackend backend) {
            this.fineTuningBackend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * Uses this model catalogue instead of the fine-tuning provider's; models declared under
         * {@code slabml.models} are still added.
         *
         * <pre>{@code
         * SlabMl ml = SlabMl.builder().fineTuningBackend(backend).modelCatalog(catalog).build();
         * }</pre>
         *
         * @param catalog the catalogue
         * @return this builder
         * @since 0.2
         */
        public Builder modelCatalog(ModelCatalog catalog) {
            this.modelCatalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** Uses this inference backend instead of discovering one; the caller keeps ownership. */
        public Builder inferenceBackend(InferenceBackend backend) {
            this.inferenceBackend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * Uses this backend for the named inference endpoint instead of creating one with its
         * provider; the caller keeps ownership. The endpoint counts as declared: route models to it
         * with {@code slabml.inference.endpoints.<name>.models}, {@code .prefixes} or
         * {@code slabml.inference.routes}.
         *
         * <pre>{@code
         * SlabMl.builder()
         *     .putInferenceEndpoint("together", togetherBackend)
         *     .putConfig("slabml.inference.endpoints.together.prefixes", "acme/")
         *     .build();
         * }</pre>
         *
         * @param name the endpoint's name: lower-case letters and digits, starting with a letter
         * @param backend the backend serving the endpoint's models
         * @return this builder
         * @since 0.2
         */
        public Builder putInferenceEndpoint(String name, InferenceBackend backend) {
            Objects.requireNonNull(name, "name");
            inferenceEndpoints.put(name, Objects.requireNonNull(backend, "backend"));
            return this;
        }

        /** Uses this model selector instead of discovering one. */
        public Builder modelSelector(ModelSelector selector) {
            this.modelSelector = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /** Uses these stores instead of discovering a store provider; the caller keeps ownership. */
        public Builder stores(Stores stores) {
            this.stores = Objects.requireNonNull(stores, "stores");
            return this;
        }

        /** Adds a task; it replaces a discovered task of the same name. */
        public Builder addTask(Task task) {
            this.addedTasks.add(Objects.requireNonNull(task, "task"));
            return this;
        }

        /**
         * Also reads {@code slabml.*} system properties and environment variables, below the values
         * given to this builder (builder values win over system properties, which win over the
         * environment), as {@link SlabMl#fromEnv()} does.
         *
         * @return this builder
         * @since 0.2
         */
        public Builder readEnvironment() {
            this.ignoreEnvironment = false;
            this.systemProperties = null;
            this.environment = null;
            return this;
        }

        /**
         * Reads configuration from the given system properties ({@code slabml.*} only) and
         * environment variables instead of the process's, below the values given to this builder,
         * with the same rules as {@link #readEnvironment()}: the seed's names such as
         * {@code OPENAI_API_KEY} and every provider's environment aliases apply. For a command line
         * or a test that holds its environment as a map.
         *
         * <pre>{@code
         * SlabMl ml = SlabMl.builder().readEnvironment(Map.of(), Map.of("SLABML_DATA_DIR", "/tmp/data")).build();
         * }</pre>
         *
         * @param systemProperties system properties, as {@code System.getProperties()} holds them
         * @param environment environment variables, as {@code System.getenv()} holds them
         * @return this builder
         * @since 0.2
         */
        public Builder readEnvironment(Map<String, String> systemProperties, Map<String, String> environment) {
            Objects.requireNonNull(systemProperties, "systemProperties");
            Objects.requireNonNull(environment, "environment");
            this.ignoreEnvironment = false;
            this.systemProperties = new LinkedHashMap<>(systemProperties);
            this.environment = new LinkedHashMap<>(environment);
            return this;
        }

        /**
         * Returns the configuration {@link #build()} would start from: the values given to this
         * builder over the system properties and environment it reads, with every discovered
         * provider's environment aliases applied. Defaults that come from a provider's catalogue
         * (such as the base model) are not in it yet. Secrets are masked in its {@code toString}.
         *
         * <pre>{@code
         * SlabMl.Builder b = SlabMl.builder().readEnvironment();
         * boolean keyed = b.config().get("slabml.openai.api_key").isPresent();
         * }</pre>
         *
         * @return the configuration as given
         * @throws ConfigurationException listing every configuration problem
         * @since 0.2
         */
        public SlabMlConfig config() {
            return new Wiring(this).config();
        }

        /**
         * Adds an observer that hears what this instance does (see {@link SlabMlObserver}); several
         * are told in the order added. An observer that throws is logged, never fails the work.
         *
         * <pre>{@code
         * SlabMl ml = SlabMl.builder().addObserver(new MicrometerObserver(registry)).build();
         * }</pre>
         *
         * @param observer the observer
         * @return this builder
         * @since 0.2
         */
        public Builder addObserver(SlabMlObserver observer) {
            this.observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * Reads neither system properties nor environment variables.
         *
         * @return this builder
         * @deprecated a builder reads neither unless {@link #readEnvironment()} is called; this is
         *     the default now
         */
        @Deprecated(since = "0.2")
        public Builder ignoreEnvironment() {
            this.ignoreEnvironment = true;
            return this;
        }

        /**
         * Validates the configuration and resolves every part.
         *
         * @return the instance
         * @throws ConfigurationException listing every configuration problem, or naming the
         *     providers that make a choice impossible
         */
        public SlabMl build() {
            return new SlabMl(new Wiring(this).build());
        }

        /** The export options the configuration asks for; see {@link Wiring#exportOptions}. */
        static ExportOptions exportOptions(SlabMlConfig cfg) {
            return Wiring.exportOptions(cfg);
        }
    }
}
