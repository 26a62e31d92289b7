/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator.openai;

import com.slabstak.slabml.simulator.http.HttpFault;
import com.slabstak.slabml.simulator.http.RecordedRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.simulator.Faults;
import com.slabstak.slabml.simulator.ManualClock;
import com.slabstak.slabml.simulator.SimulatedBackends;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake server's wire behaviour, checked with a plain HTTP client. */
class SimulatedOpenAiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "slabml-boundary";

    private final ManualClock clock = ManualClock.create();
    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatedBackends sim;
    private SimulatedOpenAiServer server;

    @BeforeEach
    void setUp() {
        sim = SimulatedBackends.create(clock);
        server = new SimulatedOpenAiServer(sim).start();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.rootUrl() + path)).timeout(Duration.ofSeconds(10));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String upload(int examples) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < examples; i++) {
            lines.append("{\"messages\":[{\"role\":\"user\",\"content\":\"c").append(i)
                .append("\"},{\"role\":\"assistant\",\"content\":\"{}\"}]}\n");
        }
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"
            + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"train.jsonl\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n" + lines + "\r\n--" + BOUNDARY + "--\r\n";
        HttpResponse<String> r = send("POST", "/v1/files", "multipart/form-data; boundary=" + BOUNDARY, body);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).get("id").asText();
    }

    private JsonNode createJob(String fileId) throws Exception {
        HttpResponse<String> r = send("POST", "/v1/fine_tuning/jobs", "application/json",
            "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\"" + fileId + "\",\"metadata\":{\"team\":\"cards\"}}");
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void uploadFile_multipart_storesTheFileContentInTheBackend() throws Exception {
        String id = upload(12);

        assertThat(sim.fineTuning().fileContent(id)).hasValueSatisfying(c -> assertThat(c.lines()).hasSize(12));
        JsonNode file = JSON.readTree(send("GET", "/v1/files/" + id, null, null).body());
        assertThat(file.get("filename").asText()).isEqualTo("train.jsonl");
        assertThat(file.get("purpose").asText()).isEqualTo("fine-tune");
        assertThat(file.get("object").asText()).isEqualTo("file");
    }

    @Test
    void createJob_jsonBody_returnsAJobInOpenAisShape() throws Exception {
        JsonNode job = createJob(upload(12));

        assertThat(job.get("object").asText()).isEqualTo("fine_tuning.job");
        assertThat(job.get("status").asText()).isEqualTo("validating_files");
        assertThat(job.get("error").isNull()).isTrue();
        assertThat(job.at("/method/type").asText()).isEqualTo("supervised");
        assertThat(job.at("/metadata/team").asText()).isEqualTo("cards");
        for (String required : new String[] {"created_at", "finished_at", "fine_tuned_model", "hyperparameters",
            "organization_id", "result_files", "trained_tokens", "training_file", "validation_file", "seed"}) {
            assertThat(job.has(required)).as(required).isTrue();
        }
    }

    @Test
    void listJobs_metadataFilter_returnsOnlyMatchingJobs() throws Exception {
        String fileId = upload(12);
        createJob(fileId);
        send("POST", "/v1/fine_tuning/jobs", "application/json",
            "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\"" + fileId + "\",\"metadata\":{\"team\":\"listings\"}}");

        JsonNode list = JSON.readTree(send("GET", "/v1/fine_tuning/jobs?metadata%5Bteam%5D=listings", null, null).body());

        assertThat(list.get("data")).hasSize(1);
        assertThat(list.at("/data/0/metadata/team").asText()).isEqualTo("listings");
        assertThat(list.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void spiException_unknownJob_becomesOpenAisErrorJson() throws Exception {
        HttpResponse<String> r = send("GET", "/v1/fine_tuning/jobs/ftjob-nope", null, null);

        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        assertThat(error.get("message").asText()).isNotBlank();
    }

    @Test
    void spiRateLimit_dailyFault_becomes429WithItsCode() throws Exception {
        String fileId = upload(12);
        sim.faults().dailyRateLimit(Faults.Operation.CREATE_JOB, 1);

        HttpResponse<String> r = send("POST", "/v1/fine_tuning/jobs", "application/json",
            "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\"" + fileId + "\"}");

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("daily_rate_limit_exceeded");
    }

    @Test
    void inject_statusFault_answersTheNextNMatchingRequestsOnly() throws Exception {
        server.inject("GET", "/models", 2, HttpFault.status(503, null, "overloaded").withRetryAfter(Duration.ofSeconds(7)));

        HttpResponse<String> first = send("GET", "/v1/models", null, null);
        HttpResponse<String> second = send("GET", "/v1/models", null, null);
        HttpResponse<String> third = send("GET", "/v1/models", null, null);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).contains("7");
        assertThat(JSON.readTree(first.body()).at("/error/type").asText()).isEqualTo("server_error");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(third.body()).get("object").asText()).isEqualTo("list");
    }

    @Test
    void inject_lostResponse_performsTheCreateButAnswersNothing() throws Exception {
        String fileId = upload(12);
        server.inject("POST", "/fine_tuning/jobs", 1, HttpFault.lostResponse());

        assertThatThrownBy(() -> send("POST", "/v1/fine_tuning/jobs", "application/json",
            "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\"" + fileId + "\"}"))
            .isInstanceOf(IOException.class);

        assertThat(sim.fineTuning().listJobs(10, null)).hasSize(1);
        assertThat(sim.fineTuning().listJobs(10, null).get(0).status()).isEqualTo(JobStatus.VALIDATING_FILES);
    }

    @Test
    void requireApiKey_missingOrWrongKey_answers401AndAcceptsBearerOrAzureHeader() throws Exception {
        server.requireApiKey("sk-right");

        HttpResponse<String> none = send("GET", "/v1/models", null, null);
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models"))
            .header("Authorization", "Bearer sk-right").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> azure = http.send(HttpRequest.newBuilder(URI.create(server.rootUrl() + "/openai/models?api-version=2024-10-21"))
            .header("api-key", "sk-right").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(azure.statusCode()).isEqualTo(200);
    }

    @Test
    void azureRoute_deploymentPath_isServedAndRecordedWithItsRoute() throws Exception {
        HttpResponse<String> r = send("POST", "/openai/deployments/gpt-4o-mini-2024-07-18/chat/completions?api-version=2024-10-21",
            "application/json", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        HttpResponse<String> noVersion = send("POST", "/openai/deployments/gpt-4o-mini-2024-07-18/chat/completions",
            "application/json", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode completion = JSON.readTree(r.body());
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.get("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(completion.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(noVersion.statusCode()).isEqualTo(404);
        RecordedRequest recorded = server.requests().get(0);
        assertThat(recorded.route()).isEqualTo("/chat/completions");
        assertThat(recorded.queryParam("api-version")).contains("2024-10-21");
    }

    @Test
    void reset_afterFaultsAndRequests_forgetsThemButKeepsBackendState() throws Exception {
        String fileId = upload(12);
        server.inject("GET", "/models", 5, HttpFault.status(500, null, "x")).requireApiKey("k");

        server.reset();

        assertThat(server.requests()).isEmpty();
        assertThat(send("GET", "/v1/models", null, null).statusCode()).isEqualTo(200);
        assertThat(sim.fineTuning().fileContent(fileId)).isPresent();
    }

    @Test
    void defaultServer_polledJob_finishesWithinAFewPolls() throws Exception {
        server.close();
        server = new SimulatedOpenAiServer().start();
        String jobId = createJob(upload(12)).get("id").asText();

        String status = "validating_files";
        int polls = 0;
        while (!status.equals("succeeded") && polls < 50) {
            status = JSON.readTree(send("GET", "/v1/fine_tuning/jobs/" + jobId, null, null).body()).get("status").asText();
            polls++;
        }

        assertThat(status).isEqualTo("succeeded");
        assertThat(polls).isLessThan(50);
        JsonNode job = JSON.readTree(send("GET", "/v1/fine_tuning/jobs/" + jobId, null, null).body());
        assertThat(job.get("fine_tuned_model").asText()).startsWith("ft:gpt-4o-mini-2024-07-18");
    }

    @Test
    void unknownRoute_answers404() throws Exception {
        HttpResponse<String> r = send("GET", "/v1/assistants", null, null);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains("Unknown request URL");
    }
}
