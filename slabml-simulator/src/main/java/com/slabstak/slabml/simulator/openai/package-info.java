/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * A simulated OpenAI HTTP server on loopback, over the simulated backends, for running OpenAI
 * clients (the {@code openai} provider, the command line) offline through the real SDK. Its
 * {@code main} starts one and prints its base URL. No Jackson or OpenAI type appears in a public
 * signature here.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.simulator.openai;
