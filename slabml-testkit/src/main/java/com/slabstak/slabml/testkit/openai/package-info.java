/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * A fake OpenAI HTTP server on loopback, for testing OpenAI clients (the {@code openai} provider,
 * the command line) offline through the real SDK. No Jackson or OpenAI type appears in a public
 * signature here.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.testkit.openai;
