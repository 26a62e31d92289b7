/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.ConfigurationException;

/**
 * Creates an {@link InferenceBackend}. Registered in
 * {@code META-INF/services/com.slabstak.slabml.spi.InferenceBackendProvider}; chosen by the
 * selection rule (builder argument, else {@code slabml.inference.provider}, else the only one).
 *
 * <p>A provider that serves OpenAI-compatible servers also creates one backend per named
 * {@link InferenceEndpoint} ({@code slabml.inference.endpoints.<name>.*}), each with that
 * endpoint's own base URL, key and timeouts, so that models can be routed to different servers:
 *
 * <pre>{@code
 * InferenceBackend together = provider.create(context, InferenceEndpoint.of("together", context.config()));
 * }</pre>
 *
 * @since 0.1
 */
public interface InferenceBackendProvider {
    /**
     * A stable, unique name such as {@code openai}.
     *
     * @return A stable, unique name such as {@code openai}
     */
    String name();

    /**
     * Builds the backend from the provider's own configuration; all the work happens here.
     *
     * @param context the context
     * @return the inference backend
     */
    InferenceBackend create(ProviderContext context);

    /**
     * Environment variables this provider reads besides {@code SLABML_*} names, and the keys they
     * set (a {@code SLABML_*} variable of the same key wins), such as a vendor's usual
     * {@code VENDOR_API_KEY}.
     *
     * <pre>{@code
     * Map<String, String> aliases = Map.of("ACME_API_KEY", "slabml.acme.api_key");
     * }</pre>
     *
     * @return variable name to configuration key; the default is none
     * @since 0.2
     */
    default java.util.Map<String, String> environmentAliases() {
        return java.util.Map.of();
    }

    /**
     * Builds a backend for one named endpoint, configured by the endpoint's keys alone. Providers
     * that cannot serve endpoints keep this default, which refuses loudly.
     *
     * @param context the installation's configuration, data directory and clock
     * @param endpoint the endpoint whose keys configure the backend
     * @return a new backend the caller closes
     * @throws ConfigurationException if the endpoint's keys are missing or wrong, or the provider
     *     serves no endpoints
     * @since 0.2
     */
    default InferenceBackend create(ProviderContext context, InferenceEndpoint endpoint) {
        throw new ConfigurationException(endpoint.key("provider") + ": inference provider '" + name()
            + "' (" + getClass().getName() + ") cannot serve named endpoints; choose a provider that does, such as openai");
    }
}
