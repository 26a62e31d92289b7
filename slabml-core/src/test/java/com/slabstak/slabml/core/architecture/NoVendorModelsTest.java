/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core and the API name no vendor model and hold no vendor limit: every provider describes its
 * models, limits and prices through its catalogue. Code and comments are both read.
 */
class NoVendorModelsTest {
    private static final List<Path> ROOTS = List.of(Path.of("src/main/java"), Path.of("../slabml-api/src/main/java"));

    /** Model families of OpenAI, Meta, Mistral, Alibaba, Google, Anthropic, DeepSeek, Microsoft. */
    static final Pattern VENDOR_MODEL = Pattern.compile("(?i)(gpt-|\\bo[134](-mini)?\\b|llama|mistral|mixtral|qwen|gemma|"
        + "gemini|claude|deepseek|davinci|babbage|\\bphi-\\d)");
    /** OpenAI's per-example limits, its 512 MB file limit and its 10-example minimum, however written. */
    static final Pattern VENDOR_LIMIT = Pattern.compile("(?i)(16_?385|512L?\\s*\\*\\s*1024\\s*\\*\\s*1024|512 ?MB|"
        + "MIN_EXAMPLES\\s*=\\s*\\d|MAX_EPOCHS\\s*=\\s*\\d|MAX_FILE_BYTES\\s*=\\s*\\d|65_?536)");
    /** The store's queue capacity happens to be 65,536; it is no vendor limit. */
    private static final List<String> LIMIT_EXEMPT = List.of("/core/internal/store/", "/spi/StoreSettings.java");

    @Test
    void mainCode_coreAndApi_nameNoVendorModel() {
        assertThat(matches(VENDOR_MODEL, List.of())).isEmpty();
    }

    @Test
    void mainCode_coreAndApi_holdNoVendorLimit() {
        assertThat(matches(VENDOR_LIMIT, LIMIT_EXEMPT)).isEmpty();
    }

    @Test
    void patterns_vendorText_areFound() {
        // the scan is only as good as its patterns: each would catch what used to be in the core
        for (String s : List.of("\"gpt-4o-mini-2024-07-18\"", "meta-llama/Meta-Llama-3.1-8B", "o4-mini", "Qwen2.5",
            "mistralai/Mistral-7B")) {
            assertThat(VENDOR_MODEL.matcher(s).find()).as(s).isTrue();
        }
        for (String s : List.of("65_536", "16385", "512L * 1024 * 1024", "(512 MB)", "MIN_EXAMPLES = 10")) {
            assertThat(VENDOR_LIMIT.matcher(s).find()).as(s).isTrue();
        }
        assertThat(VENDOR_MODEL.matcher("o200k_base, TaskName.of(\"card_identification\")").find()).isFalse();
    }

    private static List<String> matches(Pattern pattern, List<String> exempt) {
        List<String> found = new ArrayList<>();
        for (Path root : ROOTS) {
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String unix = f.toString().replace('\\', '/');
                    if (exempt.stream().anyMatch(unix::contains)) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = pattern.matcher(lines.get(i));
                        if (m.find()) {
                            found.add(unix + ":" + (i + 1) + ": " + m.group());
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }
}
