/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spring;

import java.time.Duration;

/**
 * The OpenAI provider (slabml-openai). Bound as part of {@link SlabMlProperties}.
 *
 * @since 0.2
 */
public class OpenAiProperties {
    /** OpenAI API key (secret). Default: the OPENAI_API_KEY environment variable. */
    private String apiKey;

    /** OpenAI-compatible endpoint. Default: https://api.openai.com/v1. */
    private String baseUrl;

    /** OpenAI organisation. */
    private String organization;

    /** OpenAI project. */
    private String project;

    /** Retries of the SDK, the only retry layer. Default: 2. */
    private Integer maxRetries;

    /** Request timeout of the SDK. Default: the SDK's. */
    private Duration timeout;

    /** @return the API key, or null */
    public String getApiKey() {
        return apiKey;
    }

    /** @param apiKey the API key */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    /** @return the base URL, or null */
    public String getBaseUrl() {
        return baseUrl;
    }

    /** @param baseUrl the base URL */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** @return the organisation, or null */
    public String getOrganization() {
        return organization;
    }

    /** @param organization the organisation */
    public void setOrganization(String organization) {
        this.organization = organization;
    }

    /** @return the project, or null */
    public String getProject() {
        return project;
    }

    /** @param project the project */
    public void setProject(String project) {
        this.project = project;
    }

    /** @return the retries, or null */
    public Integer getMaxRetries() {
        return maxRetries;
    }

    /** @param maxRetries the retries */
    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    /** @return the timeout, or null */
    public Duration getTimeout() {
        return timeout;
    }

    /** @param timeout the timeout */
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
