/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.quickstart;

import com.slabstak.slabml.Arm;
import com.slabstak.slabml.CardData;
import com.slabstak.slabml.Prediction;
import com.slabstak.slabml.ProductionRecord;
import com.slabstak.slabml.RequestContext;
import com.slabstak.slabml.core.SlabMl;
import com.slabstak.slabml.simulator.CardSampleGenerator;
import com.slabstak.slabml.simulator.ManualClock;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Production traffic during the rollout: requests from a fixed set of users, served by the model
 * the registry and the sticky selector choose, each followed by the user's reaction (a rating, and
 * a correction when a core field is wrong), tracked for the guardrail and the monthly report.
 */
final class Traffic {
    /** Users whose requests are served. */
    static final int USERS = 120;

    private final SlabMl ml;
    private final CardSampleGenerator generator;
    private final Clock clock;
    private final PrintStream out;
    private int served;

    Traffic(SlabMl ml, CardSampleGenerator generator, Clock clock, PrintStream out) {
        this.ml = ml;
        this.generator = generator;
        this.clock = clock;
        this.out = out;
    }

    /** Serves {@code n} requests with sticky subjects, 90 simulated seconds apart, and tracks each user's reaction. */
    void serve(int n) {
        List<CardSampleGenerator.CardSample> cards = generator.cards(n);
        Map<String, Integer> perArm = new TreeMap<>();
        Map<String, Arm> armOfUser = new HashMap<>();
        int fallbacks = 0;
        int corrected = 0;
        boolean sticky = true;
        Prediction<CardData> example = null;
        for (int i = 0; i < n; i++) {
            CardSampleGenerator.CardSample c = cards.get(i);
            String user = String.format(Locale.ROOT, "user-%03d", (served + i) % USERS + 1);
            Prediction<CardData> p = ml.models().identifyCard(c.ocrText(), RequestContext.forSubject(user));
            Arm arm = p.metadata().arm();
            perArm.merge(arm.value(), 1, Integer::sum);
            Arm before = armOfUser.putIfAbsent(user, arm);
            if (before != null && before != arm && p.metadata().fallbackReason().isEmpty()) {
                sticky = false;
            }
            if (p.metadata().fallbackReason().isPresent()) {
                fallbacks++;
            }
            if (example == null && p.metadata().finetuned()) {
                example = p;
            }
            boolean right = right(p.value(), c.card());
            ProductionRecord.Builder r = ProductionRecord.builder().task(Loop.CARD).modelId(p.metadata().modelUsed())
                .arm(arm).prediction(p.value().toMap()).subject(user)
                .latencyMillis(p.metadata().latency().toMillis()).usage(p.metadata().usage())
                .rating(right ? (i % 4 == 0 ? 4 : 5) : 2);
            if (!right) {
                r.correction(c.card().toMap());
                corrected++;
            }
            ml.evaluator().trackProduction(r.build());
            if (clock instanceof ManualClock) {
                ((ManualClock) clock).advance(Duration.ofSeconds(90));
            }
        }
        served += n;
        out.printf("  served %d requests from %d users: arms %s, fallbacks %d, corrected by users %d, sticky %s%n",
            n, armOfUser.size(), perArm, fallbacks, corrected, sticky ? "yes" : "NO");
        if (example != null) {
            out.printf("  e.g. %s -> %s (arm %s, bucket %s)%n", example.metadata().modelUsed(), example.value().player(),
                example.metadata().arm().value(),
                example.metadata().bucket().isPresent() ? example.metadata().bucket().getAsInt() : "-");
        }
    }

    /** Whether the user would accept the answer: every core field right, as the evaluator compares fields. */
    private boolean right(CardData predicted, CardData truth) {
        Map<String, Object> p = new LinkedHashMap<>();
        Map<String, Object> t = new LinkedHashMap<>();
        for (String f : CardData.CORE_FIELDS) {
            predicted.get(f).ifPresent(v -> p.put(f, v));
            truth.get(f).ifPresent(v -> t.put(f, v));
        }
        return ml.evaluator().evaluate(Loop.CARD, List.of(p), List.of(t)).exactMatch().successes() == 1;
    }
}
