/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.Sample;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.spi.Durability;
import com.slabstak.slabml.spi.RecordLimits;
import com.slabstak.slabml.spi.WhenFull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The record codec and the writer's limits, property by property: any value the writer accepts
 * reads back equal; any value it refuses is refused with {@link InvalidInputException} and nothing
 * is written. Values are deep, wide, huge, unicode-edge (unpaired surrogates, NUL, line separators)
 * and numeric-edge (extremes, -0.0, long decimals).
 */
class RecordCodecProperties {
    private static Path dir;
    private static FileSampleStore store;

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("slabml-properties");
        LogSettings settings = new LogSettings(Durability.ASYNC, 4096, WhenFull.BLOCK, Duration.ofSeconds(10), 512,
            LogSettings.DEFAULT_MAX_FILE_BYTES, Duration.ofMillis(1), 1);
        store = new FileSampleStore(dir, settings, StoreTesting.CLOCK);
    }

    @AfterContainer
    static void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static int ids;

    @Property(tries = 400)
    void codec_anyValue_acceptedReadsBackEqualElseRefusedWithTheField(@ForAll("values") Object value) {
        Sample s = StoreTesting.sample("p").toBuilder().putInput("value", value).build();
        boolean accepted;
        try {
            RecordLimits.check("input", s.input());
            accepted = true;
        } catch (InvalidInputException e) {
            assertThat(e.field()).hasValueSatisfying(f -> assertThat(f).startsWith("input.value"));
            accepted = false;
        }
        if (accepted) {
            LineBuffer out = new LineBuffer(256);
            RecordCodec.writeSample(out, s, 7);
            String line = new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
            Sample back = RecordCodec.readSample(line, "f", 1).sample();
            assertThat(same(back.input().get("value"), value)).as("%s read back as %s", value, back.input().get("value"))
                .isTrue();
        }
    }

    @Property(tries = 60)
    void store_anyValue_acceptedIsStoredAndReadBackElseNothingIsWritten(@ForAll("values") Object value) {
        String id = "s" + ids++;
        Sample s = StoreTesting.sample(id).toBuilder().putInput("value", value).build();
        long queuedBefore = store.counters().queued();
        boolean accepted;
        try {
            store.append(s);
            accepted = true;
        } catch (InvalidInputException e) {
            accepted = false;
        }
        if (!accepted) {
            assertThat(store.counters().queued()).isEqualTo(queuedBefore);
            return;
        }
        try (Stream<Sample> read = store.read(TaskName.CARD_IDENTIFICATION)) {
            Sample back = read.filter(x -> x.id().orElseThrow().equals(id)).findFirst().orElseThrow();
            assertThat(same(back.input().get("value"), value)).isTrue();
        }
        assertThat(store.skippedLines()).isEmpty();
    }

    @Property(tries = 40)
    void check_nestingAroundTheLimit_acceptedUpToTheLimitElseTypedError(@ForAll @IntRange(min = 1, max = 400) int depth) {
        Object v = "leaf";
        for (int i = 0; i < depth; i++) {
            v = i % 2 == 0 ? List.of(v) : Map.of("k", v);
        }
        Object value = v;
        if (depth <= RecordLimits.MAX_DEPTH - 1) {
            RecordLimits.check("input.value", value);
        } else {
            assertThatThrownBy(() -> RecordLimits.check("input.value", value)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("levels");
        }
    }

    @Property(tries = 30)
    void check_stringsAroundTheLimit_acceptedUpToTheLimit(@ForAll @IntRange(min = -3, max = 3) int delta) {
        String s = "\u00e9".repeat(RecordLimits.MAX_STRING_CHARS + delta);
        if (delta <= 0) {
            RecordLimits.check("input.value", s);
        } else {
            assertThatThrownBy(() -> RecordLimits.check("input.value", s)).isInstanceOf(InvalidInputException.class);
        }
    }

    @Provide
    Arbitrary<Object> values() {
        return value(4);
    }

    private static Arbitrary<Object> value(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
            strings().map(x -> (Object) x),
            Arbitraries.integers().map(x -> (Object) x),
            Arbitraries.longs().map(x -> (Object) x),
            Arbitraries.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1).map(x -> (Object) x),
            Arbitraries.doubles().map(x -> (Object) x),
            Arbitraries.of(-0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, Double.NaN, Double.POSITIVE_INFINITY)
                .map(x -> (Object) x),
            Arbitraries.bigIntegers().between(BigInteger.TEN.pow(120).negate(), BigInteger.TEN.pow(120))
                .map(x -> (Object) x),
            Arbitraries.of(new BigDecimal("9.50"), new BigDecimal("1E+5"), new BigDecimal("0.000000000000000000001"))
                .map(x -> (Object) x),
            Arbitraries.of(true, false).map(x -> (Object) x),
            Arbitraries.just(null));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> map = Arbitraries.maps(strings().ofMaxLength(12), value(depth - 1)).ofMaxSize(4)
            .map(m -> (Object) new LinkedHashMap<>(m));
        Arbitrary<Object> list = value(depth - 1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l));
        return Arbitraries.frequencyOf(Tuple.of(4, leaf), Tuple.of(1, map), Tuple.of(1, list));
    }

    /** Any text: plain, escapes, unpaired surrogates, emoji, line separators, NUL. */
    private static net.jqwik.api.arbitraries.StringArbitrary strings() {
        return Arbitraries.strings().withChars("ab\"\\\n\u0000\u2028\u00e9\uD800\uDC00\uFFFF")
            .withCharRange('\uD83D', '\uD83D').withCharRange('\uDE00', '\uDE01').withCharRange(' ', '~').ofMaxLength(20);
    }

    /** Whether a value read back is the value written: numbers by value, maps and lists element by element. */
    private static boolean same(Object read, Object written) {
        if (written == null || read == null) {
            return read == written;
        }
        if (written instanceof Number && read instanceof Number) {
            return new BigDecimal(read.toString()).compareTo(new BigDecimal(written.toString())) == 0;
        }
        if (written instanceof Map && read instanceof Map) {
            Map<?, ?> w = (Map<?, ?>) written;
            Map<?, ?> r = (Map<?, ?>) read;
            if (w.size() != r.size()) {
                return false;
            }
            Iterator<? extends Map.Entry<?, ?>> wi = w.entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> ri = r.entrySet().iterator();
            while (wi.hasNext()) {
                Map.Entry<?, ?> we = wi.next();
                Map.Entry<?, ?> re = ri.next();
                if (!we.getKey().equals(re.getKey()) || !same(re.getValue(), we.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (written instanceof List && read instanceof List) {
            List<?> w = (List<?>) written;
            List<?> r = (List<?>) read;
            if (w.size() != r.size()) {
                return false;
            }
            for (int i = 0; i < w.size(); i++) {
                if (!same(r.get(i), w.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return read.equals(written);
    }
}
