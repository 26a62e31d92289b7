/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.JobStatus;
import com.slabstak.slabml.ModelInfo;
import com.slabstak.slabml.NotFoundException;
import com.slabstak.slabml.PermissionDeniedException;
import com.slabstak.slabml.simulator.ModelSource.ModelState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The models of a {@link SimulatedFineTuningBackend}: its base models, and the fine-tuned models of
 * its succeeded jobs, which are "not found" while they settle after their job and stop answering
 * once deleted. Ready models are mirrored to the persistence directory, when there is one, for
 * the inference side. Not thread-safe: the backend guards it with its lock.
 */
final class SimulatedModels {
    /** OpenAI's fine-tunable base models, with their shutdown date or {@code null}. */
    static final Map<String, LocalDate> OPENAI_BASE_MODELS = openAiBaseModels();

    private static final Instant BASE_CREATED = Instant.parse("2024-07-18T00:00:00Z");

    private final Map<String, LocalDate> baseModels;
    private final String organization;
    private final Duration settle;
    private final Path persistenceDirectory;
    private final Set<String> deleted = new TreeSet<>();
    private final Set<String> persisted = new TreeSet<>();

    /**
     * @param baseModels the base models with their shutdown date or {@code null}
     * @param persistenceDirectory where ready models are mirrored, or {@code null}
     */
    SimulatedModels(Map<String, LocalDate> baseModels, String organization, Duration settle, Path persistenceDirectory) {
        this.baseModels = baseModels;
        this.organization = organization;
        this.settle = settle;
        this.persistenceDirectory = persistenceDirectory;
    }

    Set<String> baseModelIds() {
        return baseModels.keySet();
    }

    Duration settle() {
        return settle;
    }

    /** Whether a job can start from this model: a base model, or a fine-tuned one that succeeded and exists. */
    boolean isFineTunable(Collection<SimulatedJob> jobs, String model, Instant now) {
        if (baseModels.containsKey(model)) {
            return true;
        }
        for (SimulatedJob j : jobs) {
            if (model.equals(j.fineTunedModel) && !deleted.contains(model)
                    && j.timeline(now).status.equals(JobStatus.SUCCEEDED)) {
                return true;
            }
        }
        return false;
    }

    /** Base models first, then the ready fine-tuned models, oldest job first. */
    List<ModelInfo> list(Collection<SimulatedJob> jobs, Instant now) {
        List<ModelInfo> out = new ArrayList<>();
        for (Map.Entry<String, LocalDate> e : baseModels.entrySet()) {
            out.add(baseInfo(e.getKey(), e.getValue()));
        }
        for (SimulatedJob j : jobs) {
            ModelInfo info = tunedInfo(j, now);
            if (info != null) {
                out.add(info);
            }
        }
        return List.copyOf(out);
    }

    ModelInfo retrieve(Collection<SimulatedJob> jobs, String modelId, Instant now) {
        if (baseModels.containsKey(modelId)) {
            return baseInfo(modelId, baseModels.get(modelId));
        }
        return listedTuned(jobs, modelId, now).orElseThrow(() -> notFound(modelId));
    }

    /** Deletes a listed fine-tuned model; base models cannot be deleted. */
    void delete(Collection<SimulatedJob> jobs, String modelId, Instant now) {
        if (baseModels.containsKey(modelId)) {
            throw new PermissionDeniedException("You are not allowed to delete model " + modelId,
                "model_not_deletable", null);
        }
        if (listedTuned(jobs, modelId, now).isEmpty()) {
            throw notFound(modelId);
        }
        deleted.add(modelId);
        if (persistenceDirectory != null) {
            SimulatedModelDirectory.deleteModel(persistenceDirectory, modelId);
        }
    }

    /** What inference sees of {@code model} at {@code now}. */
    ModelState state(Collection<SimulatedJob> jobs, String model, Instant now) {
        if (baseModels.containsKey(model)) {
            return ModelState.base(model);
        }
        for (SimulatedJob j : jobs) {
            SimulatedJob.Timeline t = j.timeline(now);
            if (model.equals(j.fineTunedModel) && t.status.equals(JobStatus.SUCCEEDED) && !deleted.contains(model)) {
                if (now.isBefore(t.finishedAt.plus(settle))) {
                    return ModelState.LOADING;
                }
                return ModelState.tuned(j.request.model(), j.trainingContent);
            }
        }
        return ModelState.UNKNOWN;
    }

    /** Mirrors the models that became ready by {@code now} to the persistence directory. */
    void persistNewlyReady(Collection<SimulatedJob> jobs, Instant now) {
        if (persistenceDirectory == null) {
            return;
        }
        for (SimulatedJob j : jobs) {
            if (persisted.contains(j.fineTunedModel) || deleted.contains(j.fineTunedModel)) {
                continue;
            }
            SimulatedJob.Timeline t = j.timeline(now);
            if (t.status.equals(JobStatus.SUCCEEDED) && !now.isBefore(t.finishedAt.plus(settle))) {
                SimulatedModelDirectory.writeReadyModel(persistenceDirectory, j.fineTunedModel, j.request.model(),
                    j.request.trainingFileId());
                persisted.add(j.fineTunedModel);
            }
        }
    }

    /** Forgets the deleted models. */
    void reset() {
        deleted.clear();
    }

    private ModelInfo baseInfo(String id, LocalDate shutdown) {
        return ModelInfo.builder().id(id).ownedBy("system").createdAt(BASE_CREATED).shutdownDate(shutdown).build();
    }

    private ModelInfo tunedInfo(SimulatedJob j, Instant now) {
        if (deleted.contains(j.fineTunedModel)) {
            return null;
        }
        SimulatedJob.Timeline t = j.timeline(now);
        if (!t.status.equals(JobStatus.SUCCEEDED) || now.isBefore(t.finishedAt.plus(settle))) {
            return null; // a model is not listed (and not found) while it loads
        }
        String base = j.request.model();
        return ModelInfo.builder().id(j.fineTunedModel).ownedBy(organization).createdAt(t.finishedAt)
            .baseModel(base).shutdownDate(baseModels.get(base)).build();
    }

    /** The fine-tuned model with this id as {@link #list} would list it, if it does. */
    private Optional<ModelInfo> listedTuned(Collection<SimulatedJob> jobs, String modelId, Instant now) {
        for (SimulatedJob j : jobs) {
            ModelInfo info = tunedInfo(j, now);
            if (info != null && info.id().equals(modelId)) {
                return Optional.of(info);
            }
        }
        return Optional.empty();
    }

    private static NotFoundException notFound(String modelId) {
        return new NotFoundException("The model '" + modelId + "' does not exist", "model_not_found", null);
    }

    private static Map<String, LocalDate> openAiBaseModels() {
        Map<String, LocalDate> m = new LinkedHashMap<>();
        m.put("gpt-4o-mini-2024-07-18", null);
        m.put("gpt-4o-2024-08-06", null);
        m.put("gpt-4.1-2025-04-14", null);
        m.put("gpt-4.1-mini-2025-04-14", null);
        m.put("gpt-4.1-nano-2025-04-14", null);
        m.put("gpt-3.5-turbo-0125", LocalDate.parse("2026-09-30"));
        return Collections.unmodifiableMap(m);
    }
}
