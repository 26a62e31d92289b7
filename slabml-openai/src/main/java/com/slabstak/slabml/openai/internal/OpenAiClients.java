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

    private OpenAiClients() {
    }

    /**
     * The client, the client job creation uses (no SDK retries: a retried create can start a
     * second billed job), and what the error mapping needs to know.
     */
    record Settings(OpenAIClient client, OpenAIClient jobCreateClient, boolean azure, List<String> secrets) {
    }

    static Settings create(SlabMlConfig config) {
        List<String> problems = new ArrayList<>();
        Optional<String> azureEndpoint = text(config, AZURE_ENDPOINT);
        int maxRetries = config.getInt(MAX_RETRIES, DEFAULT_MAX_RETRIES);
        if (maxRetries < 0) {
            problems.add(MAX_RETRIES + ": must be 0 or more, was " + maxRetries);
        }
        Duration timeout = config.getDuration(TIMEOUT, null);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            problems.add(TIMEOUT + ": must be positive, was " + timeout);
        }
        boolean validation = config.getBoolean(RESPONSE_VALIDATION, false);

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
            Optional<String> key = text(config, AZURE_API_KEY).or(() -> text(config, API_KEY));
            if (key.isEmpty()) {
                problems.add(AZURE_API_KEY + ": required when " + AZURE_ENDPOINT
                    + " is set (environment variable AZURE_OPENAI_API_KEY)");
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
            version = text(config, AZURE_API_VERSION).map(AzureOpenAIServiceVersion::fromString)
                .orElse(AzureOpenAIServiceVersion.latestStableVersion());
            builder.azureServiceVersion(version);
        } else {
            Optional<String> key = text(config, API_KEY);
            if (key.isEmpty()) {
                problems.add(API_KEY + ": required (environment variable OPENAI_API_KEY), or configure Azure OpenAI with "
                    + AZURE_ENDPOINT + " and " + AZURE_API_KEY);
            } else {
                secrets.add(key.get());
                builder.apiKey(key.get());
            }
            text(config, BASE_URL).ifPresent(u -> builder.baseUrl(stripTrailingSlash(u)));
            text(config, ORGANIZATION).ifPresent(builder::organization);
            text(config, PROJECT).ifPresent(builder::project);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("OpenAI provider is not configured: " + String.join("; ", problems));
        }
        OpenAIClient client = builder.build();
        LOG.info("OpenAI provider on {} ({}), SDK retries {}", azureEndpoint.isPresent() ? endpoint : text(config, BASE_URL)
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

    private static Optional<String> text(SlabMlConfig config, String key) {
        return config.get(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static String stripTrailingSlash(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
