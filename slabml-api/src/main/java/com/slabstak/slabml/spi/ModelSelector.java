/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.RequestContext;

/**
 * Picks the model for one request from the task's deployment and the request's context. Must be
 * fast and thread-safe: it runs on every request.
 *
 * @since 0.1
 */
public interface ModelSelector {
    /**
     * Chooses the model of one request.
     *
     * @param deployment the task's deployment
     * @param context the request, with its sticky key
     * @return the chosen model and arm
     */
    ModelChoice select(Deployment deployment, RequestContext context);
}