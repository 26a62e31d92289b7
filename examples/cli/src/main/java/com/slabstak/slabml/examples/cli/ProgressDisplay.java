/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.FineTuningJob;
import com.slabstak.slabml.JobEvent;
import com.slabstak.slabml.JobListener;
import com.slabstak.slabml.JobMetrics;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Shows a job's progress while {@code slabml wait} runs. On a terminal, one line redrawn in place
 * ({@code \r}): status, step / total, train loss, valid loss, elapsed, ETA. Otherwise one plain line
 * per status change and per event, so logs and pipes stay readable.
 */
final class ProgressDisplay implements JobListener {
    private final PrintWriter out;
    private final boolean terminal;
    private final Clock clock;
    private FineTuningJob job;
    private JobMetrics last;
    private Instant firstMetricAt;
    private Instant lastMetricAt;
    private JobMetrics firstMetric;
    private int width;
    private long printedStep = -1;

    ProgressDisplay(PrintWriter out, boolean terminal, Clock clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    @Override
    public void onStatus(FineTuningJob job) {
        this.job = job;
        if (terminal) {
            redraw();
        } else {
            out.println(stamp() + "status " + job.status().value() + statusDetail(job));
            out.flush();
        }
    }

    @Override
    public void onEvent(FineTuningJob job, JobEvent event) {
        this.job = job;
        event.metrics().ifPresent(m -> {
            if (firstMetric == null) {
                firstMetric = m;
                firstMetricAt = event.createdAt();
            }
            last = m;
            lastMetricAt = event.createdAt();
        });
        if (terminal) {
            redraw();
        } else if (event.metrics().isEmpty()) {
            out.println(stamp(event) + "[" + event.level() + "] " + event.message());
            out.flush();
        } else if (worthALine(event.metrics().get())) {
            out.println(stamp(event) + metricsText(event.metrics().get()));
            out.flush();
        }
    }

    /** Plain output shows metrics about every tenth of the job, and the last step. */
    private boolean worthALine(JobMetrics m) {
        boolean show = m.totalSteps() <= 0 || m.step() >= m.totalSteps() || printedStep < 0
            || m.step() * 10 / m.totalSteps() > printedStep * 10 / m.totalSteps();
        if (show) {
            printedStep = m.step();
        }
        return show;
    }

    /** Ends the redrawn line so what follows starts on its own line. */
    void finish() {
        if (terminal && width > 0) {
            out.println();
            out.flush();
            width = 0;
        }
    }

    /** The single progress line: status, step / total, losses, elapsed, ETA. */
    String line() {
        StringBuilder sb = new StringBuilder();
        sb.append(job == null ? "starting" : job.status().value());
        if (last != null) {
            sb.append("  step ").append(last.totalSteps() > 0 ? last.step() + "/" + last.totalSteps() : last.step());
            sb.append("  train loss ").append(num(last.trainLoss()));
            sb.append("  valid loss ").append(num(last.validLoss()));
        }
        if (job != null) {
            sb.append("  elapsed ").append(Views.duration(Duration.between(job.createdAt(), clock.instant())));
            eta().ifPresent(eta -> sb.append("  ETA ").append(Views.duration(eta)));
        }
        return sb.toString();
    }

    private void redraw() {
        String text = line();
        int pad = Math.max(0, width - text.length());
        out.print("\r" + text + " ".repeat(pad));
        out.flush();
        width = text.length();
    }

    private java.util.Optional<Duration> eta() {
        Instant now = clock.instant();
        if (job.isTerminal()) {
            return java.util.Optional.empty();
        }
        if (job.estimatedFinish().isPresent()) {
            Duration d = Duration.between(now, job.estimatedFinish().get());
            return java.util.Optional.of(d.isNegative() ? Duration.ZERO : d);
        }
        if (last != null && firstMetric != null && last.step() > firstMetric.step() && last.totalSteps() > 0) {
            // The provider's own event times give the training speed.
            Duration spent = Duration.between(firstMetricAt, lastMetricAt);
            long done = last.step() - firstMetric.step();
            long left = last.totalSteps() - last.step();
            return java.util.Optional.of(spent.multipliedBy(left).dividedBy(done));
        }
        return java.util.Optional.empty();
    }

    /** How long the job has run: to now, or to when it finished. */
    private String stamp() {
        if (job == null) {
            return "";
        }
        Instant until = job.isTerminal() && job.finishedAt().isPresent() ? job.finishedAt().get() : clock.instant();
        return "[" + Views.duration(Duration.between(job.createdAt(), until)) + "] ";
    }

    /** When the event happened, in the job's time. */
    private String stamp(JobEvent event) {
        if (job == null) {
            return "";
        }
        return "[" + Views.duration(Duration.between(job.createdAt(), event.createdAt())) + "] ";
    }

    private static String statusDetail(FineTuningJob job) {
        if (job.fineTunedModel().isPresent()) {
            return ": " + job.fineTunedModel().get();
        }
        return job.error().map(e -> ": " + e.code() + ": " + e.message()).orElse("");
    }

    static String metricsText(JobMetrics m) {
        String step = m.totalSteps() > 0 ? m.step() + "/" + m.totalSteps() : String.valueOf(m.step());
        return String.format(Locale.ROOT, "step %s  train loss %s  valid loss %s", step, num(m.trainLoss()),
            num(m.validLoss()));
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.4f", d);
    }
}
