/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

/**
 * Creates an {@link InferenceBackend}. Registered in
 * {@code META-INF/services/com.slabstak.slabml.spi.InferenceBackendProvider}; chosen by the
 * selection rule (builder argument, else {@code slabml.inference.provider}, else the only one).
 */
public interface InferenceBackendProvider {
    String name();

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
}
