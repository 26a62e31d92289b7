/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.Sample;
import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.Stores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a sample's row splits between its columns and its JSON body, and how older rows read back. */
class PostgresSampleRowTest {
    private final List<Stores> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(Stores::close);
    }

    private Stores open(String schema) {
        Stores s = PostgresTesting.open(schema, Map.of("slabml.store.durability", "SYNC"));
        open.add(s);
        return s;
    }

    private static Sample sample(String id, Instant createdAt) {
        return Sample.builder().id(id).task(TaskName.CARD_IDENTIFICATION).source(SampleSource.CORRECTION)
            .input(Map.of("ocr_text", "1986 FLEER #57")).output(Map.of("player", "Michael Jordan"))
            .original(Map.of("player", "M. Jordan")).correctedFields(List.of("player"))
            .confidence(0.75).userId("u1").createdAt(createdAt).build();
    }

    @Test
    void append_storesIdTaskSourceAndTimeOnlyAsColumns() throws Exception {
        // given
        String schema = PostgresTesting.freshSchema();
        Stores s = open(schema);
        // when
        s.samples().append(sample("s1", Instant.parse("2026-01-15T09:00:00.123456Z")));
        // then: the body holds the rest, none of the four
        try (Connection c = PostgresTesting.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, task, source, created_at = '2026-01-15T09:00:00.123456Z', "
                 + "body::jsonb FROM " + schema + ".samples")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getBoolean(4))
                .isEqualTo("s1 card_identification correction true");
            assertThat(rs.getString(5)).doesNotContain("\"id\"", "\"task\"", "\"source\"", "\"created_at\"")
                .contains("\"user_id\": \"u1\"", "\"confidence\": 0.75");
        }
    }

    @Test
    void read_timesFromAnyEra_comeBackEqualToTheNanosecond() {
        // given: times the column holds exactly (microseconds), and ones it would round
        List<Instant> times = List.of(
            Instant.parse("2026-01-15T09:00:00Z"),
            Instant.parse("2026-01-15T09:00:00.123456Z"),
            Instant.parse("2026-01-15T09:00:00.123456789Z"),
            Instant.parse("1582-10-04T23:59:59.999999Z"),
            Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("-0044-03-15T12:00:00Z"),
            Instant.parse("+20000-01-01T00:00:00.000001Z"),
            Instant.parse("1969-12-31T23:59:59.999999999Z"));
        Stores s = open(PostgresTesting.freshSchema());
        // when
        for (int i = 0; i < times.size(); i++) {
            s.samples().append(sample("s" + i, times.get(i)));
        }
        // then: read often enough that the driver switches from text to binary results (after 5 runs)
        for (int read = 0; read < 8; read++) {
            assertThat(s.samples().read(TaskName.CARD_IDENTIFICATION).map(x -> x.createdAt().orElseThrow())
                .collect(Collectors.toList())).as("read %d", read).containsExactlyElementsOf(times);
        }
        assertThat(s.samples().read(TaskName.CARD_IDENTIFICATION).findFirst().orElseThrow())
            .isEqualTo(sample("s0", times.get(0)));
    }

    @Test
    void read_rowWrittenWithTheWholeSampleInItsBody_takesTheBodysFields() throws Exception {
        // given: a row as earlier versions wrote it, every field in the body (which wins over the columns)
        String schema = PostgresTesting.freshSchema();
        Stores s = open(schema);
        String body = """
            {"id":"old-1","task":"card_identification","source":"validated","confidence":0.5,\
            "created_at":"2026-01-15T09:00:00.000000789Z","user_id":null,\
            "input":{"ocr_text":"T"},"output":{"player":"P"}}""";
        try (Connection c = PostgresTesting.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".samples "
                 + "(id, task, source, created_at, body) VALUES ('old-1', 'card_identification', 'validated', "
                 + "'2026-01-15T09:00:00Z', ?)")) {
            ps.setString(1, body);
            ps.executeUpdate();
        }
        // when
        Sample read = s.samples().read(TaskName.CARD_IDENTIFICATION).findFirst().orElseThrow();
        // then
        assertThat(read).isEqualTo(Sample.builder().id("old-1").task(TaskName.CARD_IDENTIFICATION)
            .source(SampleSource.VALIDATED).confidence(0.5).createdAt(Instant.parse("2026-01-15T09:00:00.000000789Z"))
            .input(Map.of("ocr_text", "T")).output(Map.of("player", "P")).build());
    }
}
