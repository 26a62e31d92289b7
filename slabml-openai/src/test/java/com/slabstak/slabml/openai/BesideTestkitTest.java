/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's test class path: {@code slabml-core}, {@code slabml-openai} and {@code slabml-testkit},
 * without the simulator this module's other tests use. On it, a plain {@code SlabMl.builder()} with
 * an OpenAI key and no provider configured builds on OpenAI: the testkit registers no provider. The
 * class path is this test's own minus {@code slabml-simulator}, in a class loader of its own.
 */
class BesideTestkitTest {
    @TempDir
    Path dir;

    @Test
    void build_openAiAndTestkitOnClassPath_noProviderConfigured_usesOpenAi() throws Exception {
        try (URLClassLoader loader = loader(false)) {
            assertThat(Collections.list(loader.getResources("com/slabstak/slabml/testkit/SlabMlExtension.class")))
                .as("the testkit is on the class path").hasSize(1);
            assertThat(Collections.list(loader.getResources("META-INF/services/com.slabstak.slabml.spi.FineTuningBackendProvider")))
                .as("one fine-tuning provider registered: this module's").singleElement()
                .satisfies(url -> assertThat(url.toString()).contains("slabml-openai"));

            Object ml = build(loader);

            try {
                assertThat(ml.getClass().getMethod("dataDirectory").invoke(ml)).isEqualTo(dir.resolve("data"));
            } finally {
                ((AutoCloseable) ml).close();
            }
        }
    }

    @Test
    void build_simulatorAlsoOnClassPath_refusesToChooseBetweenProviders() throws Exception {
        // the control: what the testkit used to bring (a provider of its own) makes the same build fail
        try (URLClassLoader loader = loader(true)) {
            assertThat(Collections.list(loader.getResources("META-INF/services/com.slabstak.slabml.spi.FineTuningBackendProvider")))
                .hasSize(2);

            Throwable failure = null;
            try {
                ((AutoCloseable) build(loader)).close();
            } catch (InvocationTargetException e) {
                failure = e.getCause();
            }

            assertThat(failure).isNotNull();
            assertThat(failure.getClass().getSimpleName()).isEqualTo("ConfigurationException");
            assertThat(failure.getMessage()).contains("several fine-tuning providers on the class path");
        }
    }

    /** {@code SlabMl.builder().putConfig(key).putConfig(data dir).build()}, in the loader's own classes. */
    private Object build(ClassLoader loader) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> slabMl = Class.forName("com.slabstak.slabml.core.SlabMl", true, loader);
            Object builder = slabMl.getMethod("builder").invoke(null);
            Method putConfig = builder.getClass().getMethod("putConfig", String.class, String.class);
            putConfig.invoke(builder, "slabml.openai.api_key", "sk-test");
            putConfig.invoke(builder, "slabml.data.dir", dir.resolve("data").toString());
            return builder.getClass().getMethod("build").invoke(builder);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static URLClassLoader loader(boolean withSimulator) throws IOException {
        List<URL> urls = new ArrayList<>();
        boolean simulatorSeen = false;
        for (Path entry : testClassPath()) {
            boolean simulator = entry.toString().contains("slabml-simulator");
            simulatorSeen |= simulator;
            if (withSimulator || !simulator) {
                urls.add(entry.toUri().toURL());
            }
        }
        assertThat(simulatorSeen).as("this module's tests have the simulator to leave out").isTrue();
        return new URLClassLoader("service-test-class-path", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** The entries of this test's class path, through the manifest-only jar a forked test JVM may start from. */
    private static Set<Path> testClassPath() throws IOException {
        Set<Path> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            entries.add(p);
            if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    Manifest m = jar.getManifest();
                    String classPath = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (classPath != null) {
                        for (String url : classPath.trim().split("\\s+")) {
                            entries.add(toPath(p, url));
                        }
                    }
                }
            }
        }
        return entries;
    }

    /** A manifest Class-Path entry: a URL, absolute or relative to the jar's directory. */
    private static Path toPath(Path jar, String url) throws MalformedURLException {
        try {
            return Path.of(jar.toAbsolutePath().getParent().toUri().resolve(URI.create(url)));
        } catch (IllegalArgumentException e) {
            throw new MalformedURLException(url + ": " + e.getMessage());
        }
    }
}
