/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.SlabMlConfig;

/**
 * Creates a {@link FineTuningBackend}. Registered in
 * {@code META-INF/services/com.slabstak.slabml.spi.FineTuningBackendProvider}; chosen by the
 * selection rule (builder argument, else {@code slabml.fine_tuning.provider}, else the only one).
 *
 * @since 0.1
 */
public interface FineTuningBackendProvider {
    /**
     * A stable, unique name such as {@code openai}.
     *
     * @return A stable, unique name such as {@code openai}
     */
    String name();

    /**
     * Builds the backend; all the work happens here, not in the constructor.
     *
     * @param context the context
     * @return the fine tuning backend
     */
    FineTuningBackend create(ProviderContext context);

    /**
     * Describes what the provider trains: base models, their limits, tokenizers, prices, methods
     * and shutdown dates. Needs no credentials and no network, so datasets can be validated,
     * priced and exported offline. The core adds the models the host declares under
     * {@code slabml.models}.
     *
     * <pre>{@code
     * ModelCatalog catalog = provider.catalog(SlabMlConfig.of(Map.of()));
     * catalog.require("some-base-model").maxExampleTokens();
     * }</pre>
     *
     * @param config the configuration (a provider may read its own keys, never a secret it needs to be valid)
     * @return the catalogue; the default lists no model
     * @since 0.2
     */
    default ModelCatalog catalog(SlabMlConfig config) {
        return ModelCatalog.empty(name());
    }

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
