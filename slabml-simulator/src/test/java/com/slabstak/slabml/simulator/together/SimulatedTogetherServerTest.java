/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.together;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedBackends;
import com.slabstak.slabml.simulator.http.HttpFault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake Together server over plain HTTP: redirect upload, chat completions, faults, authentication. */
class SimulatedTogetherServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "tgp_v1_fake_key";
    private final ManualClock clock = ManualClock.create();
    private final SimulatedTogetherServer server = new SimulatedTogetherServer(
        SimulatedBackends.create(clock, 42, SimulatedTogetherServer.BASE_MODELS)).start().requireApiKey(KEY);
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String url, String body, boolean auth) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
            body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            b.header("Authorization", "Bearer " + KEY);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void upload_redirectPutPreprocess_returnsTheFileUnderTheIdOfTheRedirect() throws Exception {
        HttpResponse<String> ask = send("POST", server.baseUrl() + "/files",
            "{\"purpose\":\"fine-tune\",\"file_name\":\"t.jsonl\",\"file_type\":\"jsonl\"}", true);
        assertThat(ask.statusCode()).isEqualTo(302);
        String id = ask.headers().firstValue("X-Together-File-Id").orElseThrow();
        String storage = ask.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> early = send("POST", server.baseUrl() + "/files/" + id + "/preprocess", "{}", true);
        assertThat(early.statusCode()).as("nothing uploaded yet").isEqualTo(400);
        assertThat(send("PUT", storage, "{\"text\":\"a\"}\n", false).statusCode()).isEqualTo(200);
        HttpResponse<String> done = send("POST", server.baseUrl() + "/files/" + id + "/preprocess", "{}", true);

        JsonNode file = JSON.readTree(done.body());
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(file.path("id").asText()).isEqualTo(id);
        assertThat(file.path("filename").asText()).isEqualTo("t.jsonl");
        assertThat(file.path("purpose").asText()).isEqualTo("fine-tune");
    }

    @Test
    void chatCompletions_baseModel_answersInOpenAisFormatUnderTheModelAsked() throws Exception {
        HttpResponse<String> r = send("POST", server.baseUrl() + "/chat/completions",
            "{\"model\":\"" + SimulatedTogetherServer.BASE_MODELS.get(0) + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", true);
        JsonNode body = JSON.readTree(r.body());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo(SimulatedTogetherServer.BASE_MODELS.get(0));
        assertThat(body.path("choices").get(0).path("message").path("role").asText()).isEqualTo("assistant");
    }

    @Test
    void requests_withoutKeyOrWithAFault_getTheErrorStatusAndOpenAisErrorBody() throws Exception {
        server.inject("GET", "/fine-tunes", 1, HttpFault.status(429, "rate_limit_exceeded", "slow down")
            .withRetryAfter(Duration.ofSeconds(7)));
        HttpResponse<String> limited = send("GET", server.baseUrl() + "/fine-tunes", null, true);
        HttpResponse<String> anonymous = send("GET", server.baseUrl() + "/fine-tunes", null, false);
        HttpResponse<String> unknown = send("GET", server.baseUrl() + "/fine-tunes/ft-nope", null, true);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(JSON.readTree(limited.body()).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(send("GET", server.baseUrl() + "/fine-tunes", null, true).body()).path("data").isArray()).isTrue();
    }
}
