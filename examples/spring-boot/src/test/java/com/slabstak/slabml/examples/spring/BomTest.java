/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A service imports slabml-bom for one version of everything: the BOM must list every published module. */
class BomTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

    @Test
    void bom_everyPublishedModule_isListed() throws Exception {
        // given: the modules of the build, the BOM itself and the examples aside
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        List<String> published = new ArrayList<>();
        Matcher m = Pattern.compile("<module>(slabml-[a-z0-9-]+)</module>").matcher(parent);
        while (m.find()) {
            if (!m.group(1).equals("slabml-bom")) {
                published.add(m.group(1));
            }
        }

        // when
        String bom = Files.readString(ROOT.resolve("slabml-bom").resolve("pom.xml"));

        // then
        assertThat(published).contains("slabml-api", "slabml-core", "slabml-spring-boot-starter");
        assertThat(published).allSatisfy(module -> assertThat(bom).contains("<artifactId>" + module + "</artifactId>"));
        assertThat(bom).doesNotContain("<parent>");
    }
}
