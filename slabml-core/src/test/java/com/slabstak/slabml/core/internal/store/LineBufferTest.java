/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.SampleSource;
import com.slabstak.slabml.TaskName;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LineBufferTest {
    @Test
    void value_everyKindOfPlainValue_writesTheUtf8OfWhatJsonTextWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ascii", "Michael Jordan 1986-87 Fleer #57");
        m.put("escapes", "quote \" backslash \\ newline \n cr \r tab \t bs \b ff \f nul \u0000 unit \u001f");
        m.put("two-byte", "Pokémon ñ ß \u07ff");
        m.put("three-byte", "\u0800 \u20ac 日本 \uffff line-sep \u2028 para-sep \u2029");
        m.put("four-byte", "🏀 \ud83c\udccf");
        m.put("lone surrogates", "high \ud83c end, low \udc00 mid, high at end \ud83c");
        m.put("k\u00e9y \"quoted\"", List.of(1, -1, 0, Long.MAX_VALUE, Long.MIN_VALUE, (short) -7, (byte) 3));
        m.put("numbers", Arrays.asList(0.1, -2.5e-10, 1e21, 9.5f, new BigDecimal("9.50"),
            new BigInteger("123456789012345678901234567890"), 1234567890123L, -999_999_999_999_999_999L));
        m.put("others", Arrays.asList(true, false, null, SampleSource.CORRECTION,
            UUID.fromString("00000000-0000-0000-0000-000000000001"), Instant.parse("2026-11-24T10:00:00.5Z"),
            new StringBuilder("builder")));
        m.put("nested", Map.of("empty", Map.of(), "list", List.of()));
        StringBuilder expected = new StringBuilder();
        LineBuffer actual = new LineBuffer(4);

        JsonText.value(expected, m);
        actual.value(m);

        assertThat(actual.toByteArray()).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void instant_anyPrecision_writesWhatJsonTextWrites() {
        Instant base = Instant.parse("2026-01-02T03:04:05Z");
        for (Instant t : List.of(base, base.plusMillis(120), base.plus(120, ChronoUnit.MICROS), base.plusNanos(1),
            Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("1969-12-31T23:59:59Z"),
            Instant.parse("+10000-01-01T00:00:00Z"))) {
            StringBuilder expected = new StringBuilder();
            LineBuffer actual = new LineBuffer(4);

            JsonText.instant(expected, t);
            actual.instant(t);

            assertThat(new String(actual.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        }
    }

    @Test
    void writeSample_correction_writesTheStoredLineFormat() {
        LineBuffer out = new LineBuffer(16);

        RecordCodec.writeSampleHead(out, StoreTesting.sample("s1", TaskName.CARD_IDENTIFICATION, SampleSource.CORRECTION));
        RecordCodec.writeSeqTail(out, 42);

        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"s1\","
            + "\"task\":\"card_identification\",\"source\":\"correction\",\"confidence\":0.9,"
            + "\"created_at\":\"" + StoreTesting.T0 + "\",\"user_id\":\"user-1\","
            + "\"input\":{\"ocr_text\":\"MICHAEL JORDAN 1986-87 FLEER #57 BGS 9.5 \\\"rookie\\\"\\n\u00e9\"},"
            + "\"output\":{\"player\":\"Michael Jordan\",\"year\":\"1986\",\"grade\":\"9.5\"},"
            + "\"corrected_fields\":[\"player\"],\"original\":{\"player\":\"Micheal Jordan\"},\"seq\":42}");
    }
}
