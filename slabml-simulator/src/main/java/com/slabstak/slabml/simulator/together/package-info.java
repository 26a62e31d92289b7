/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * A simulated Together AI HTTP server on loopback, over the simulated backends: files (with
 * Together's redirect upload), fine-tunes, events, checkpoints, models and OpenAI-format chat
 * completions, with HTTP-level faults. Its {@code main} starts one and prints its base URL.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 *
 * @since 0.2
 */
package com.slabstak.slabml.simulator.together;
