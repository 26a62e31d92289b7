/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The HTTP plumbing the simulated provider servers share: a loopback server with request
 * recording, planned HTTP faults and JSON answers in a provider's error shape.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.simulator.http;
