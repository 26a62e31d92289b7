/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.simulator;

import com.slabstak.slabml.StoreException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The simulated backends' shared state on disk, under {@code <data dir>/simulated/}: uploaded
 * training files ({@code files/<id>.jsonl}) and the fine-tuned models that are ready to answer
 * ({@code models/<escaped id>.properties}). The inference side reads it as a {@link ModelSource},
 * so the two providers share no object and no static state.
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
