/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The architecture rule that keeps the public API honest: nothing outside {@code slabml-core}
 * (the other modules' main and test code, the Spring modules, every example) names a type of
 * {@code com.slabstak.slabml.core.internal}, by import or fully qualified. A provider's own
 * {@code internal} package is its business. The rule reads the sources of every module of the
 * repository, so it covers test code too, and it is itself tested on a synthetic repository.
 */
class InternalImportsTest {
    private static final Pattern CORE_INTERNAL = Pattern.compile("\\bcom\\s*\\.\\s*slabstak\\s*\\.\\s*slabml\\s*\\.\\s*core"
        + "\\s*\\.\\s*internal\\b");

    @TempDir
    Path temp;

    @Test
    void repository_noModuleButCoreNamesCoreInternal() {
        Path root = repositoryRoot();

        Scan scan = scan(root);

        assertThat(scan.violations()).as("core.internal named outside slabml-core").isEmpty();
        // the scan saw the modules it guards, so an empty result means something
        assertThat(scan.files()).hasSizeGreaterThan(100);
        assertThat(scan.files()).anyMatch(p -> p.startsWith(root.resolve("examples/quickstart/src/main")))
            .anyMatch(p -> p.startsWith(root.resolve("examples/cli/src/test")))
            .anyMatch(p -> p.startsWith(root.resolve("examples/benchmarks/src/main")))
            .anyMatch(p -> p.startsWith(root.resolve("slabml-testkit/src/test")))
            .anyMatch(p -> p.startsWith(root.resolve("slabml-api/src/main")))
            .noneMatch(p -> p.startsWith(root.resolve("slabml-core")));
    }

    @Test
    void scan_importAndQualifiedNameInOtherModules_reportsEachWithFileAndLine() throws IOException {
        write("examples/demo/src/main/java/demo/A.java", "package demo;\n\nimport com.slabstak.slabml.core.internal.Json;\n"
            + "class A {}\n");
        write("slabml-other/src/test/java/other/BTest.java", "package other;\n\nclass BTest {\n"
            + "    Object o = com.slabstak.slabml.core.internal.store.FileStoreProvider.class;\n}\n");
        write("examples/demo/src/main/java/demo/C.java", "package demo;\nimport static com.slabstak.slabml.core"
            + ".internal.LayeredConfig.of;\nclass C {}\n");

        Scan scan = scan(temp);

        assertThat(scan.violations()).containsExactlyInAnyOrder(
            "examples/demo/src/main/java/demo/A.java:3: import com.slabstak.slabml.core.internal.Json;",
            "slabml-other/src/test/java/other/BTest.java:4: Object o = com.slabstak.slabml.core.internal.store.FileStoreProvider.class;",
            "examples/demo/src/main/java/demo/C.java:2: import static com.slabstak.slabml.core.internal.LayeredConfig.of;");
    }

    @Test
    void scan_coreItselfProviderInternalsAndComments_reportsNothing() throws IOException {
        write("slabml-core/src/main/java/core/A.java", "package core;\nimport com.slabstak.slabml.core.internal.Json;\n");
        write("slabml-openai/src/main/java/openai/B.java", "package openai;\n"
            + "import com.slabstak.slabml.openai.internal.Wire;\n"
            + "// not com.slabstak.slabml.core.internal.Json, which is core's\n"
            + "/* nor com.slabstak.slabml.core.internal.store\n   across lines */ class B {}\n"
            + "/** {@code com.slabstak.slabml.core.internal} is internal. */ interface C {}\n");
        write("examples/demo/target/generated-sources/G.java", "import com.slabstak.slabml.core.internal.Json;\n");
        write("examples/demo/README.md", "com.slabstak.slabml.core.internal\n");

        Scan scan = scan(temp);

        assertThat(scan.violations()).isEmpty();
        assertThat(scan.files()).containsExactly(temp.resolve("slabml-openai/src/main/java/openai/B.java"));
    }

    // ------------------------------------------------------------------------------ the scan

    /** What a scan read and what it found ({@code path:line: code}). */
    record Scan(List<Path> files, List<String> violations) {
    }

    /**
     * Reads every {@code .java} file under a {@code src} directory of every module below
     * {@code root} except {@code slabml-core}, skipping build output, and reports each line of code
     * (comments removed) that names {@code com.slabstak.slabml.core.internal}.
     */
    static Scan scan(Path root) {
        List<Path> files = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                .filter(p -> guarded(root.relativize(p)))
                .sorted()
                .forEach(p -> {
                    files.add(p);
                    String[] lines = stripComments(read(p)).split("\n", -1);
                    for (int i = 0; i < lines.length; i++) {
                        Matcher m = CORE_INTERNAL.matcher(lines[i]);
                        if (m.find()) {
                            violations.add(root.relativize(p).toString().replace('\\', '/') + ":" + (i + 1) + ": "
                                + lines[i].strip());
                        }
                    }
                });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scan(files, violations);
    }

    /** Sources of a module other than core, outside build output and hidden directories. */
    private static boolean guarded(Path relative) {
        if (relative.getNameCount() < 2 || relative.getName(0).toString().equals("slabml-core")) {
            return false;
        }
        boolean inSources = false;
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".") || name.equals("node_modules")) {
                return false;
            }
            inSources |= name.equals("src");
        }
        return inSources;
    }

    /**
     * The text with comments blanked out (line breaks kept, so line numbers hold); string and
     * character literals are kept as they are.
     */
    static String stripComments(String java) {
        StringBuilder out = new StringBuilder(java.length());
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (c == '/' && i + 1 < n && java.charAt(i + 1) == '/') {
                while (i < n && java.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && java.charAt(i + 1) == '*') {
                i += 2;
                while (i < n && !(java.charAt(i) == '*' && i + 1 < n && java.charAt(i + 1) == '/')) {
                    if (java.charAt(i) == '\n') {
                        out.append('\n');
                    }
                    i++;
                }
                i += 2;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && java.charAt(end) != c && java.charAt(end) != '\n') {
                    end += java.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
                out.append(java, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository: the parent of this module's directory (Maven runs the tests in the module's directory). */
    private static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        Path root = module.getParent();
        assertThat(root.resolve("slabml-core/pom.xml")).as("the repository root above " + module).exists();
        return root;
    }

    private void write(String relative, String text) throws IOException {
        Path p = temp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }
}
