/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.DatasetExporter;
import com.slabstak.slabml.FineTuningManager;
import com.slabstak.slabml.ImprovementLoop;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrainingDataCollector;
import com.slabstak.slabml.core.internal.LayeredConfig;
import com.slabstak.slabml.core.internal.ProviderRegistry;
import com.slabstak.slabml.core.internal.catalog.DeclaredModels;
import com.slabstak.slabml.core.internal.collect.DefaultTrainingDataCollector;
import com.slabstak.slabml.core.internal.dataset.CostEstimator;
import com.slabstak.slabml.core.internal.dataset.DatasetValidator;
import com.slabstak.slabml.core.internal.dataset.DefaultDatasetExporter;
import com.slabstak.slabml.core.internal.dataset.ExportOptions;
import com.slabstak.slabml.core.internal.evaluation.DefaultModelEvaluator;
import com.slabstak.slabml.core.internal.evaluation.FieldComparators;
import com.slabstak.slabml.core.internal.finetune.DefaultFineTuningManager;
import com.slabstak.slabml.core.internal.loop.DefaultImprovementLoop;
import com.slabstak.slabml.core.internal.loop.TrainingSamples;
import com.slabstak.slabml.core.internal.observe.ObservedCollector;
import com.slabstak.slabml.core.internal.observe.ObservedModelManager;
import com.slabstak.slabml.core.internal.observe.SafeObserver;
import com.slabstak.slabml.core.internal.pricing.InferencePrices;
import com.slabstak.slabml.core.internal.rollout.GuardrailTrigger;
import com.slabstak.slabml.core.internal.rollout.RolloutGuardrail;
import com.slabstak.slabml.core.internal.serving.DefaultModelManager;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.core.internal.serving.InferenceRoutes;
import com.slabstak.slabml.core.internal.serving.RoutingInferenceBackend;
import com.slabstak.slabml.observe.SlabMlObserver;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.FineTuningBackendProvider;
import com.slabstak.slabml.spi.InferenceBackend;
import com.slabstak.slabml.spi.InferenceBackendProvider;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.InferenceEndpoint;
import com.slabstak.slabml.spi.ModelSelector;
import com.slabstak.slabml.spi.ModelSelectorProvider;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.SampleStore;
import com.slabstak.slabml.spi.StoreProvider;
import com.slabstak.slabml.spi.Stores;
import com.slabstak.slabml.spi.Task;
import com.slabstak.slabml.spi.TaskProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(SlabMl.class);
    private static final String TRUSTED_USERS = "slabml.export.trusted_users";
    private static final String REDACT_PII = "slabml.export.redact_pii";
    private static final String NEAR_DUPLICATE_THRESHOLD = "slabml.export.near_duplicate_threshold";
    private static final ProviderRegistry.Kind<FineTuningBackendProvider> FINE_TUNING_KIND = new ProviderRegistry.Kind<>(
        "fine-tuning", FineTuningBackendProvider.class, FineTuningBackendProvider::name, "slabml.fine_tuning.provider",
        null, "com.slabstak.slabml:slabml-openai or slabml-testkit");
    private static final ProviderRegistry.Kind<InferenceBackendProvider> INFERENCE_KIND = new ProviderRegistry.Kind<>(
        "inference", InferenceBackendProvider.class, InferenceBackendProvider::name, "slabml.inference.provider",
        null, "com.slabstak.slabml:slabml-openai or slabml-testkit");

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
    private final List<AutoCloseable> owned;
    private boolean closed;

    private SlabMl(Parts p) {
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
    public List<com.slabstak.slabml.ModelInfo> modelsNearShutdown() {
        java.util.Set<String> inUse = new java.util.TreeSet<>();
        for (TaskName t : tasks.keySet()) {
            com.slabstak.slabml.Deployment d = registry.deployment(t);
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
        closeAll(owned);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        RuntimeException failure = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException ? (RuntimeException) e
                        : new com.slabstak.slabml.StoreException("closing " + resources.get(i).getClass().getSimpleName()
                            + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "SlabMl{dataDirectory=" + dataDirectory + ", tasks=" + tasks.keySet() + ", config=" + config + '}';
    }

    /** The resolved parts while building. */
    private static final class Parts {
        SlabMlConfig config;
        ModelCatalog catalog;
        Path dataDirectory;
        Map<TaskName, Task> tasks;
        TrainingDataCollector collector;
        DatasetExporter exporter;
        DefaultFineTuningManager fineTuning;
        ModelRegistry registry;
        ModelManager models;
        ModelEvaluator evaluator;
        RolloutGuardrail guardrail;
        DefaultImprovementLoop loop;
        final List<AutoCloseable> owned = new ArrayList<>();
    }

    /**
     * Builds a {@link SlabMl}. Setters replace earlier values; {@link #build()} validates all
     * configuration at once and resolves providers.
     */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private Path dataDirectory;
        private Clock clock;
        private ClassLoader classLoader;
        private FineTuningBackend fineTuningBackend;
        private InferenceBackend inferenceBackend;
        private ModelCatalog modelCatalog;
        private final Map<String, InferenceBackend> inferenceEndpoints = new LinkedHashMap<>();
        private ModelSelector modelSelector;
        private Stores stores;
        private final List<Task> addedTasks = new ArrayList<>();
        private boolean ignoreEnvironment = true;
        private Sleeper sleeper;
        private final List<SlabMlObserver> observers = new ArrayList<>();

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
            return this;
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
         * @throws ConfigurationException listing every configuration problem, or naming the
         *     providers that make a choice impossible
         */
        public SlabMl build() {
            Map<String, String> builderValues = new LinkedHashMap<>(values);
            if (dataDirectory != null) {
                builderValues.put("slabml.data.dir", dataDirectory.toString());
            }
            Map<String, String> sysProps = ignoreEnvironment ? Map.of() : systemProperties();
            Map<String, String> env = ignoreEnvironment ? Map.of() : System.getenv();
            ClassLoader loader = classLoader != null ? classLoader : defaultClassLoader();
            ProviderRegistry providers = new ProviderRegistry(loader);
            LayeredConfig given = LayeredConfig.of(builderValues, sysProps, env, providerAliases(providers));
            ModelCatalog catalog = DeclaredModels.apply(providedCatalog(providers, given), given);
            Map<String, String> defaults = new LinkedHashMap<>();
            catalog.defaultModel().ifPresent(m -> defaults.put(LayeredConfig.DEFAULT_BASE_MODEL_KEY, m));
            if (!catalog.inferencePrices().isEmpty()) {
                defaults.put(InferencePrices.LIST_PRICES_KEY, InferencePrices.format(catalog.inferencePrices()));
            }
            LayeredConfig cfg = given.withDefaults(defaults);
            LOG.debug("SlabML configuration: {}", cfg);

            Parts p = new Parts();
            p.config = cfg;
            p.catalog = catalog;
            p.dataDirectory = dataDirectory != null ? dataDirectory
                : Path.of(cfg.get("slabml.data.dir", LayeredConfig.DEFAULT_DATA_DIR));
            Clock c = clock != null ? clock : Clock.systemUTC();
            SlabMlObserver observer = SafeObserver.wrap(SlabMlObserver.composite(observers));
            ProviderContext context = ProviderContext.of(cfg, p.dataDirectory, c, observer);
            try {
                wire(p, cfg, c, providers, context);
            } catch (RuntimeException e) {
                try {
                    closeAll(p.owned);
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
            return new SlabMl(p);
        }

        /** The environment variable names every discovered provider reads, and the keys they set. */
        private static Map<String, String> providerAliases(ProviderRegistry providers) {
            Map<String, String> aliases = new LinkedHashMap<>();
            for (ProviderRegistry.Named<FineTuningBackendProvider> n : providers.findAll(FINE_TUNING_KIND).providers()) {
                aliases.putAll(n.provider().environmentAliases());
            }
            for (ProviderRegistry.Named<InferenceBackendProvider> n : providers.findAll(INFERENCE_KIND).providers()) {
                aliases.putAll(n.provider().environmentAliases());
            }
            return aliases;
        }

        /**
         * The catalogue passed to the builder; else the one of the fine-tuning provider the
         * selection rule picks (also when a backend was passed, if a provider can be picked); else
         * an empty one, to which only declared models add.
         */
        private ModelCatalog providedCatalog(ProviderRegistry providers, SlabMlConfig cfg) {
            if (modelCatalog != null) {
                return modelCatalog;
            }
            String named = cfg.get("slabml.fine_tuning.provider").orElse(null);
            if (fineTuningBackend == null) {
                FineTuningBackendProvider fp;
                try {
                    fp = providers.select(FINE_TUNING_KIND, named);
                } catch (ConfigurationException e) {
                    return ModelCatalog.empty("none"); // wiring reports it, in its order
                }
                return Objects.requireNonNull(fp.catalog(cfg), "FineTuningBackendProvider " + fp.name() + " returned no catalog");
            }
            List<ProviderRegistry.Named<FineTuningBackendProvider>> found = providers.findAll(FINE_TUNING_KIND).providers();
            for (ProviderRegistry.Named<FineTuningBackendProvider> n : found) {
                if (n.name().equals(named) || (named == null && found.size() == 1)) {
                    return Objects.requireNonNull(n.provider().catalog(cfg), "catalog of " + n.name());
                }
            }
            LOG.info("SlabML model catalogue: none for the fine-tuning backend passed to the builder; "
                + "only models declared under slabml.models are known");
            return ModelCatalog.empty("builder");
        }

        private void wire(Parts p, LayeredConfig cfg, Clock clock, ProviderRegistry providers, ProviderContext context) {
            ExportOptions exportOptions = exportOptions(cfg).toBuilder().modelCatalog(p.catalog).build();
            Stores s = stores;
            if (s == null) {
                StoreProvider sp = providers.select(new ProviderRegistry.Kind<>("store", StoreProvider.class,
                    StoreProvider::name, "slabml.store.provider", "file",
                    "com.slabstak.slabml:slabml-core (file store) or slabml-testkit (memory)"),
                    cfg.get("slabml.store.provider").orElse(null));
                s = Objects.requireNonNull(sp.create(context), "StoreProvider " + sp.name() + " returned null");
                p.owned.add(s);
            } else {
                LOG.info("SlabML store: using the stores passed to the builder");
            }

            FineTuningBackend ft = fineTuningBackend;
            if (ft == null) {
                FineTuningBackendProvider fp = providers.select(FINE_TUNING_KIND,
                    cfg.get("slabml.fine_tuning.provider").orElse(null));
                ft = Objects.requireNonNull(fp.create(context), "FineTuningBackendProvider " + fp.name() + " returned null");
                p.owned.add(ft);
            } else {
                LOG.info("SlabML fine-tuning: using {} passed to the builder", ft.getClass().getName());
            }

            SlabMlObserver observer = context.observer();
            Inference routed = inference(cfg, providers, context, p.owned);
            InferenceBackend inf = routed.backend();
            String inferenceProvider = routed.provider();

            ModelSelector sel = modelSelector;
            if (sel == null) {
                ModelSelectorProvider msp = providers.select(new ProviderRegistry.Kind<>("model selector",
                    ModelSelectorProvider.class, ModelSelectorProvider::name, "slabml.selector.provider", "sticky",
                    "com.slabstak.slabml:slabml-core"),
                    cfg.get("slabml.selector.provider").orElse(null));
                sel = Objects.requireNonNull(msp.create(context), "ModelSelectorProvider " + msp.name() + " returned null");
            } else {
                LOG.info("SlabML model selector: using {} passed to the builder", sel.getClass().getName());
            }

            p.tasks = resolveTasks(providers, context);

            TrainingDataCollector collector = new DefaultTrainingDataCollector(s.samples(), p.tasks, clock, exportOptions);
            p.collector = observer == SlabMlObserver.NOOP ? collector : new ObservedCollector(collector, observer);
            SampleStore trainable = s.hasState() ? new TrainingSamples(s.samples(), s.state()) : s.samples();
            p.exporter = new DefaultDatasetExporter(trainable, p.tasks,
                p.dataDirectory.resolve("training_data").resolve("exports"), clock, exportOptions);
            DatasetValidator validator = new DatasetValidator(p.catalog);
            CostEstimator costs = new CostEstimator(p.catalog);
            DefaultModelRegistry modelRegistry = new DefaultModelRegistry(s.registry(), cfg, clock, observer);
            p.registry = modelRegistry;
            p.fineTuning = new DefaultFineTuningManager(ft, s.jobs(), s.hasState() ? s.state() : null,
                validator::validate, costs::estimate, clock,
                sleeper != null ? sleeper : Sleeper.system(), modelRegistry::register, p.catalog, observer);
            DefaultModelManager manager = new DefaultModelManager(inf, sel, modelRegistry, p.tasks, cfg, clock, observer);
            p.owned.add(manager);
            p.models = observer == SlabMlObserver.NOOP ? manager
                : new ObservedModelManager(manager, modelRegistry, InferencePrices.create(cfg), inferenceProvider,
                    observer, clock);
            RolloutGuardrail guardrail = new RolloutGuardrail(s.productionLog(), modelRegistry, cfg, clock);
            GuardrailTrigger watchedLog = new GuardrailTrigger(s.productionLog(), guardrail, cfg, null, observer);
            p.owned.add(watchedLog);
            p.guardrail = guardrail;
            DefaultModelEvaluator evaluator = new DefaultModelEvaluator(watchedLog, modelRegistry, p.tasks,
                p.dataDirectory.resolve("evaluation_results"), cfg, clock, FieldComparators.defaults());
            p.owned.add(evaluator);
            p.evaluator = evaluator;
            if (s.hasState()) {
                TrainingDataCollector ready = p.collector;
                p.loop = new DefaultImprovementLoop(new DefaultImprovementLoop.Parts(s.state(), s.samples(),
                    t -> ready.stats().isReady(t), p.exporter, p.fineTuning, modelRegistry, p.models, evaluator,
                    guardrail, s.productionLog()), cfg, clock);
            }
        }

        /**
         * The inference backend: the default one (builder argument, else the provider the selection
         * rule picks), wrapped in a router that sends the models of each named endpoint to a backend
         * that endpoint's provider creates from the endpoint's own keys.
         */
        private Inference inference(LayeredConfig cfg, ProviderRegistry providers, ProviderContext context,
                                    List<AutoCloseable> owned) {
            InferenceRoutes routes = InferenceRoutes.parse(cfg, cfg.keys(), inferenceEndpoints.keySet());
            InferenceBackend inf = inferenceBackend;
            String defaultProvider = null;
            if (routes.defaultEndpoint().isPresent()) {
                if (inf != null) {
                    throw new ConfigurationException(InferenceRoutes.DEFAULT_ENDPOINT + " names endpoint '"
                        + routes.defaultEndpoint().get() + "' but an inference backend was passed to the builder; "
                        + "keep only one of them");
                }
            } else if (inf == null) {
                InferenceBackendProvider ip = providers.select(new ProviderRegistry.Kind<>("inference",
                    InferenceBackendProvider.class, InferenceBackendProvider::name, "slabml.inference.provider",
                    null, "com.slabstak.slabml:slabml-openai or slabml-testkit"),
                    cfg.get("slabml.inference.provider").orElse(null));
                inf = Objects.requireNonNull(ip.create(context), "InferenceBackendProvider " + ip.name() + " returned null");
                owned.add(inf);
                defaultProvider = ip.name();
            } else {
                LOG.info("SlabML inference: using {} passed to the builder", inf.getClass().getName());
                defaultProvider = cfg.get("slabml.inference.provider").orElse(providerName(inf));
            }
            Map<String, InferenceBackend> endpoints = new LinkedHashMap<>();
            for (String name : routes.endpoints()) {
                InferenceBackend given = inferenceEndpoints.get(name);
                if (given != null) {
                    LOG.info("SlabML inference endpoint '{}': using {} passed to the builder", name, given.getClass().getName());
                    endpoints.put(name, given);
                    if (name.equals(routes.defaultEndpoint().orElse(null))) {
                        defaultProvider = providerName(given);
                    }
                    continue;
                }
                InferenceEndpoint endpoint = InferenceEndpoint.of(name, cfg);
                String providerKey = endpoint.key("provider");
                InferenceBackendProvider ip = providers.select(new ProviderRegistry.Kind<>("inference endpoint '" + name + "'",
                    InferenceBackendProvider.class, InferenceBackendProvider::name, providerKey,
                    null, "com.slabstak.slabml:slabml-openai"),
                    endpoint.get("provider").or(() -> cfg.get("slabml.inference.provider")).orElse(null));
                InferenceBackend backend = Objects.requireNonNull(ip.create(context, endpoint),
                    "InferenceBackendProvider " + ip.name() + " returned null for endpoint " + name);
                owned.add(backend);
                endpoints.put(name, backend);
                if (name.equals(routes.defaultEndpoint().orElse(null))) {
                    defaultProvider = ip.name();
                }
            }
            RoutingInferenceBackend router = RoutingInferenceBackend.of(routes, inf, endpoints);
            if (!routes.endpoints().isEmpty()) {
                LOG.info("SlabML inference routing: {}", router);
            }
            return new Inference(router, defaultProvider);
        }

        /** The inference backend and the provider name of the models it serves by default. */
        private record Inference(InferenceBackend backend, String provider) {
        }

        /**
         * Export options from {@code slabml.export.trusted_users} (comma-separated user ids, default
         * none: every correcting user trusted), {@code slabml.export.redact_pii} (default false) and
         * {@code slabml.export.near_duplicate_threshold} (above 0, at most 1, default 0.6).
         *
         * @throws ConfigurationException naming the key of a bad value
         */
        static ExportOptions exportOptions(SlabMlConfig cfg) {
            ExportOptions.Builder b = ExportOptions.builder();
            for (String user : cfg.get(TRUSTED_USERS, "").split(",")) {
                if (!user.isBlank()) {
                    b.addTrustedUser(user.strip());
                }
            }
            b.redactPersonalData(cfg.getBoolean(REDACT_PII, false));
            double threshold = cfg.getDouble(NEAR_DUPLICATE_THRESHOLD, ExportOptions.DEFAULT_NEAR_DUPLICATE_THRESHOLD);
            try {
                return b.nearDuplicateThreshold(threshold).build();
            } catch (InvalidInputException e) {
                throw new ConfigurationException(NEAR_DUPLICATE_THRESHOLD + ": must be above 0 and at most 1, was '"
                    + cfg.get(NEAR_DUPLICATE_THRESHOLD).orElse("") + "'", e);
            }
        }

        private Map<TaskName, Task> resolveTasks(ProviderRegistry providers, ProviderContext context) {
            Map<TaskName, Task> result = new TreeMap<>();
            for (ProviderRegistry.Named<TaskProvider> n : providers.all(new ProviderRegistry.Kind<>("task",
                TaskProvider.class, TaskProvider::name, "slabml.tasks", null, "com.slabstak.slabml:slabml-core"))) {
                Task t = Objects.requireNonNull(n.provider().create(context), "TaskProvider " + n.name() + " returned null");
                if (!t.name().value().equals(n.name())) {
                    throw new ConfigurationException("TaskProvider " + n.provider().getClass().getName() + " is named '"
                        + n.name() + "' but creates task '" + t.name() + "'");
                }
                result.put(t.name(), t);
            }
            Map<TaskName, Task> added = new LinkedHashMap<>();
            for (Task t : addedTasks) {
                if (added.put(t.name(), t) != null) {
                    throw new ConfigurationException("addTask: two tasks are named '" + t.name() + "'");
                }
                if (result.containsKey(t.name())) {
                    LOG.info("SlabML task '{}': using {} passed to the builder instead of the discovered one",
                        t.name(), t.getClass().getName());
                }
            }
            result.putAll(added);
            LOG.info("SlabML tasks: {}", result.keySet());
            return Collections.unmodifiableMap(new LinkedHashMap<>(result));
        }

        /**
         * A provider name for a backend passed to the builder: {@code OpenAiInferenceBackend} is
         * {@code openai}; a lambda or an anonymous class is {@code custom}.
         */
        static String providerName(InferenceBackend backend) {
            Class<?> type = backend.getClass();
            String name = type.getSimpleName().replaceAll("(?i)(Inference)?Backend$", "");
            boolean unnamed = type.isSynthetic() || type.isAnonymousClass() || name.contains("$") || name.isEmpty();
            return unnamed ? "custom" : name.toLowerCase(java.util.Locale.ROOT);
        }

        private static Map<String, String> systemProperties() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String name : System.getProperties().stringPropertyNames()) {
                if (name.startsWith("slabml.")) {
                    m.put(name, System.getProperty(name));
                }
            }
            return m;
        }

        private static ClassLoader defaultClassLoader() {
            ClassLoader l = Thread.currentThread().getContextClassLoader();
            return l != null ? l : SlabMl.class.getClassLoader();
        }
    }
}
