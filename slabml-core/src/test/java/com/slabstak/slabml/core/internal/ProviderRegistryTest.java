/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.spi.FineTuningBackend;
import com.slabstak.slabml.spi.FineTuningBackendProvider;
import com.slabstak.slabml.spi.ProviderContext;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {
    private static final ProviderRegistry.Kind<FineTuningBackendProvider> FINE_TUNING = new ProviderRegistry.Kind<>(
        "fine-tuning", FineTuningBackendProvider.class, FineTuningBackendProvider::name,
        "slabml.fine_tuning.provider", null, "com.slabstak.slabml:slabml-openai or slabml-simulator");

    @TempDir
    Path dir;

    @Test
    void select_emptyClassPath_failsNamingTheArtifactToAdd() {
        // given
        ProviderRegistry registry = new ProviderRegistry(new URLClassLoader(new URL[0], null));

        // when / then
        assertThatThrownBy(() -> registry.select(FINE_TUNING, null))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("no fine-tuning provider on the class path")
            .hasMessageContaining("add com.slabstak.slabml:slabml-openai or slabml-simulator")
            .hasMessageContaining("slabml.fine_tuning.provider");
    }

    @Test
    void select_oneProvider_returnsIt() throws IOException {
        // given
        ProviderRegistry registry = new ProviderRegistry(loader(Alpha.class));

        // when
        FineTuningBackendProvider chosen = registry.select(FINE_TUNING, null);

        // then
        assertThat(chosen).isInstanceOf(Alpha.class);
    }

    @Test
    void select_severalProvidersNoneConfigured_failsListingCandidates() throws IOException {
        // given
        ProviderRegistry registry = new ProviderRegistry(loader(Alpha.class, Beta.class));

        // when / then
        assertThatThrownBy(() -> registry.select(FINE_TUNING, null))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("several fine-tuning providers on the class path: [alpha, beta]")
            .hasMessageContaining("slabml.fine_tuning.provider");
    }

    @Test
    void select_severalProvidersOneConfigured_returnsTheConfiguredOne() throws IOException {
        // given
        ProviderRegistry registry = new ProviderRegistry(loader(Alpha.class, Beta.class));

        // when
        FineTuningBackendProvider chosen = registry.select(FINE_TUNING, "beta");

        // then
        assertThat(chosen).isInstanceOf(Beta.class);
    }

    @Test
    void select_severalProvidersWithDefaultPresent_returnsTheDefault() throws IOException {
        // given
        ProviderRegistry registry = new ProviderRegistry(loader(Alpha.class, Beta.class));
        ProviderRegistry.Kind<FineTuningBackendProvider> withDefault = new ProviderRegistry.Kind<>("fine-tuning",
            FineTuningBackendProvider.class, FineTuningBackendProvider::name, "slabml.fine_tuning.provider", "beta", "x");

        // when
        FineTuningBackendProvider chosen = registry.select(withDefault, null);

        // then
        assertThat(chosen).isInstanceOf(Beta.class);
    }

    @Test
    void select_configuredNameNotPresent_failsListingAvailable() throws IOException {
        // given
        ProviderRegistry registry = new ProviderRegistry(loader(Alpha.class, Beta.class));

        // when / then
        assertThatThrownBy(() -> registry.select(FINE_TUNING, "openai"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("slabml.fine_tuning.provider names fine-tuning provider 'openai'")
            .hasMessageContaining("available: [alpha, beta]")
            .hasMessageContaining("add com.slabstak.slabml:slabml-openai");
    }

    @Test
    void select_duplicateNames_failsNamingBothClasses() throws IOException {
        // given
        ProviderRegistry registry = new ProviderRegistry(loader(Alpha.class, AlphaAgain.class));

        // when / then: even naming it does not make the choice unambiguous
        assertThatThrownBy(() -> registry.select(FINE_TUNING, "alpha"))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("several fine-tuning providers are named 'alpha'")
            .hasMessageContaining(Alpha.class.getName())
            .hasMessageContaining(AlphaAgain.class.getName());
    }

    @Test
    void select_brokenProviderBesideAWorkingOne_failsNamingTheBrokenOne() throws IOException {
        // given
        ProviderRegistry registry = new ProviderRegistry(loader(Alpha.class, Broken.class));

        // when / then
        assertThatThrownBy(() -> registry.select(FINE_TUNING, null))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("broken providers")
            .hasMessageContaining(Broken.class.getName())
            .hasMessageContaining("missing native library");
    }

    @Test
    void select_brokenProviderButWorkingOneConfigured_returnsTheConfiguredOne() throws IOException {
        // given
        ProviderRegistry registry = new ProviderRegistry(loader(Alpha.class, Broken.class));

        // when
        FineTuningBackendProvider chosen = registry.select(FINE_TUNING, "alpha");

        // then
        assertThat(chosen).isInstanceOf(Alpha.class);
    }

    @Test
    void findAll_servicesFileNamesMissingClass_reportsItAsBroken() throws IOException {
        // given
        ProviderRegistry registry = new ProviderRegistry(loader(List.of(Alpha.class.getName(), "com.example.Missing")));

        // when
        ProviderRegistry.Found<FineTuningBackendProvider> found = registry.findAll(FINE_TUNING);

        // then
        assertThat(found.names()).containsExactly("alpha");
        assertThat(found.broken()).singleElement().asString().contains("com.example.Missing");
    }

    @Test
    void all_duplicateNames_fails() throws IOException {
        // given
        ProviderRegistry registry = new ProviderRegistry(loader(Alpha.class, AlphaAgain.class));

        // when / then
        assertThatThrownBy(() -> registry.all(FINE_TUNING))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("named 'alpha'");
    }

    private ClassLoader loader(Class<?>... providers) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        for (Class<?> c : providers) {
            names.add(c.getName());
        }
        return loader(names);
    }

    /**
     * A loader that finds classes through the test class path but services files only in a
     * temporary directory, so the providers of core's own class path do not interfere.
     */
    private ClassLoader loader(List<String> classNames) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.write(services.resolve(FineTuningBackendProvider.class.getName()), classNames);
        URLClassLoader files = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
        return new ClassLoader(getClass().getClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return files.getResources(name);
            }

            @Override
            public URL getResource(String name) {
                return files.getResource(name);
            }
        };
    }

    abstract static class Named implements FineTuningBackendProvider {
        @Override
        public FineTuningBackend create(ProviderContext context) {
            throw new UnsupportedOperationException("not needed to test selection");
        }
    }

    public static final class Alpha extends Named {
        @Override
        public String name() {
            return "alpha";
        }
    }

    public static final class AlphaAgain extends Named {
        @Override
        public String name() {
            return "alpha";
        }
    }

    public static final class Beta extends Named {
        @Override
        public String name() {
            return "beta";
        }
    }

    public static final class Broken extends Named {
        public Broken() {
            throw new IllegalStateException("missing native library");
        }

        @Override
        public String name() {
            return "broken";
        }
    }
}
