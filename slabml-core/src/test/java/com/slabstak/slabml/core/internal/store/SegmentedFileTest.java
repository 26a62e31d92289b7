/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedFileTest {
    @TempDir
    Path root;

    @Test
    void append_afterClose_failsInsteadOfReopeningTheFile() throws Exception {
        SegmentedFile file = new SegmentedFile(root, root, "cards", 1 << 20);
        byte[] line = "{\"id\":\"s1\"}\n".getBytes(StandardCharsets.UTF_8);
        FileChannel channel = file.append(line, line.length, false);

        file.close();

        assertThat(channel.isOpen()).isFalse();
        assertThatThrownBy(() -> file.append(line, line.length, false)).isInstanceOf(IOException.class)
            .hasMessageContaining("cards.jsonl is closed");
        assertThat(file.segments()).containsExactly(root.resolve("cards.jsonl"));
        assertThat(Files.readAllLines(root.resolve("cards.jsonl"))).containsExactly("{\"id\":\"s1\"}");
    }
}
