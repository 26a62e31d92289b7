/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.simulator.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No vendor type (OpenAI SDK, Jackson, Kotlin, OkHttp) appears in a public signature of the API,
 * core or the testkit, so host applications never compile against them through SlabML; the API's
 * signatures use the JDK and the API's own types only.
 */
class PublicSignatureArchitectureTest {
    private static final String ROOT = "com.slabstak.slabml";
    private static final Predicate<String> VENDOR = name -> name.startsWith("com.openai.")
        || name.startsWith("com.fasterxml.") || name.startsWith("kotlin.") || name.startsWith("okhttp3.");

    @Test
    void publicSignatures_apiCoreAndTestkit_mentionNoVendorType() {
        // given
        List<Class<?>> classes = new ArrayList<>();
        classes.addAll(PublicSignatures.classesBeside(Sample.class, ROOT));
        classes.addAll(PublicSignatures.classesBeside(SlabMl.class, ROOT));
        classes.addAll(PublicSignatures.classesBeside(ManualClock.class, ROOT));

        // when
        List<String> violations = violations(classes, VENDOR);

        // then
        assertThat(classes).contains(Sample.class, SlabMl.class, ManualClock.class).hasSizeGreaterThan(150);
        assertThat(violations).isEmpty();
    }

    @Test
    void publicSignatures_api_mentionOnlyJdkAndApiTypes() {
        // given
        List<Class<?>> api = PublicSignatures.classesBeside(Sample.class, ROOT);

        // when
        List<String> violations = violations(api, name -> !name.startsWith("java.") && !isApiPackage(name));

        // then
        assertThat(api).contains(Sample.class).hasSizeGreaterThan(50)
            .allSatisfy(c -> assertThat(isApiPackage(c.getName())).as(c.getName()).isTrue());
        assertThat(violations).isEmpty();
    }

    @Test
    void violations_vendorTypesInEveryKindOfPublicSignature_allReportedPrivateOnesNot() {
        // when
        List<String> found = PublicSignatures.violations(Leaky.class, VENDOR);

        // then
        String leaky = Leaky.class.getName();
        assertThat(found).containsExactlyInAnyOrder(
            leaky + " (type parameter): com.fasterxml.jackson.databind.JsonNode",
            leaky + " (supertype): com.fasterxml.jackson.databind.ObjectMapper",
            leaky + ".<init>: com.fasterxml.jackson.databind.node.ObjectNode",
            leaky + ".mappers: com.fasterxml.jackson.databind.ObjectMapper",
            leaky + ".nodes: com.fasterxml.jackson.databind.JsonNode",
            leaky + ".parse: com.fasterxml.jackson.core.JsonProcessingException",
            leaky + ".arrays: com.fasterxml.jackson.databind.node.ObjectNode",
            leaky + ".field: com.fasterxml.jackson.databind.ObjectMapper");
        assertThat(PublicSignatures.isPublicApi(Sample.Builder.class)).isTrue();
        assertThat(PublicSignatures.isPublicApi(Hidden.class)).isFalse();
        assertThat(PublicSignatures.isPublicApi(Leaky.class)).as("public, inside a package-private class").isFalse();
    }

    private static List<String> violations(List<Class<?>> classes, Predicate<String> forbidden) {
        return classes.stream()
            .filter(PublicSignatures::isPublicApi)
            .flatMap(c -> PublicSignatures.violations(c, forbidden).stream())
            .collect(Collectors.toList());
    }

    private static boolean isApiPackage(String className) {
        String pkg = className.substring(0, className.lastIndexOf('.'));
        return pkg.equals(ROOT) || pkg.equals(ROOT + ".spi") || pkg.equals(ROOT + ".observe");
    }

    /** A class that leaks Jackson through every kind of public signature, and hides it in private ones. */
    public static class Leaky<T extends JsonNode> extends ObjectMapper {
        private static final long serialVersionUID = 1L;

        protected ObjectMapper field;
        private ObjectNode hiddenField;

        public Leaky(ObjectNode node) {
            this.hiddenField = node;
        }

        public List<Map<String, ? extends ObjectMapper>> mappers() {
            return List.of();
        }

        protected <N extends Supplier<? super JsonNode>> N nodes(N n) {
            return n;
        }

        public String parse(String text) throws JsonProcessingException {
            return text + hiddenField;
        }

        public void arrays(List<ObjectNode[]>[] nodes) {
        }

        private ObjectMapper hidden() {
            return field;
        }
    }

    static class Hidden {
    }
}
