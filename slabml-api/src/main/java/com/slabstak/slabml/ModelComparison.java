/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml;

import java.util.List;

/**
 * The result of running the same input through several models several times.
 *
 * @since 0.1
 */
public record ModelComparison(TaskName task, int runs, List<ModelRunStats> models) {
    /**
     * Checks the components.
     *
     * @param task the task
     * @param runs the runs
     * @param models the models
     */
    public ModelComparison {
        models = List.copyOf(models);
    }
}