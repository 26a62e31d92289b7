/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.dataset;

import com.slabstak.slabml.core.internal.dataset.SampleIndex.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves conflicts: samples whose normalised inputs are equal but whose normalised answers
 * differ. The answer kept is the newest correction by a trusted user (every user is trusted when no
 * trusted users are configured); without one, the answer with the highest summed confidence (ties:
 * the answer with the newest sample). Samples with another answer are dropped; the first
 * {@value QualitySummary#MAX_DETAILS} conflicts are kept for the report, by sample position.
 */
final class Conflicts {
    private long conflicts;
    private long overruled;
    private final List<ConflictAt> conflictDetails = new ArrayList<>();
    /** Ids of the samples the conflict report names, by position. */
    private final Map<Integer, String> names = new HashMap<>();

    /** Keeps one answer among samples with one normalised input and differing answers; drops the others. */
    void resolve(List<Entry> run) {
        conflicts++;
        Entry winner = null;
        String rule;
        for (Entry e : run) {
            if (e.trustedCorrection && (winner == null || Entry.newer(e, winner))) {
                winner = e;
            }
        }
        if (winner != null) {
            rule = "trusted_correction";
        } else {
            rule = "confidence_vote";
            Map<Long, double[]> votes = new HashMap<>();
            Map<Long, Entry> newest = new HashMap<>();
            for (Entry e : run) {
                votes.computeIfAbsent(e.outputKey, k -> new double[1])[0] += e.confidence;
                newest.merge(e.outputKey, e, (a, b) -> Entry.newer(b, a) ? b : a);
            }
            for (Map.Entry<Long, double[]> v : votes.entrySet()) {
                Entry candidate = newest.get(v.getKey());
                if (winner == null) {
                    winner = candidate;
                    continue;
                }
                double best = votes.get(winner.outputKey)[0];
                double mine = v.getValue()[0];
                if (mine > best + 1e-9 || Math.abs(mine - best) <= 1e-9 && Entry.newer(candidate, winner)) {
                    winner = candidate;
                }
            }
        }
        List<Integer> losers = new ArrayList<>();
        for (Entry e : run) {
            if (e.outputKey != winner.outputKey) {
                e.dropped = true;
                overruled++;
                if (losers.size() < QualitySummary.MAX_DETAILS) {
                    losers.add(e.position);
                    remember(e);
                }
            }
        }
        if (conflictDetails.size() < QualitySummary.MAX_DETAILS) {
            conflictDetails.add(new ConflictAt(winner.position, losers, rule));
            remember(winner);
        } else {
            losers.forEach(names::remove);
        }
    }

    private void remember(Entry e) {
        names.put(e.position, e.id);
    }



    long conflicts() {
        return conflicts;
    }

    long overruled() {
        return overruled;
    }

    /** Whether the conflict report names the sample at this position (see {@link #name}). */
    boolean named(int position) {
        return names.containsKey(position);
    }

    /** Records the id of a sample the conflict report names, when the index did not keep ids. */
    void name(int position, String id) {
        if (names.containsKey(position) && id != null) {
            names.put(position, id);
        }
    }

    /** The conflicts kept for the report, samples named by id or {@code #position}. */
    List<QualitySummary.Conflict> details() {
        List<QualitySummary.Conflict> details = new ArrayList<>(conflictDetails.size());
        for (ConflictAt c : conflictDetails) {
            List<String> losers = new ArrayList<>(c.losers.size());
            for (int p : c.losers) {
                losers.add(nameOf(p));
            }
            details.add(new QualitySummary.Conflict(nameOf(c.kept), losers, c.rule));
        }
        return details;
    }

    private String nameOf(int position) {
        String id = names.get(position);
        return id != null ? id : "#" + position;
    }

    /** A conflict by sample positions. */
    private record ConflictAt(int kept, List<Integer> losers, String rule) {
    }
}
