/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

/** Where the simulated inference backend learns which models exist and what a tuned one was taught. */
interface ModelSource {

    /** Returns what {@code model} is right now. */
    ModelState state(String model);

    /** What a model is for inference. */
    record ModelState(Kind kind, String baseModel, String trainingJsonl) {
        static final ModelState UNKNOWN = new ModelState(Kind.UNKNOWN, null, null);
        static final ModelState LOADING = new ModelState(Kind.LOADING, null, null);

        static ModelState base(String model) {
            return new ModelState(Kind.BASE, model, null);
        }

        static ModelState tuned(String baseModel, String trainingJsonl) {
            return new ModelState(Kind.TUNED, baseModel, trainingJsonl);
        }
    }

    /** The kinds of model state. */
    enum Kind {
        UNKNOWN, BASE, LOADING, TUNED
    }
}
