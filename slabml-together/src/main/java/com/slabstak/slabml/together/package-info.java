/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The Together AI fine-tuning provider for SlabML, found with {@link java.util.ServiceLoader} under
 * the name {@code together}. Every Together error is mapped into the
 * {@link com.slabstak.slabml.SlabMlException} tree, with the same classes as the OpenAI provider.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 *
 * @since 0.2
 */
package com.slabstak.slabml.together;
