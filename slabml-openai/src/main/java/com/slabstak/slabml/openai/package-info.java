/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The OpenAI (and Azure OpenAI) providers for SlabML, found with {@link java.util.ServiceLoader}
 * under the name {@code openai}. No openai-java type appears in a public signature here, and every
 * SDK exception is mapped into the {@link com.slabstak.slabml.SlabMlException} tree.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.openai;
