/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.testkit.SlabMlExtension;
import java.io.IOException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The testkit is wired by tests, never discovered: it registers no {@code ServiceLoader} provider,
 * so beside a real provider that provider stays the only one. And its main code needs the API
 * only, except the JUnit extension, which builds a {@code SlabMl} on the simulator.
 */
class TestkitRegistersNothingTest {
    /** An import from a SlabML package below the API's root (whose values, {@code com.slabstak.slabml.Sample}, are the API). */
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(com\\.slabstak\\.slabml\\.[a-z]+)\\.",
        Pattern.MULTILINE);

    @Test
    void testkitArtifact_hasNoServiceRegistrations() throws Exception {
        Path classes = Path.of(SlabMlExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> registrations = new ArrayList<>();
        if (Files.isDirectory(classes)) {
            registrations.addAll(services(classes));
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(classes, Map.of())) {
                registrations.addAll(services(jar.getPath("/")));
            }
        }
        assertThat(registrations).as("service files under " + classes).isEmpty();
        for (String service : List.of("FineTuningBackendProvider", "InferenceBackendProvider", "StoreProvider",
                "ModelSelectorProvider")) {
            List<URL> urls = Collections.list(getClass().getClassLoader()
                .getResources("META-INF/services/com.slabstak.slabml.spi." + service));
            assertThat(urls).as(service).noneMatch(u -> u.toString().startsWith(classes.toUri().toString()));
        }
    }

    @Test
    void testkitMainCode_importsTheApiOnly_butTheExtension() throws IOException {
        Path main = Path.of("src/main/java/com/slabstak/slabml/testkit");
        assertThat(main).isDirectory();
        List<String> outside = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String module = m.group(1);
                    boolean api = module.equals("com.slabstak.slabml.spi") || module.equals("com.slabstak.slabml.testkit");
                    boolean allowed = f.getFileName().toString().equals("SlabMlExtension.java")
                        || f.getFileName().toString().equals("TestkitAssertions.java") && module.endsWith(".simulator");
                    if (!api && !allowed) {
                        outside.add(main.relativize(f) + ": " + module);
                    }
                }
            }
        }
        assertThat(outside).as("imports outside slabml-api").isEmpty();
    }

    private static List<String> services(Path root) throws IOException {
        Path services = root.resolve("META-INF").resolve("services");
        if (!Files.isDirectory(services)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(services)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
