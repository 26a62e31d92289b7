/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.ProgressListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * A progress bar for verbs that work through a file or a batch, on standard error: on a terminal
 * one line redrawn in place with the share done, the throughput and the time left (at most ten
 * times a second); with {@code --progress} elsewhere, a plain line at each tenth (or every ten
 * seconds when the total is unknown) and at the end; otherwise, or with {@code --quiet}, nothing,
 * so pipes and logs only get the result.
 */
class Progress {
    /** Shows nothing. */
    static final Progress NONE = new Progress();

    private static final int BAR = 24;
    private static final Duration REDRAW = Duration.ofMillis(100);
    private static final Duration PLAIN_EVERY = Duration.ofSeconds(10);

    /** What {@link #waiting} shows, until closed. */
    interface Waiting extends AutoCloseable {
        @Override
        void close();
    }

    /** The options of verbs that show progress. */
    static final class Options {
        @Option(names = "--progress", description = "Show progress as plain lines on standard error even when it "
            + "is not a terminal (on a terminal a bar is drawn anyway).")
        boolean force;

        @Option(names = "--quiet", description = "Show no progress, not even on a terminal.")
        boolean quiet;
    }

    private final PrintWriter out;
    private final Clock clock;
    private final String label;
    private final String unit;
    private final boolean redraw;
    private Instant started;
    private Instant drawnAt;
    private long total;
    private long done;
    private long shownTenth;
    private int width;

    private Progress() {
        this(null, null, "", "", false);
    }

    private Progress(PrintWriter out, Clock clock, String label, String unit, boolean redraw) {
        this.out = out;
        this.clock = clock;
        this.label = label;
        this.unit = unit;
        this.redraw = redraw;
    }

    /**
     * A bar on the terminal, or {@link #NONE} when output is not a terminal.
     *
     * @param label what is being done, for example {@code collect}
     * @param unit what is counted: {@code bytes} (shown as MB) or a word such as {@code samples}
     */
    static Progress on(CliEnvironment env, String label, String unit) {
        return on(env, null, label, unit);
    }

    /** A bar on the terminal, plain lines when forced, else {@link #NONE}; {@code --quiet} wins. */
    static Progress on(CliEnvironment env, Options options, String label, String unit) {
        boolean quiet = options != null && options.quiet;
        boolean force = options != null && options.force;
        if (quiet || !env.terminal() && !force) {
            return NONE;
        }
        return new Progress(env.err(), env.clock(), label, unit, env.terminal());
    }

    /**
     * A listener for the library's steps: each step gets its own bar, labelled by the step and
     * counted in {@code bytes} for {@code check} and in samples otherwise.
     */
    static ProgressListener listener(CliEnvironment env, Options options, String verb) {
        if (on(env, options, verb, "") == NONE) {
            return ProgressListener.NONE;
        }
        return new ProgressListener() {
            private String step;
            private Progress bar = Progress.NONE;

            @Override
            public void progress(String s, long done, long total) {
                if (!s.equals(step)) {
                    bar.finish();
                    step = s;
                    bar = on(env, options, verb + " " + s, s.equals("check") ? "bytes" : "samples");
                    bar.start(total);
                }
                bar.total = total;
                bar.advance(done);
                if (total > 0 && done >= total) {
                    bar.finish();
                }
            }
        };
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
        this.shownTenth = -1;
        draw(false);
    }

    /** Sets how much is done. */
    void advance(long done) {
        if (out == null || started == null) {
            return;
        }
        this.done = done;
        Instant now = clock.instant();
        if (redraw) {
            if (drawnAt == null || Duration.between(drawnAt, now).compareTo(REDRAW) >= 0) {
                draw(false);
            }
        } else if (total > 0 ? tenth() > shownTenth : Duration.between(drawnAt, now).compareTo(PLAIN_EVERY) >= 0) {
            draw(false);
        }
    }

    /** Draws the final state and ends the line (in plain lines, unless the last line shows it). */
    void finish() {
        if (out == null || started == null) {
            return;
        }
        if (redraw || total <= 0 || shownTenth < 10) {
            draw(true);
        }
        started = null;
    }

    /**
     * Shows that something runs whose progress cannot be told, such as an upload the provider's
     * client sends in one call: on a terminal the text and the seconds elapsed, redrawn, and with
     * {@code --progress} elsewhere the text once and a line every ten seconds. Close it when the
     * work ends.
     */
    static Waiting waiting(CliEnvironment env, Options options, String text) {
        if (on(env, options, text, "") == NONE) {
            return () -> { };
        }
        PrintWriter err = env.err();
        Instant start = env.clock().instant();
        boolean terminal = env.terminal();
        Runnable show = () -> {
            long s = Duration.between(start, env.clock().instant()).toSeconds();
            synchronized (err) {
                err.print(terminal ? "\r" + text + "  " + s + "s" : text + "  " + s + "s\n");
                err.flush();
            }
        };
        show.run();
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "slabml-progress");
                t.setDaemon(true);
                return t;
            });
        long every = terminal ? 200 : PLAIN_EVERY.toMillis();
        timer.scheduleAtFixedRate(show, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        return () -> {
            timer.shutdownNow();
            synchronized (err) {
                long s = Duration.between(start, env.clock().instant()).toSeconds();
                err.print((terminal ? "\r" : "") + text + "  " + s + "s, ended\n");
                err.flush();
            }
        };
    }

    private long tenth() {
        return Math.min(10, done * 10 / Math.max(1, total));
    }

    /** The line as it stands: label, bar and share, amount, rate and time left. */
    String text(boolean last) {
        Instant now = clock.instant();
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
        return sb.toString();
    }

    private void draw(boolean last) {
        drawnAt = clock.instant();
        String text = text(last);
        if (redraw) {
            int pad = Math.max(0, width - text.length());
            width = text.length();
            out.print('\r' + text + " ".repeat(pad));
            if (last) {
                out.println();
            }
        } else {
            shownTenth = total > 0 ? tenth() : shownTenth;
            out.println(text);
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
