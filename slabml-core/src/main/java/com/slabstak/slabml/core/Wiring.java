/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.DatasetExporter;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.ModelEvaluator;
import com.slabstak.slabml.ModelManager;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.Reports;
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
import com.slabstak.slabml.core.internal.evaluation.DefaultReports;
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
import com.slabstak.slabml.spi.InferenceEndpoint;
import com.slabstak.slabml.spi.ModelCatalog;
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
 * What {@link SlabMl.Builder#build()} does: layers the configuration, resolves every provider by
 * the selection rule (builder argument, else the provider named in configuration, else the default
 * or the only one on the class path) and wires the default components over them. One wiring per
 * build; it keeps what the builder held at the time.
 */
final class Wiring {
    private static final Logger LOG = LoggerFactory.getLogger(SlabMl.class);
    private static final String TRUSTED_USERS = "slabml.export.trusted_users";
    private static final String REDACT_PII = "slabml.export.redact_pii";
    private static final String NEAR_DUPLICATE_THRESHOLD = "slabml.export.near_duplicate_threshold";
    private static final String INDEX_MEMORY = "slabml.export.index_memory_mb";
    private static final ProviderRegistry.Kind<FineTuningBackendProvider> FINE_TUNING_KIND = new ProviderRegistry.Kind<>(
        "fine-tuning", FineTuningBackendProvider.class, FineTuningBackendProvider::name, "slabml.fine_tuning.provider",
        null, "com.slabstak.slabml:slabml-openai or slabml-simulator");
    private static final ProviderRegistry.Kind<InferenceBackendProvider> INFERENCE_KIND = new ProviderRegistry.Kind<>(
        "inference", InferenceBackendProvider.class, InferenceBackendProvider::name, "slabml.inference.provider",
        null, "com.slabstak.slabml:slabml-openai or slabml-simulator");

    private final Map<String, String> values;
    private final Path dataDirectory;
    private final Clock clock;
    private final ClassLoader classLoader;
    private final FineTuningBackend fineTuningBackend;
    private final InferenceBackend inferenceBackend;
    private final ModelCatalog modelCatalog;
    private final Map<String, InferenceBackend> inferenceEndpoints;
    private final ModelSelector modelSelector;
    private final Stores stores;
    private final List<Task> addedTasks;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Sleeper sleeper;
    private final List<SlabMlObserver> observers;

    Wiring(SlabMl.Builder b) {
        this.values = new LinkedHashMap<>(b.values);
        this.dataDirectory = b.dataDirectory;
        this.clock = b.clock;
        this.classLoader = b.classLoader != null ? b.classLoader : defaultClassLoader();
        this.fineTuningBackend = b.fineTuningBackend;
        this.inferenceBackend = b.inferenceBackend;
        this.modelCatalog = b.modelCatalog;
        this.inferenceEndpoints = new LinkedHashMap<>(b.inferenceEndpoints);
        this.modelSelector = b.modelSelector;
        this.stores = b.stores;
        this.addedTasks = new ArrayList<>(b.addedTasks);
        if (b.ignoreEnvironment) {
            this.systemProperties = Map.of();
            this.environment = Map.of();
        } else {
            this.systemProperties = slabmlOnly(b.systemProperties != null ? b.systemProperties : processProperties());
            this.environment = b.environment != null ? Map.copyOf(b.environment) : System.getenv();
        }
        this.sleeper = b.sleeper;
        this.observers = new ArrayList<>(b.observers);
    }

    /** The parts of one instance as they are resolved. */
    static final class Parts {
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
        Reports reports;
        DefaultImprovementLoop loop;
        final List<AutoCloseable> owned = new ArrayList<>();
    }

    /** The layered configuration before the providers' defaults: what {@link SlabMl.Builder#config()} shows. */
    LayeredConfig given(ProviderRegistry providers) {
        Map<String, String> builderValues = new LinkedHashMap<>(values);
        if (dataDirectory != null) {
            builderValues.put("slabml.data.dir", dataDirectory.toString());
        }
        return LayeredConfig.of(builderValues, systemProperties, environment, providerAliases(providers));
    }

    /** See {@link SlabMl.Builder#config()}. */
    SlabMlConfig config() {
        return given(new ProviderRegistry(classLoader));
    }

    /** See {@link SlabMl.Builder#build()}. */
    Parts build() {
        ProviderRegistry providers = new ProviderRegistry(classLoader);
        LayeredConfig given = given(providers);
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
        return p;
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
                "com.slabstak.slabml:slabml-core (file store) or slabml-postgres"),
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
        FieldComparators comparators = FieldComparators.of(p.tasks);
        RolloutGuardrail guardrail = new RolloutGuardrail(s.productionLog(), modelRegistry, cfg, clock, comparators);
        GuardrailTrigger watchedLog = new GuardrailTrigger(s.productionLog(), guardrail, cfg, null, observer);
        p.owned.add(watchedLog);
        DefaultModelEvaluator evaluator = new DefaultModelEvaluator(watchedLog, modelRegistry, p.tasks,
            p.dataDirectory.resolve("evaluation_results"), cfg, clock, comparators);
        p.owned.add(evaluator);
        p.evaluator = evaluator;
        p.reports = new DefaultReports(evaluator, modelRegistry,
            p.dataDirectory.resolve("evaluation_results").resolve("reports"), clock);
        if (s.hasState()) {
            TrainingDataCollector ready = p.collector;
            p.loop = new DefaultImprovementLoop(new DefaultImprovementLoop.Parts(s.state(), s.samples(),
                t -> ready.stats().isReady(t), p.exporter, p.fineTuning, modelRegistry, p.models, evaluator,
                guardrail, s.productionLog(), p.catalog), cfg, clock);
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
                null, "com.slabstak.slabml:slabml-openai or slabml-simulator"),
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
     * none: every correcting user trusted), {@code slabml.export.redact_pii} (default false),
     * {@code slabml.export.near_duplicate_threshold} (above 0, at most 1, default 0.6) and
     * {@code slabml.export.index_memory_mb} (memory of the export's index before it spills to
     * disk, default 16).
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
        double indexMb = cfg.getDouble(INDEX_MEMORY, ExportOptions.DEFAULT_INDEX_MEMORY_BYTES / 1048576.0);
        if (!(indexMb > 0) || Double.isInfinite(indexMb)) {
            throw new ConfigurationException(INDEX_MEMORY + ": must be a positive number of megabytes, was '"
                + cfg.get(INDEX_MEMORY).orElse("") + "'");
        }
        b.indexMemoryBytes(Math.max(1, Math.round(indexMb * 1048576)));
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

    private static Map<String, String> processProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            m.put(name, System.getProperty(name));
        }
        return m;
    }

    /** Only {@code slabml.*} system properties are configuration. */
    private static Map<String, String> slabmlOnly(Map<String, String> properties) {
        Map<String, String> m = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("slabml.") && v != null) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : SlabMl.class.getClassLoader();
    }

    /** Closes resources newest first; the first failure is thrown with the others suppressed. */
    static void closeAll(List<AutoCloseable> resources) {
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

}
