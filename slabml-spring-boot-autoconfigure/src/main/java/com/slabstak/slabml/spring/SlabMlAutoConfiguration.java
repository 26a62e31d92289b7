/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spring;

import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.observability.micrometer.MicrometerObserver;
import com.slabstak.slabml.observability.opentelemetry.OpenTelemetryObserver;
import com.slabstak.slabml.observe.SlabMlObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configures one {@link SlabMl} bean, unless the application defines its own. The bean is
 * built from every {@code slabml.*} property (see {@link SlabMlProperties}), the
 * {@link SlabMlObserver} beans and the {@link SlabMlBuilderCustomizer} beans, and is closed when
 * the context closes (draining the store queues). With Actuator's health module on the class path
 * a {@code slabml} health indicator is added ({@link SlabMlHealthIndicator}); with Micrometer and a
 * {@code MeterRegistry} bean the {@link MicrometerObserver} meters are recorded; with an
 * {@code OpenTelemetry} bean the {@link OpenTelemetryObserver} metrics are.
 *
 * <pre>{@code
 * @RestController
 * class Cards {
 *     private final SlabMl ml;
 *     Cards(SlabMl ml) { this.ml = ml; }
 *
 *     @PostMapping("/cards/identify")
 *     CardData identify(@RequestBody String ocr) { return ml.models().identifyCard(ocr).value(); }
 * }
 * }</pre>
 *
 * @since 0.2
 */
@AutoConfiguration
@ConditionalOnClass(SlabMl.class)
@EnableConfigurationProperties(SlabMlProperties.class)
public class SlabMlAutoConfiguration {

    /** Created by Spring. */
    public SlabMlAutoConfiguration() {
    }

    /**
     * The SlabML installation of this application.
     *
     * @param properties the typed properties, bound (and so checked) before the bean is built
     * @param environment where the {@code slabml.*} properties come from
     * @param observers observer beans, told in {@code @Order}
     * @param customizers builder customizers, applied in {@code @Order} after the properties
     * @return the built installation, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SlabMl slabMl(SlabMlProperties properties, ConfigurableEnvironment environment,
                         ObjectProvider<SlabMlObserver> observers, ObjectProvider<SlabMlBuilderCustomizer> customizers) {
        SlabMl.Builder builder = SlabMl.builder();
        if (properties.isReadEnvironment()) {
            builder.readEnvironment();
        }
        if (properties.getData().getDir() != null) {
            builder.dataDirectory(properties.getData().getDir());
        }
        SpringConfigKeys.of(environment).forEach(builder::putConfig);
        observers.orderedStream().forEach(builder::addObserver);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /** The health indicator, when Actuator's health module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("slabml")
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean
        SlabMlHealthIndicator slabmlHealthIndicator(ObjectProvider<SlabMl> slabMl, SlabMlProperties properties) {
            return new SlabMlHealthIndicator(slabMl, properties.getHealth(), Clock.systemUTC());
        }
    }

    /** Micrometer meters, when Micrometer is present and a registry bean exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBooleanProperty(name = "slabml.observability.micrometer.enabled", matchIfMissing = true)
    static class MicrometerConfiguration {
        @Bean
        SlabMlBuilderCustomizer slabMlMicrometerCustomizer(ObjectProvider<MeterRegistry> registries) {
            return builder -> registries.ifUnique(r -> builder.addObserver(new MicrometerObserver(r)));
        }
    }

    /** OpenTelemetry metrics, when the API is present and an {@code OpenTelemetry} bean exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.opentelemetry.api.OpenTelemetry")
    @ConditionalOnBooleanProperty(name = "slabml.observability.opentelemetry.enabled", matchIfMissing = true)
    static class OpenTelemetryConfiguration {
        @Bean
        OpenTelemetryBinding slabMlOpenTelemetryBinding(ObjectProvider<OpenTelemetry> openTelemetry) {
            return new OpenTelemetryBinding(openTelemetry);
        }
    }

    /** Adds an {@link OpenTelemetryObserver} when there is an {@code OpenTelemetry} bean; closes it with the context. */
    static final class OpenTelemetryBinding implements SlabMlBuilderCustomizer, AutoCloseable {
        private final ObjectProvider<OpenTelemetry> openTelemetry;
        private volatile OpenTelemetryObserver observer;

        OpenTelemetryBinding(ObjectProvider<OpenTelemetry> openTelemetry) {
            this.openTelemetry = openTelemetry;
        }

        @Override
        public void customize(SlabMl.Builder builder) {
            openTelemetry.ifUnique(otel -> {
                observer = new OpenTelemetryObserver(otel);
                builder.addObserver(observer);
            });
        }

        @Override
        public void close() {
            OpenTelemetryObserver o = observer;
            if (o != null) {
                o.close();
            }
        }
    }
}
