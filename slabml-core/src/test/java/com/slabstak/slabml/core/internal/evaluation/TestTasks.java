/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

import com.slabstak.slabml.ChatMessage;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.tasks.CardIdentificationTask;
import com.slabstak.slabml.core.internal.tasks.ListingGenerationTask;
import com.slabstak.slabml.spi.Task;
import java.util.List;
import java.util.Map;

/** The built-in tasks, and minimal ones where only {@link Task#fields()} matters. */
final class TestTasks {
    private TestTasks() {
    }

    static Map<TaskName, Task> all() {
        return Map.of(TaskName.CARD_IDENTIFICATION, new CardIdentificationTask(),
            TaskName.LISTING_GENERATION, new ListingGenerationTask());
    }

    static Task task(TaskName name, List<String> fields) {
        return task(name, fields, fields);
    }

    /** A minimal task whose report charts {@code headline} of its {@code fields}. */
    static Task task(TaskName name, List<String> fields, List<String> headline) {
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

            @Override
            public List<String> headlineFields() {
                return headline;
            }
        };
    }
}
