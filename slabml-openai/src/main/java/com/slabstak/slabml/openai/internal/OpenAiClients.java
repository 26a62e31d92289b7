/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.openai.internal;

import com.openai.azure.AzureOpenAIServiceVersion;
import com.openai.azure.AzureUrlPathMode;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.slabstak.slabml.ConfigurationException;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.spi.InferenceEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the openai-java client from SlabML configuration. The SDK is the only retry layer: its
 * retry count comes from {@code slabml.openai.max_retries}.
 */
final class OpenAiClients {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiClients.class);
    static final String API_KEY = "slabml.openai.api_key";
    static final String BASE_URL = "slabml.openai.base_url";
    static final String ORGANIZATION = "slabml.openai.organization";
    static final String PROJECT = "slabml.openai.project";
    static final String MAX_RETRIES = "slabml.openai.max_retries";
    static final String TIMEOUT = "slabml.openai.timeout";
    /** Checks every response shape against the API spec; for tests against a fake server. */
    static final String RESPONSE_VALIDATION = "slabml.openai.response_validation";
    static final String AZURE_ENDPOINT = "slabml.openai.azure.endpoint";
    static final String AZURE_API_KEY = "slabml.openai.azure.api_key";
    static final String AZURE_API_VERSION = "slabml.openai.azure.api_version";

    static final int DEFAULT_MAX_RETRIES = 2;

    /** Every key under {@code slabml.openai} the provider reads; another one is reported. */
    static final List<String> KNOWN_KEYS = List.of("api_key", "base_url", "organization", "project", "max_retries",
        "timeout", "response_validation", "azure.endpoint", "azure.api_key", "azure.api_version");

    private OpenAiClients() {
    }

    /**
     * The client, the client job creation uses (no SDK retries: a retried create can start a
     * second billed job), and what the error mapping needs to know.
     */
    record Settings(OpenAIClient client, OpenAIClient jobCreateClient, boolean azure, List<String> secrets) {
    }

    /**
     * Where the client's settings are read: {@code slabml.openai.*} for the provider itself, or
     * {@code slabml.inference.endpoints.<name>.*} for one named endpoint.
     *
     * @param prefix the key prefix, ending in a dot
     * @param label how logs and errors name the client
     * @param apiKeyVariable the environment variable that sets the API key
     * @param azureApiKeyVariable the environment variable that sets the Azure API key
     */
    record Keys(String prefix, String label, String apiKeyVariable, String azureApiKeyVariable) {
        static final Keys OPENAI = new Keys("slabml.openai.", "OpenAI provider", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY");

        static Keys of(InferenceEndpoint endpoint) {
            return new Keys(endpoint.key(""), "inference endpoint '" + endpoint.name() + "'",
                endpoint.environmentVariable("api_key"), endpoint.environmentVariable("azure.api_key"));
        }

        String key(String leaf) {
            return prefix + leaf;
        }
    }

    static Settings create(SlabMlConfig config) {
        return create(config, Keys.OPENAI);
    }

    static Settings create(SlabMlConfig config, Keys keys) {
        final String apiKeyKey = keys.key(leaf(API_KEY));
        final String baseUrlKey = keys.key(leaf(BASE_URL));
        final String maxRetriesKey = keys.key(leaf(MAX_RETRIES));
        final String timeoutKey = keys.key(leaf(TIMEOUT));
        final String azureEndpointKey = keys.key(leaf(AZURE_ENDPOINT));
        final String azureApiKeyKey = keys.key(leaf(AZURE_API_KEY));
        List<String> problems = new ArrayList<>();
        if (keys.equals(Keys.OPENAI)) {
            for (String unknown : config.scoped(keys.prefix()).unknownKeys(KNOWN_KEYS)) {
                problems.add(unknown + ": unknown key (known: " + String.join(", ", KNOWN_KEYS) + ")");
            }
        }
        Optional<String> azureEndpoint = text(config, azureEndpointKey);
        int maxRetries = config.getInt(maxRetriesKey, DEFAULT_MAX_RETRIES);
        if (maxRetries < 0) {
            problems.add(maxRetriesKey + ": must be 0 or more, was " + maxRetries);
        }
        Duration timeout = config.getDuration(timeoutKey, null);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            problems.add(timeoutKey + ": must be positive, was " + timeout);
        }
        boolean validation = config.getBoolean(keys.key(leaf(RESPONSE_VALIDATION)), false);
        for (String urlKey : List.of(baseUrlKey, azureEndpointKey)) {
            text(config, urlKey).filter(u -> !isHttpUrl(u))
                .ifPresent(u -> problems.add(urlKey + ": expected an http(s) URL, was '" + u + "'"));
        }

        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
            .maxRetries(Math.max(0, maxRetries))
            .addInterceptor(new NoRetryForDailyLimits())
            .responseValidation(validation);
        if (timeout != null && problems.isEmpty()) {
            builder.timeout(timeout);
        }
        List<String> secrets = new ArrayList<>();
        String endpoint = null;
        boolean legacyAzure = false;
        AzureOpenAIServiceVersion version = null;
        if (azureEndpoint.isPresent()) {
            Optional<String> key = text(config, azureApiKeyKey).or(() -> text(config, apiKeyKey));
            if (key.isEmpty()) {
                problems.add(azureApiKeyKey + ": required when " + azureEndpointKey
                    + " is set (environment variable " + keys.azureApiKeyVariable() + ")");
            } else {
                secrets.add(key.get());
                builder.credential(AzureApiKeyCredential.create(key.get()));
            }
            endpoint = stripTrailingSlash(azureEndpoint.get());
            builder.baseUrl(endpoint);
            // Azure resources answer on /openai/deployments/{deployment}/... unless the endpoint
            // already names the unified /openai/v1 route; proxies in front of Azure keep that shape.
            legacyAzure = !endpoint.endsWith("/openai/v1");
            builder.azureUrlPathMode(legacyAzure ? AzureUrlPathMode.LEGACY : AzureUrlPathMode.UNIFIED);
            version = text(config, keys.key(leaf(AZURE_API_VERSION))).map(AzureOpenAIServiceVersion::fromString)
                .orElse(AzureOpenAIServiceVersion.latestStableVersion());
            builder.azureServiceVersion(version);
        } else {
            Optional<String> key = text(config, apiKeyKey);
            if (key.isEmpty()) {
                problems.add(apiKeyKey + ": required (environment variable " + keys.apiKeyVariable()
                    + "), or configure Azure OpenAI with " + azureEndpointKey + " and " + azureApiKeyKey);
            } else {
                secrets.add(key.get());
                builder.apiKey(key.get());
            }
            text(config, baseUrlKey).ifPresent(u -> builder.baseUrl(stripTrailingSlash(u)));
            text(config, keys.key(leaf(ORGANIZATION))).ifPresent(builder::organization);
            text(config, keys.key(leaf(PROJECT))).ifPresent(builder::project);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(keys.label() + " is not configured: " + String.join("; ", problems));
        }
        OpenAIClient client = builder.build();
        LOG.info("{} on {} ({}), SDK retries {}", keys.label(), azureEndpoint.isPresent() ? endpoint : text(config, baseUrlKey)
            .orElse("the default OpenAI endpoint"), azureEndpoint.isPresent() ? "Azure OpenAI" : "OpenAI", maxRetries);
        OpenAIClient jobCreateClient;
        if (legacyAzure) {
            // On legacy Azure routes openai-java puts a body's model into the path
            // (/openai/deployments/{model}/fine_tuning/jobs), but Azure creates fine-tuning jobs on
            // /openai/fine_tuning/jobs: send creates to that route explicitly.
            String base = endpoint + "/openai";
            AzureOpenAIServiceVersion v = version;
            jobCreateClient = client.withOptions(o -> o.maxRetries(0).baseUrl(base)
                .azureUrlPathMode(AzureUrlPathMode.UNIFIED).azureServiceVersion(v));
        } else {
            jobCreateClient = client.withOptions(o -> o.maxRetries(0));
        }
        return new Settings(client, jobCreateClient, azureEndpoint.isPresent(), List.copyOf(secrets));
    }

    /** The part of a {@code slabml.openai.*} key after the prefix. */
    private static String leaf(String openAiKey) {
        return openAiKey.substring(Keys.OPENAI.prefix().length());
    }

    private static Optional<String> text(SlabMlConfig config, String key) {
        return config.get(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static boolean isHttpUrl(String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String stripTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
