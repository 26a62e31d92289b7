/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.evaluation.FieldComparators;
import com.slabstak.slabml.core.internal.serving.DefaultModelRegistry;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ProductionLogStore;
import com.slabstak.slabml.spi.TrainableModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LoopStep#MONITOR}: whether the model serving a task should be retrained, and from which
 * base model. A retrain is due, in this order, when {@code slabml.loop.retrain_every} has passed
 * since the last training; when the serving model's correction rate is shown to have risen since
 * its promotion ({@link DriftWatch}); or when a model serving traffic shuts down within
 * {@code slabml.loop.shutdown_days} days by its provider's {@link ModelCatalog} (a fine-tuned model
 * by the date of its base model; {@code 0} turns this trigger off).
 *
 * <p>When the base model the loop trains from itself shuts down within those days, the round
 * trains from the catalogue's default model instead (its successor, {@code slabml.fine_tuning.base_model}
 * or the provider's default), if that one is a different model and is not shutting down too;
 * otherwise the loop halts in this step and says why, until the catalogue names a successor.
 */
final class RetrainTriggers {
    private final DefaultModelRegistry registry;
    private final ProductionLogStore log;
    private final ModelCatalog catalog;
    private final LoopSettings settings;
    private final LoopJournal journal;
    private final Clock clock;
    private final FieldComparators comparators;
    private final Map<TaskName, DriftWatch> drift = new ConcurrentHashMap<>();

    RetrainTriggers(DefaultModelRegistry registry, ProductionLogStore log, ModelCatalog catalog, LoopSettings settings,
        LoopJournal journal, Clock clock, FieldComparators comparators) {
        this.comparators = comparators;
        this.registry = registry;
        this.log = log;
        this.catalog = catalog;
        this.settings = settings;
        this.journal = journal;
        this.clock = clock;
    }

    String monitor(TaskName task, LoopState s, LoopState next) {
        Deployment d = registry.deployment(task);
        String serving = StepRules.serving(d);
        Instant now = clock.instant();
        Optional<RetrainReason> due = scheduled(s, now).or(() -> drifted(task, serving, now)).or(() -> shutdown(d, now));
        if (due.isEmpty()) {
            if (s.haltReason != null) {
                next.haltReason = null;
                journal.decide(task, next, "resumed", "no retrain is due any more; the halt is lifted (" + s.haltReason
                    + ")", Map.of());
                return null;
            }
            return "monitoring " + serving + ": no retrain due";
        }
        RetrainReason reason = due.get();
        if (settings.retrain() == LoopSettings.Mode.OFF) {
            return "a retrain is due (" + reason.text() + "), but retraining is off (slabml.loop.retrain=off)";
        }
        String from = s.trainFrom != null ? s.trainFrom : d.baseModel();
        Optional<LocalDate> fromEnds = shutsDownSoon(from, now);
        String successor = null;
        if (fromEnds.isPresent()) {
            successor = successor(from, now).orElse(null);
            if (successor == null) {
                return halt(task, s, next, from, fromEnds.get(), reason, now);
            }
        }
        String what = successor == null ? "a retrain (" + reason.text() + ")"
            : "a retrain from " + successor + " (" + reason.text() + ")";
        String manual = StepRules.hold(settings.retrain(), s, LoopStep.MONITOR, what);
        if (manual != null) {
            return manual;
        }
        Map<String, Double> numbers = new LinkedHashMap<>(reason.numbers());
        String text = "retrain: " + reason.text();
        if (successor != null) {
            next.trainFrom = successor;
            numbers.put("base_model_days_left", (double) daysLeft(fromEnds.get(), now));
            text += "; the next round trains from " + successor + ", the catalogue's successor to " + from
                + ", which shuts down on " + fromEnds.get();
        }
        next.step = LoopStep.COLLECT;
        next.retrainReason = reason.text();
        next.haltReason = null;
        next.approved = null;
        journal.decide(task, next, "retrain", text, numbers);
        return null;
    }

    /** Records the halt once (the state keeps it), then waits, saying why, until something changes. */
    private String halt(TaskName task, LoopState s, LoopState next, String from, LocalDate ends, RetrainReason reason,
        Instant now) {
        String why = "halted: a retrain is due, but " + from + ", the base model the loop trains from, shuts down on "
            + ends + " and the " + catalog.provider() + " catalogue names no successor to train from instead ("
            + catalog.defaultModel().map(m -> "its default model " + m + " is the same model or shuts down too")
                .orElse("it has no default model") + "); set slabml.fine_tuning.base_model to a model that stays";
        if (why.equals(s.haltReason)) {
            return why;
        }
        Map<String, Double> numbers = new LinkedHashMap<>(reason.numbers());
        numbers.put("base_model_days_left", (double) daysLeft(ends, now));
        numbers.put("shutdown_days", (double) settings.shutdownDays());
        next.haltReason = why;
        journal.decide(task, next, "halted", why + " (the retrain is due because " + reason.text() + ")", numbers);
        return null;
    }

    private Optional<RetrainReason> scheduled(LoopState s, Instant now) {
        if (settings.retrainEvery().isZero() || s.lastTrainedAt == null
            || now.isBefore(s.lastTrainedAt.plus(settings.retrainEvery()))) {
            return Optional.empty();
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("hours_since_training", (double) Duration.between(s.lastTrainedAt, now).toHours());
        numbers.put("retrain_every_hours", (double) settings.retrainEvery().toHours());
        return Optional.of(new RetrainReason("the scheduled retrain is due (last training " + s.lastTrainedAt
            + ", every " + settings.retrainEvery() + ")", numbers));
    }

    private Optional<RetrainReason> drifted(TaskName task, String serving, Instant now) {
        Instant promotedAt = promotedAt(task, serving);
        DriftWatch w = drift.get(task);
        if (promotedAt != null && (w == null || !w.watches(serving, promotedAt))) {
            w = new DriftWatch(log, comparators, task, serving, promotedAt, settings.driftBaseline(),
                settings.driftAlpha());
            drift.put(task, w);
        }
        return w == null ? Optional.empty() : w.check(now);
    }

    /**
     * The soonest shutdown, by the catalogue, among the models serving traffic (the candidate alone
     * once it serves 100%), when it is within {@code slabml.loop.shutdown_days}.
     */
    private Optional<RetrainReason> shutdown(Deployment d, Instant now) {
        if (settings.shutdownDays() == 0) {
            return Optional.empty();
        }
        Set<String> inUse = new LinkedHashSet<>();
        if (d.candidateModel().isEmpty() || d.rolloutPercent() < 100) {
            inUse.add(d.baseModel());
        }
        d.candidateModel().filter(c -> d.rolloutPercent() > 0).ifPresent(inUse::add);
        String model = null;
        LocalDate date = null;
        for (String m : inUse) {
            Optional<LocalDate> ends = shutsDownSoon(m, now);
            if (ends.isPresent() && (date == null || ends.get().isBefore(date))) {
                model = m;
                date = ends.get();
            }
        }
        if (model == null) {
            return Optional.empty();
        }
        long left = daysLeft(date, now);
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("days_left", (double) left);
        numbers.put("shutdown_days", (double) settings.shutdownDays());
        String base = catalog.find(model).map(TrainableModel::id).filter(id -> !id.equals(d.baseModel())
            && !id.equals(d.candidateModel().orElse(""))).map(id -> " (its base model " + id + ")").orElse("");
        return Optional.of(new RetrainReason(model + base + " shuts down on " + date + " by the " + catalog.provider()
            + " catalogue, " + left + " days from " + today(now) + ", within slabml.loop.shutdown_days="
            + settings.shutdownDays(), numbers));
    }

    /** The catalogue's default model, when it is not {@code from} (or its base) and does not shut down soon. */
    private Optional<String> successor(String from, Instant now) {
        String fromBase = catalog.find(from).map(TrainableModel::id).orElse(from);
        return catalog.defaultModel().filter(m -> !m.equals(from) && !m.equals(fromBase))
            .filter(m -> shutsDownSoon(m, now).isEmpty());
    }

    /** The model's shutdown date by the catalogue, when it is within the configured days (or past). */
    private Optional<LocalDate> shutsDownSoon(String model, Instant now) {
        if (settings.shutdownDays() == 0) {
            return Optional.empty();
        }
        LocalDate limit = today(now).plusDays(settings.shutdownDays());
        return catalog.find(model).flatMap(TrainableModel::shutdownDate).filter(date -> !date.isAfter(limit));
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    private static long daysLeft(LocalDate date, Instant now) {
        return ChronoUnit.DAYS.between(today(now), date);
    }

    private Instant promotedAt(TaskName task, String serving) {
        List<DeploymentEvent> h = registry.history(task);
        for (int i = h.size() - 1; i >= 0; i--) {
            DeploymentEvent e = h.get(i);
            if (e.deployment().candidateModel().map(serving::equals).orElse(false)
                && e.deployment().rolloutPercent() == 100 && "promote".equals(e.action())) {
                return e.at();
            }
        }
        return null;
    }
}
