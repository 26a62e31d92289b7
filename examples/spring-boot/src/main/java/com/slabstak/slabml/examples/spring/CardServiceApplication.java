/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The card service. Runs offline on the simulated providers ({@code application.properties});
 * point {@code slabml.inference.provider} and {@code slabml.fine-tuning.provider} at {@code openai}
 * (with slabml-openai on the class path) to serve real models.
 *
 * <pre>{@code
 * mvn -q -pl examples/spring-boot -am package -DskipTests
 * mvn -q -pl examples/spring-boot exec:java
 * curl -s localhost:8080/cards/identify -H 'Content-Type: application/json' \
 *      -d '{"ocrText": "MICHAEL JORDAN 1986-87 FLEER #57 PSA 8", "userId": "u1"}'
 * }</pre>
 */
@SpringBootApplication
public class CardServiceApplication {

    /**
     * Starts the service.
     *
     * @param args Spring Boot arguments, such as {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(CardServiceApplication.class, args);
    }
}
