/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.CardData;
import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.Task;
import java.util.List;
import java.util.Map;

/** Minimal tasks: only {@link Task#fields()} matters to the evaluator. */
final class TestTasks {
    private TestTasks() {
    }

    static Map<TaskName, Task> all() {
        return Map.of(TaskName.CARD_IDENTIFICATION, task(TaskName.CARD_IDENTIFICATION, CardData.FIELDS),
            TaskName.LISTING_GENERATION, task(TaskName.LISTING_GENERATION, List.of("title", "description")));
    }

    static Task task(TaskName name, List<String> fields) {
        return new Task() {
            @Override
            public TaskName name() {
                return name;
            }

            @Override
            public List<ChatMessage> prompt(Map<String, Object> input) {
                throw new UnsupportedOperationException("not used by the evaluator");
            }

            @Override
            public String answer(Map<String, Object> output) {
                throw new UnsupportedOperationException("not used by the evaluator");
            }

            @Override
            public Map<String, Object> parse(String answer) {
                throw new UnsupportedOperationException("not used by the evaluator");
            }

            @Override
            public void validateInput(Map<String, Object> input) {
            }

            @Override
            public void validateOutput(Map<String, Object> output) {
            }

            @Override
            public List<String> fields() {
                return fields;
            }
        };
    }
}
