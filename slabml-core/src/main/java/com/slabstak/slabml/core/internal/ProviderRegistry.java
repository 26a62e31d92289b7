/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal;

import com.slabstak.slabml.ConfigurationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds providers with {@link ServiceLoader} through one class loader and applies SlabML's
 * selection rule: the configured name, else the default name when that provider is present, else
 * the only provider on the class path. No provider, several, duplicate names and broken providers
 * fail with a {@link ConfigurationException} that lists the candidates and the artifact to add.
 * One instance per {@code SlabMl}; nothing is cached statically. Internal.
 *
 * {@code StoreProvider p = new ProviderRegistry(loader).select(new ProviderRegistry.Kind<>("store", StoreProvider.class, StoreProvider::name, ...), null);}
 */
public final class ProviderRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    private final ClassLoader classLoader;

    /** Creates a registry that loads providers through {@code classLoader}. */
    public ProviderRegistry(ClassLoader classLoader) {
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    /**
     * What is being looked up: the SPI type, how to read a provider's name, the config key that
     * names one, the name used when present and none is configured, and the artifacts that
     * provide one.
     *
     * @param <P> the provider type
     */
    public record Kind<P>(String label, Class<P> type, Function<P, String> nameOf, String configKey,
                          String defaultName, String artifacts) {
        public Kind {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(nameOf, "nameOf");
            Objects.requireNonNull(artifacts, "artifacts");
        }
    }

    /** What the class path holds for one SPI: working providers in load order, and broken ones. */
    public record Found<P>(List<Named<P>> providers, List<String> broken) {
        public Found {
            providers = List.copyOf(providers);
            broken = List.copyOf(broken);
        }

        /** The names of the working providers, in load order. */
        public List<String> names() {
            List<String> names = new ArrayList<>();
            for (Named<P> n : providers) {
                names.add(n.name());
            }
            return names;
        }
    }

    /** A provider with its name and class. */
    public record Named<P>(String name, P provider) {
    }

    /** Loads every provider of a type, recording broken ones (by class or name) instead of failing. */
    public <P> Found<P> findAll(Kind<P> kind) {
        Objects.requireNonNull(kind, "kind");
        List<Named<P>> providers = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        Iterator<ServiceLoader.Provider<P>> it = ServiceLoader.load(kind.type(), classLoader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<P> handle;
            try {
                if (!it.hasNext()) {
                    break;
                }
                handle = it.next();
            } catch (ServiceConfigurationError e) {
                broken.add(describe(e));
                LOG.warn("broken {} on the class path: {}", kind.type().getSimpleName(), describe(e), e);
                continue;
            }
            String className = className(handle);
            try {
                P provider = handle.get();
                String name = kind.nameOf().apply(provider);
                if (name == null || name.isBlank()) {
                    broken.add(className + " (blank name())");
                    continue;
                }
                providers.add(new Named<>(name, provider));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                String reason = e.getCause() != null ? e.getCause().toString() : e.toString();
                broken.add(className + " (" + reason + ")");
                LOG.warn("broken {} {} on the class path", kind.type().getSimpleName(), className, e);
            }
        }
        return new Found<>(providers, broken);
    }

    private static String className(ServiceLoader.Provider<?> handle) {
        try {
            return handle.type().getName();
        } catch (RuntimeException | LinkageError e) {
            return "?";
        }
    }

    private static String describe(ServiceConfigurationError e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }

    /**
     * Selects one provider by the rule: {@code configuredName} when given (it must exist), else
     * the kind's default name when present, else the only provider.
     *
     * @throws ConfigurationException if none, several, duplicates or broken providers make the
     *     choice impossible or ambiguous
     */
    public <P> P select(Kind<P> kind, String configuredName) {
        Found<P> found = findAll(kind);
        Map<String, List<P>> byName = new LinkedHashMap<>();
        for (Named<P> n : found.providers()) {
            byName.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(n.provider());
        }
        for (Map.Entry<String, List<P>> e : byName.entrySet()) {
            if (e.getValue().size() > 1) {
                List<String> classes = new ArrayList<>();
                for (P p : e.getValue()) {
                    classes.add(p.getClass().getName());
                }
                throw new ConfigurationException("several " + kind.label() + " providers are named '" + e.getKey()
                    + "': " + classes + "; remove all but one of them from the class path");
            }
        }
        String brokenNote = found.broken().isEmpty() ? "" : "; broken providers: " + found.broken();
        String how = " (set " + kind.configKey() + " or pass one to SlabMl.builder())";
        P chosen;
        String why;
        if (configuredName != null) {
            List<P> match = byName.get(configuredName);
            if (match == null) {
                throw new ConfigurationException(kind.configKey() + " names " + kind.label() + " provider '"
                    + configuredName + "', which is not on the class path; available: " + byName.keySet()
                    + brokenNote + "; add " + kind.artifacts());
            }
            chosen = match.get(0);
            why = "configured by " + kind.configKey();
        } else if (kind.defaultName() != null && byName.containsKey(kind.defaultName())) {
            chosen = byName.get(kind.defaultName()).get(0);
            why = "the default";
        } else if (!found.broken().isEmpty()) {
            throw new ConfigurationException("cannot choose a " + kind.label() + " provider: available "
                + byName.keySet() + brokenNote + how);
        } else if (byName.isEmpty()) {
            throw new ConfigurationException("no " + kind.label() + " provider on the class path" + how
                + "; add " + kind.artifacts());
        } else if (byName.size() > 1) {
            throw new ConfigurationException("several " + kind.label() + " providers on the class path: "
                + byName.keySet() + "; choose one with " + kind.configKey() + " or pass one to SlabMl.builder()");
        } else {
            chosen = found.providers().get(0).provider();
            why = "the only one on the class path";
        }
        if (!found.broken().isEmpty()) {
            LOG.warn("ignoring broken {} providers: {}", kind.label(), found.broken());
        }
        LOG.info("SlabML {}: using provider '{}' ({}, {})", kind.label(), kind.nameOf().apply(chosen),
            chosen.getClass().getName(), why);
        return chosen;
    }

    /**
     * Loads every provider of a kind that has no single choice (tasks): all must work and have
     * unique names.
     *
     * @throws ConfigurationException for a broken provider or a duplicate name
     */
    public <P> List<Named<P>> all(Kind<P> kind) {
        Found<P> found = findAll(kind);
        if (!found.broken().isEmpty()) {
            throw new ConfigurationException("broken " + kind.label() + " providers on the class path: "
                + found.broken());
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (Named<P> n : found.providers()) {
            String previous = seen.put(n.name(), n.provider().getClass().getName());
            if (previous != null) {
                throw new ConfigurationException("several " + kind.label() + " providers are named '" + n.name()
                    + "': [" + previous + ", " + n.provider().getClass().getName()
                    + "]; remove all but one of them from the class path");
            }
        }
        return found.providers();
    }
}
