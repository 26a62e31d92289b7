/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Spring Boot auto-configuration of SlabML: one {@link com.slabstak.slabml.core.SlabMl} bean from
 * {@code slabml.*} properties ({@link com.slabstak.slabml.spring.SlabMlProperties}), closed when the
 * context closes; a {@code slabml} Actuator health indicator; Micrometer and OpenTelemetry metrics
 * when a {@code MeterRegistry} or {@code OpenTelemetry} bean exists. Add
 * {@code slabml-spring-boot-starter} to use it.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 *
 * @since 0.2
 */
package com.slabstak.slabml.spring;
