/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit;

import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.SimulatedModelCatalog;
import com.slabstak.slabml.simulator.SimulatedBackends;
import com.slabstak.slabml.simulator.Faults;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.spi.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives each test an isolated {@link SlabMl} on the simulator: a
 * {@link ManualClock} (waits advance it instead of sleeping), {@link SimulatedBackends},
 * {@link InMemoryStores} and a fresh temporary data directory, all closed and deleted after the
 * test. Nothing is read from system properties or the environment and nothing is shared between
 * tests. Inject any of {@link SlabMl}, {@link ManualClock}, {@link SimulatedFineTuningBackend},
 * {@link SimulatedInferenceBackend}, {@link SimulatedBackends}, {@link Faults} and {@link Stores}
 * as test (or {@code @BeforeEach}) parameters; within one test they belong together.
 *
 * <pre>{@code
 * // test class annotated with: @ExtendWith(SlabMlExtension.class)
 * class MyTest {
 *     // a @Test method:
 *     void identify(SlabMl ml, SimulatedInferenceBackend ai) { ... }
 * }
 * // with configuration, a field annotated with @RegisterExtension:
 * static final SlabMlExtension SLABML = SlabMlExtension.builder().putConfig("slabml.card_identification.base_model", "gpt-4o-2024-08-06").build();
 * }</pre>
 *
 * <p>This class needs {@code slabml-core} on the test class path; the rest of the testkit does not.
 */
public final class SlabMlExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SlabMlExtension.class);
    private static final Set<Class<?>> TYPES = Set.of(SlabMl.class, ManualClock.class, SimulatedFineTuningBackend.class,
        SimulatedInferenceBackend.class, SimulatedBackends.class, Faults.class, Stores.class);

    private final Map<String, String> config;
    private final long seed;

    /** Creates the extension with no extra configuration and seed 42 (for {@code @ExtendWith}). */
    public SlabMlExtension() {
        this(builder());
    }

    private SlabMlExtension(Builder b) {
        this.config = Map.copyOf(b.config);
        this.seed = b.seed;
    }

    /** Returns a builder, for {@code @RegisterExtension}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        // method parameters only: the fixture lives as long as one test method
        return parameter.getDeclaringExecutable() instanceof java.lang.reflect.Method
            && TYPES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Fixture f = fixture(context);
        if (type == SlabMl.class) {
            return f.slabMl();
        } else if (type == ManualClock.class) {
            return f.clock;
        } else if (type == SimulatedFineTuningBackend.class) {
            return f.backends.fineTuning();
        } else if (type == SimulatedInferenceBackend.class) {
            return f.backends.inference();
        } else if (type == SimulatedBackends.class) {
            return f.backends;
        } else if (type == Faults.class) {
            return f.backends.faults();
        } else if (type == Stores.class) {
            return f.stores;
        }
        throw new ParameterResolutionException("cannot resolve " + type);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Fixture f = context.getStore(NAMESPACE).remove(Fixture.class, Fixture.class);
        if (f != null) {
            f.close();
        }
    }

    private Fixture fixture(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Fixture.class, k -> new Fixture(), Fixture.class);
    }

    private final class Fixture {
        final ManualClock clock = ManualClock.create();
        final SimulatedBackends backends = SimulatedBackends.create(clock, seed);
        final Stores stores = InMemoryStores.create();
        final Path dataDirectory;
        SlabMl slabMl;

        Fixture() {
            try {
                dataDirectory = Files.createTempDirectory("slabml-test");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary data directory", e);
            }
        }

        synchronized SlabMl slabMl() {
            if (slabMl == null) {
                SlabMl.Builder b = SlabMl.builder().ignoreEnvironment().dataDirectory(dataDirectory).clock(clock)
                    .sleeper(clock::advance).fineTuningBackend(backends.fineTuning())
                    .modelCatalog(SimulatedModelCatalog.create())
                    .inferenceBackend(backends.inference()).stores(stores);
                config.forEach(b::putConfig);
                slabMl = b.build();
            }
            return slabMl;
        }

        void close() {
            try {
                if (slabMl != null) {
                    slabMl.close();
                } else {
                    stores.close();
                }
            } finally {
                deleteRecursively(dataDirectory);
            }
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** Builds a {@link SlabMlExtension}. */
    public static final class Builder {
        private final Map<String, String> config = new LinkedHashMap<>();
        private long seed = 42;

        private Builder() {
        }

        /** Adds a configuration value (a {@code slabml.*} key) for every test's {@code SlabMl}. */
        public Builder putConfig(String key, String value) {
            config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The simulated learner's and backends' seed (42 by default). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the extension. */
        public SlabMlExtension build() {
            return new SlabMlExtension(this);
        }
    }
}
