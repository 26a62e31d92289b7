/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * A small Spring Boot card-identification service on SlabML's starter: identify a card, take a
 * user's correction, move the fine-tuned model's rollout; health and metrics through Actuator.
 */
package com.slabstak.slabml.examples.spring;
