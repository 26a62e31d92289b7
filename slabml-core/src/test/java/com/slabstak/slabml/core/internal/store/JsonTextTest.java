/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.core.internal.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void instant_anyPrecision_writesWhatInstantToStringWrites() {
        for (String text : List.of("2026-11-24T10:00:00Z", "1970-01-01T00:00:00Z", "2026-01-02T03:04:05.120Z",
            "2026-01-02T03:04:05.000120Z", "2026-01-02T03:04:05.000000001Z", "9999-12-31T23:59:59.999999999Z",
            "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z")) {
            Instant t = Instant.parse(text);
            StringBuilder out = new StringBuilder();

            JsonText.instant(out, t);

            assertThat(out.toString()).isEqualTo("\"" + t + "\"");
        }
    }

    @Test
    void value_stringsWithControlAndQuoteCharacters_parseBackToTheSameText() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plain", "Michael Jordan");
        m.put("tricky", "quote \" backslash \\ newline \n tab \t nul \u0000 line-sep \u2028 é 🏀");
        StringBuilder out = new StringBuilder();

        JsonText.value(out, m);

        assertThat(out.toString()).doesNotContain("\n");
        assertThat(Json.readObject(out.toString())).isEqualTo(m);
    }
}
