/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spring;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Turns the {@code slabml.*} properties of a Spring environment into SlabML configuration keys:
 * lower case, {@code -} and camel case to {@code _} ({@code slabml.store.queue-capacity} and
 * {@code slabml.store.queueCapacity} are {@code slabml.store.queue_capacity}). The value is the
 * environment's, so Spring's precedence holds. Environment variables are left to SlabML, which
 * reads {@code SLABML_*} and the provider aliases ({@code OPENAI_API_KEY}) itself unless
 * {@code slabml.read-environment=false}. Spring-only keys ({@code slabml.health.*},
 * {@code slabml.observability.*}, {@code slabml.read-environment}) are skipped.
 */
final class SpringConfigKeys {
    private SpringConfigKeys() {
    }

    static Map<String, String> of(ConfigurableEnvironment environment) {
        Map<String, String> keys = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)
                || StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName())) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                if (!name.startsWith("slabml.") || springOnly(name) || name.contains("[")) {
                    continue;
                }
                String value = environment.getProperty(name);
                if (value != null) {
                    keys.putIfAbsent(slabMlKey(name), value);
                }
            }
        }
        return keys;
    }

    static boolean springOnly(String name) {
        return name.startsWith("slabml.health.") || name.startsWith("slabml.observability.")
            || slabMlKey(name).equals("slabml.read_environment");
    }

    /** {@code slabml.fine-tuning.provider} and {@code slabml.fineTuning.provider} to {@code slabml.fine_tuning.provider}. */
    static String slabMlKey(String name) {
        StringBuilder b = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-') {
                b.append('_');
            } else if (Character.isUpperCase(c)) {
                if (i > 0 && name.charAt(i - 1) != '.') {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
