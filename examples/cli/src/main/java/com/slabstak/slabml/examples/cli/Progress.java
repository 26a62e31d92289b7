/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A progress bar for verbs that work through a file or a batch: on a terminal one line redrawn in
 * place with the share done, the throughput and the time left; elsewhere nothing, so pipes and
 * logs only get the result. Redrawn at most ten times a second.
 */
class Progress {
    /** Shows nothing. */
    static final Progress NONE = new Progress();

    private static final int BAR = 24;
    private static final Duration REDRAW = Duration.ofMillis(100);

    private final PrintWriter out;
    private final Clock clock;
    private final String label;
    private final String unit;
    private Instant started;
    private Instant drawnAt;
    private long total;
    private long done;
    private int width;

    private Progress() {
        this(null, null, "", "");
    }

    private Progress(PrintWriter out, Clock clock, String label, String unit) {
        this.out = out;
        this.clock = clock;
        this.label = label;
        this.unit = unit;
    }

    /**
     * A bar on the terminal, or {@link #NONE} when output is not a terminal.
     *
     * @param label what is being done, for example {@code collect}
     * @param unit what is counted: {@code bytes} (shown as MB) or a word such as {@code samples}
     */
    static Progress on(CliEnvironment env, String label, String unit) {
        return env.terminal() ? new Progress(env.err(), env.clock(), label, unit) : NONE;
    }

    /** Starts counting towards {@code total} (0 when unknown). */
    void start(long total) {
        if (out == null) {
            return;
        }
        this.total = total;
        this.done = 0;
        this.started = clock.instant();
        this.drawnAt = null;
        draw(false);
    }

    /** Sets how much is done. */
    void advance(long done) {
        if (out == null) {
            return;
        }
        this.done = done;
        Instant now = clock.instant();
        if (drawnAt == null || Duration.between(drawnAt, now).compareTo(REDRAW) >= 0) {
            draw(false);
        }
    }

    /** Draws the final state and ends the line. */
    void finish() {
        if (out == null || started == null) {
            return;
        }
        draw(true);
        started = null;
    }

    private void draw(boolean last) {
        Instant now = clock.instant();
        drawnAt = now;
        double seconds = Math.max(1e-3, Duration.between(started, now).toNanos() / 1e9);
        double rate = done / seconds;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            double share = Math.min(1.0, done / (double) total);
            int filled = (int) Math.round(share * BAR);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3.0f%% ", share * 100));
        }
        sb.append(amount(done));
        if (total > 0) {
            sb.append('/').append(amount(total));
        }
        sb.append("  ").append(rate(rate));
        if (total > 0 && done > 0 && done < total && !last) {
            long eta = (long) Math.ceil((total - done) / Math.max(rate, 1e-9));
            sb.append("  ETA ").append(eta / 60 > 0 ? (eta / 60) + "m" : "").append(eta % 60).append('s');
        }
        String text = sb.toString();
        int pad = Math.max(0, width - text.length());
        width = text.length();
        out.print('\r' + text + " ".repeat(pad));
        if (last) {
            out.println();
        }
        out.flush();
    }

    private String amount(long n) {
        if (unit.equals("bytes")) {
            return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%,d", n);
    }

    private String rate(double perSecond) {
        if (unit.equals("bytes")) {
            return String.format(Locale.ROOT, "%.1f MB/s", perSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%,.0f %s/s", perSecond, unit);
    }
}
