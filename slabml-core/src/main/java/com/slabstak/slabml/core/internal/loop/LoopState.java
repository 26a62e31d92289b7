/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.loop;

import com.slabstak.slabml.LoopDecision;
import com.slabstak.slabml.LoopStep;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.TaskName;
import com.slabstak.slabml.core.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task's loop state as it is persisted (JSON under {@code loop/<task>} in the state store):
 * the step and everything a step needs to resume after a restart. Mutable copy of one version.
 */
final class LoopState {
    static final int KEPT_DECISIONS = 20;

    int round;
    LoopStep step = LoopStep.COLLECT;
    String trainFrom;
    String idempotencyKey;
    String trainingFile;
    String validationFile;
    String trainingFileId;
    String validationFileId;
    String jobId;
    String candidate;
    String serving;
    Map<String, Object> gate;
    int stage = -1;
    /** The rollout percentage the loop advanced from into this stage (-1: none); see {@link RolloutStages}. */
    int advancedFrom = -1;
    Instant stageStartedAt;
    long stageStartVolume;
    Instant lastTrainedAt;
    long samplesAtTraining;
    String retrainReason;
    boolean needNewSamples;
    /** Why the loop halted in {@link LoopStep#MONITOR}, while it does; else null. */
    String haltReason;
    LoopStep approved;
    /** The manual step the last run stopped at, waiting for its approval; else null. */
    LoopStep awaiting;
    Instant updatedAt;
    final List<LoopDecision> decisions = new ArrayList<>();
    /** Decisions taken by the step in progress; not persisted. */
    final List<LoopDecision> fresh = new ArrayList<>();

    static String key(TaskName task) {
        return "loop/" + task.value();
    }

    LoopState copy() {
        return parse(toJson());
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", round);
        m.put("step", step.name());
        m.put("train_from", trainFrom);
        m.put("idempotency_key", idempotencyKey);
        m.put("training_file", trainingFile);
        m.put("validation_file", validationFile);
        m.put("training_file_id", trainingFileId);
        m.put("validation_file_id", validationFileId);
        m.put("job_id", jobId);
        m.put("candidate", candidate);
        m.put("serving", serving);
        m.put("gate", gate);
        m.put("stage", stage);
        m.put("advanced_from", advancedFrom);
        m.put("stage_started_at", str(stageStartedAt));
        m.put("stage_start_volume", stageStartVolume);
        m.put("last_trained_at", str(lastTrainedAt));
        m.put("samples_at_training", samplesAtTraining);
        m.put("retrain_reason", retrainReason);
        m.put("need_new_samples", needNewSamples);
        m.put("halt_reason", haltReason);
        m.put("approved", approved == null ? null : approved.name());
        m.put("awaiting", awaiting == null ? null : awaiting.name());
        m.put("updated_at", str(updatedAt));
        List<Map<String, Object>> ds = new ArrayList<>();
        for (LoopDecision d : decisions) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("at", d.at().toString());
            dm.put("round", d.round());
            dm.put("step", d.step().name());
            dm.put("outcome", d.outcome());
            dm.put("reason", d.reason());
            dm.put("numbers", d.numbers());
            ds.add(dm);
        }
        m.put("decisions", ds);
        return Json.write(m);
    }

    @SuppressWarnings("unchecked")
    static LoopState parse(String json) {
        try {
            Map<String, Object> m = Json.readObject(json);
            LoopState s = new LoopState();
            s.round = ((Number) m.get("round")).intValue();
            s.step = LoopStep.valueOf((String) m.get("step"));
            s.trainFrom = (String) m.get("train_from");
            s.idempotencyKey = (String) m.get("idempotency_key");
            s.trainingFile = (String) m.get("training_file");
            s.validationFile = (String) m.get("validation_file");
            s.trainingFileId = (String) m.get("training_file_id");
            s.validationFileId = (String) m.get("validation_file_id");
            s.jobId = (String) m.get("job_id");
            s.candidate = (String) m.get("candidate");
            s.serving = (String) m.get("serving");
            s.gate = (Map<String, Object>) m.get("gate");
            s.stage = ((Number) m.get("stage")).intValue();
            s.advancedFrom = m.get("advanced_from") == null ? -1 : ((Number) m.get("advanced_from")).intValue();
            s.stageStartedAt = instant(m.get("stage_started_at"));
            s.stageStartVolume = ((Number) m.get("stage_start_volume")).longValue();
            s.lastTrainedAt = instant(m.get("last_trained_at"));
            s.samplesAtTraining = ((Number) m.get("samples_at_training")).longValue();
            s.retrainReason = (String) m.get("retrain_reason");
            s.needNewSamples = Boolean.TRUE.equals(m.get("need_new_samples"));
            s.haltReason = (String) m.get("halt_reason");
            s.approved = m.get("approved") == null ? null : LoopStep.valueOf((String) m.get("approved"));
            s.awaiting = m.get("awaiting") == null ? null : LoopStep.valueOf((String) m.get("awaiting"));
            s.updatedAt = instant(m.get("updated_at"));
            for (Object o : (List<Object>) m.get("decisions")) {
                Map<String, Object> dm = (Map<String, Object>) o;
                Map<String, Double> numbers = new LinkedHashMap<>();
                ((Map<String, Object>) dm.get("numbers")).forEach((k, v) -> numbers.put(k, ((Number) v).doubleValue()));
                s.decisions.add(new LoopDecision(Instant.parse((String) dm.get("at")), ((Number) dm.get("round")).intValue(),
                    LoopStep.valueOf((String) dm.get("step")), (String) dm.get("outcome"), (String) dm.get("reason"),
                    numbers));
            }
            return s;
        } catch (RuntimeException e) {
            throw new StoreException("the loop state in the state store is unreadable: " + e.getMessage(), e);
        }
    }

    void decide(LoopDecision d) {
        decisions.add(d);
        while (decisions.size() > KEPT_DECISIONS) {
            decisions.remove(0);
        }
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(Object o) {
        return o == null ? null : Instant.parse((String) o);
    }
}
