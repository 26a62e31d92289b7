/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.spring.SlabMlBuilderCustomizer;
import com.slabstak.slabml.simulator.SimulatedFineTuningBackend;
import com.slabstak.slabml.simulator.SimulatedInferenceBackend;
import com.slabstak.slabml.simulator.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "slabml.read-environment=false")
class CardServiceTest {
    private static final String CANDIDATE = "ft:gpt-4o-mini-2024-07-18:card-shop::v1";
    private static final String OCR = "MICHAEL JORDAN 1986-87 FLEER #57 PSA 8";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("slabml.data.dir", () -> dir.toString());
    }

    /** The testkit's fakes instead of the simulated providers of application.properties. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Fakes {
        @Bean
        SimulatedInferenceBackend inference() {
            SimulatedInferenceBackend inference = SimulatedInferenceBackend.builder().build();
            inference.replyWith(request -> "{\"player\": \"Michael Jordan\", \"year\": \"1986-87\", \"brand\": \"Fleer\", "
                + "\"card_number\": \"57\", \"grade\": \"8\"}");
            return inference;
        }

        @Bean
        SimulatedFineTuningBackend fineTuning() {
            return SimulatedFineTuningBackend.builder().clock(ManualClock.create()).build();
        }

        @Bean
        SlabMlBuilderCustomizer fakes(SimulatedInferenceBackend inference, SimulatedFineTuningBackend fineTuning) {
            return builder -> builder.inferenceBackend(inference).fineTuningBackend(fineTuning);
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    SimulatedInferenceBackend inference;

    @Autowired
    SlabMl ml;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void identifyCorrectAndRollOut_overHttp_servesTheCandidateAndRecordsTheCorrection() throws Exception {
        // when: a card is identified by the base model
        JsonNode first = send("POST", "/cards/identify", "{\"ocrText\": \"" + OCR + "\", \"userId\": \"u1\"}", 200);

        // then
        String base = ml.registry().deployment(TaskName.CARD_IDENTIFICATION).baseModel();
        assertThat(first.at("/card/player").asText()).isEqualTo("Michael Jordan");
        assertThat(first.get("model").asText()).isEqualTo(base);
        assertThat(first.get("arm").asText()).isEqualTo("base");

        // when: the user corrects the grade
        JsonNode correction = send("POST", "/cards/corrections", "{\"ocrText\": \"" + OCR + "\", \"userId\": \"u1\", "
            + "\"original\": {\"player\": \"Michael Jordan\", \"year\": \"1986-87\", \"brand\": \"Fleer\", \"grade\": \"8\"}, "
            + "\"corrected\": {\"player\": \"Michael Jordan\", \"year\": \"1986-87\", \"brand\": \"Fleer\", \"grade\": \"9\"}}",
            202);

        // then
        assertThat(correction.get("sampleId").asText()).isNotBlank();
        assertThat(correction.get("correctedFields")).extracting(JsonNode::asText).containsExactly("grade");
        assertThat(ml.collector().stats().samplesPerTask()).containsEntry(TaskName.CARD_IDENTIFICATION, 1L);

        // when: the fine-tuned candidate is rolled out to everyone
        JsonNode rollout = send("PUT", "/rollout", "{\"candidateModel\": \"" + CANDIDATE + "\", \"percent\": 20}", 200);
        assertThat(rollout.get("rolloutPercent").asInt()).isEqualTo(20);
        rollout = send("PUT", "/rollout", "{\"candidateModel\": \"" + CANDIDATE + "\", \"percent\": 100}", 200);
        JsonNode second = send("POST", "/cards/identify", "{\"ocrText\": \"" + OCR + "\", \"userId\": \"u2\"}", 200);

        // then
        assertThat(rollout.get("candidateModel").asText()).isEqualTo(CANDIDATE);
        assertThat(send("GET", "/rollout", null, 200).get("rolloutPercent").asInt()).isEqualTo(100);
        assertThat(second.get("model").asText()).isEqualTo(CANDIDATE);
        assertThat(second.get("arm").asText()).isEqualTo("candidate");
        assertThat(inference.requests(CANDIDATE)).hasSize(1);

        // and: health and metrics show it through Actuator
        JsonNode health = send("GET", "/actuator/health/slabml", null, 200);
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/details/store").asText()).isEqualTo("writable");
        JsonNode latency = send("GET", "/actuator/metrics/slabml.serving.latency?tag=arm:candidate", null, 200);
        assertThat(latency.at("/measurements/0/value").asDouble()).isEqualTo(1.0);
        JsonNode percent = send("GET", "/actuator/metrics/slabml.rollout.percent", null, 200);
        assertThat(percent.at("/measurements/0/value").asDouble()).isEqualTo(100.0);
    }

    @Test
    void identify_missingOcrText_answers400NamingTheField() throws Exception {
        JsonNode error = send("POST", "/cards/identify", "{\"userId\": \"u1\"}", 400);

        assertThat(error.get("error").asText()).contains("ocrText");
    }

    private JsonNode send(String method, String path, String body, int expectedStatus)
        throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }
}
