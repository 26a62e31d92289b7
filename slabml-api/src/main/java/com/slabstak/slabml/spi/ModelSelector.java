/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.RequestContext;

/**
 * Picks the model for one request from the task's deployment and the request's context. Must be
 * fast and thread-safe: it runs on every request.
 */
public interface ModelSelector {
    ModelChoice select(Deployment deployment, RequestContext context);
}