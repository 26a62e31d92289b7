/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.StoreException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The simulated backends' shared state on disk, under {@code <data dir>/simulated/}: uploaded
 * training files ({@code files/<id>.jsonl}) and the fine-tuned models that are ready to answer
 * ({@code models/<escaped id>.properties}). The fine-tuning side writes it; the inference side
 * reads it as a {@link ModelSource}, so the two providers share no object and no static state.
 */
final class SimulatedModelDirectory implements ModelSource {
    private final Path root;
    private final java.util.Set<String> baseModels;
    /** Ready models read so far; a model file never changes once written, only disappears. */
    private final java.util.Map<String, ModelState> ready = new java.util.concurrent.ConcurrentHashMap<>();

    SimulatedModelDirectory(Path root, java.util.Set<String> baseModels) {
        this.root = root;
        this.baseModels = baseModels;
    }

    static Path root(Path dataDirectory) {
        return dataDirectory.resolve("simulated");
    }

    static Path file(Path root, String fileId) {
        return root.resolve("files").resolve(escape(fileId) + ".jsonl");
    }

    static Path modelFile(Path root, String model) {
        return root.resolve("models").resolve(escape(model) + ".properties");
    }

    /** Reads an uploaded file's text. */
    static String readUpload(Path root, String fileId) {
        try {
            return Files.readString(file(root, fileId), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read simulated upload " + fileId, e);
        }
    }

    /** Stores an uploaded file's text, for a restarted process and the inference side. */
    static void writeUpload(Path root, String fileId, String content) {
        try {
            writeAtomically(file(root, fileId), content);
        } catch (IOException e) {
            throw new StoreException("cannot store simulated upload " + fileId, e);
        }
    }

    /** Records a fine-tuned model as ready to answer, tuned from {@code baseModel} on {@code trainingFileId}. */
    static void writeReadyModel(Path root, String model, String baseModel, String trainingFileId) {
        Properties p = new Properties();
        p.setProperty("model", model);
        p.setProperty("base_model", baseModel);
        p.setProperty("training_file", trainingFileId);
        try {
            StringWriter text = new StringWriter();
            p.store(text, null);
            writeAtomically(modelFile(root, model), text.toString());
        } catch (IOException e) {
            throw new StoreException("cannot store simulated model " + model, e);
        }
    }

    /** Forgets a deleted model: it no longer answers. */
    static void deleteModel(Path root, String model) {
        try {
            Files.deleteIfExists(modelFile(root, model));
        } catch (IOException e) {
            throw new StoreException("cannot delete simulated model " + model, e);
        }
    }

    /** Writes UTF-8 text to a sibling temporary file, then moves it over the target in one step. */
    private static void writeAtomically(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String escape(String id) {
        StringBuilder sb = new StringBuilder();
        for (char c : id.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' ? c : '_');
        }
        return sb.toString();
    }

    @Override
    public ModelState state(String model) {
        if (baseModels.contains(model)) {
            return ModelState.base(model);
        }
        Path f = modelFile(root, model);
        if (!Files.isRegularFile(f)) {
            ready.remove(model);
            return ModelState.UNKNOWN;
        }
        ModelState known = ready.get(model);
        if (known != null) {
            return known;
        }
        try {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            if (!model.equals(p.getProperty("model"))) {
                return ModelState.UNKNOWN;
            }
            String training = Files.readString(file(root, p.getProperty("training_file", "")), StandardCharsets.UTF_8);
            ModelState state = ModelState.tuned(p.getProperty("base_model"), training);
            if (ready.size() > 32) {
                ready.clear();
            }
            ready.put(model, state);
            return state;
        } catch (IOException e) {
            throw new StoreException("cannot read simulated model " + model, e);
        }
    }
}
