/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.finetune;

import com.slabstak.slabml.Hyperparameters;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.JobRequest;
import com.slabstak.slabml.StoreException;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ParameterRange;
import com.slabstak.slabml.spi.TrainableModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks of what callers pass to the fine-tuning manager: files, job ids, model names, page
 * sizes, and jobs against the provider's catalogue. Each failure is an
 * {@link InvalidInputException} naming the field.
 */
final class JobInputs {
    /** Largest page size of list calls. */
    static final int MAX_LIMIT = 100;
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private JobInputs() {
    }

    /**
     * Checks a job against the catalogue entry of its model, when the catalogue lists it: the
     * method must be one the model trains with, and each hyperparameter set must lie in the
     * model's range. A model the catalogue does not list is left to the provider.
     */
    static void checkAgainstCatalog(ModelCatalog catalog, JobRequest request) {
        Optional<TrainableModel> found = catalog.find(request.model());
        if (found.isEmpty()) {
            return;
        }
        TrainableModel m = found.get();
        if (!m.supports(request.method())) {
            throw new InvalidInputException("method", m.id() + " does not train with " + request.method()
                + " (it trains with " + m.methods() + "); models of " + catalog.provider() + " that do: "
                + catalog.supporting(request.method()).stream().map(TrainableModel::id).toList());
        }
        Hyperparameters h = request.hyperparameters();
        h.epochs().ifPresent(v -> m.range(ParameterRange.EPOCHS).ifPresent(r -> r.check(v)));
        h.batchSize().ifPresent(v -> m.range(ParameterRange.BATCH_SIZE).ifPresent(r -> r.check(v)));
        h.learningRateMultiplier().ifPresent(v -> m.range(ParameterRange.LEARNING_RATE_MULTIPLIER)
            .ifPresent(r -> r.check(v)));
        h.beta().ifPresent(v -> m.range(ParameterRange.BETA).ifPresent(r -> r.check(v)));
    }

    /** Checks a local JSONL file and returns its real path. */
    static Path checkFile(Path file, long maxFileBytes) {
        Objects.requireNonNull(file, "file");
        String shown = String.valueOf(file.getFileName());
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("file", "'" + file + "' does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("file", "'" + file + "' cannot be read: " + e.getMessage());
        }
        if (!Files.isRegularFile(real)) {
            throw new InvalidInputException("file", "'" + file + "' is not a regular file");
        }
        String name = real.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".jsonl") || name.length() <= ".jsonl".length()) {
            throw new InvalidInputException("file", "'" + shown + "' must be a .jsonl file"
                + (name.equals(shown) ? "" : " (it links to '" + name + "')"));
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new InvalidInputException("file", "file name contains a control character");
            }
        }
        long size;
        try {
            size = Files.size(real);
        } catch (IOException e) {
            throw new StoreException("cannot read the size of " + name, e);
        }
        if (size > maxFileBytes) {
            throw new InvalidInputException("file", "'" + name + "' is " + size + " bytes; at most "
                + maxFileBytes + " bytes can be uploaded");
        }
        return real;
    }

    static String checkModel(String model) {
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new InvalidInputException("model", "must not be blank");
        }
        return model;
    }

    static String checkJobId(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new InvalidInputException("job_id", "'" + jobId + "' is not a job id (letters, digits, '-', '_', ':', '.')");
        }
        return jobId;
    }

    static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be 1-" + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }
}
