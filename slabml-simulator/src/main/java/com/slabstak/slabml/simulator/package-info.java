/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The runtime simulator: providers, backends and provider servers a program can run on with no
 * account and no network (the quickstart, the command line's {@code dev-server}, tests). It needs
 * the API only; it registers the {@code simulated} fine-tuning and inference providers for
 * {@link java.util.ServiceLoader}, so put it on a class path beside a real provider only with
 * {@code slabml.fine_tuning.provider} and {@code slabml.inference.provider} configured.
 *
 * <p>Naming: every object that stands in for a provider is called {@code Simulated...}
 * ({@link com.slabstak.slabml.simulator.SimulatedFineTuningBackend},
 * {@link com.slabstak.slabml.simulator.SimulatedInferenceBackend},
 * {@link com.slabstak.slabml.simulator.openai.SimulatedOpenAiServer},
 * {@link com.slabstak.slabml.simulator.together.SimulatedTogetherServer}); what drives them keeps
 * a plain name ({@link com.slabstak.slabml.simulator.ManualClock} for simulated time,
 * {@link com.slabstak.slabml.simulator.Faults} for planned failures,
 * {@link com.slabstak.slabml.simulator.CardSampleGenerator} for realistic data). Test-only helpers
 * that a test wires explicitly (in-memory stores, the JUnit extension, assertions, contract tests)
 * live in {@code slabml-testkit}, which registers nothing.
 *
 * <p>Every simulated object is thread-safe, records what it was asked and can be reset. Every
 * parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.simulator;
