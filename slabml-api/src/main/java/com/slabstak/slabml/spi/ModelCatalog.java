/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.spi;

import com.slabstak.slabml.InvalidInputException;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a fine-tuning provider trains: its base models ({@link TrainableModel}), the training
 * files it accepts ({@link DatasetLimits}), the model it trains when none is named, and the day it
 * stops taking new jobs, if announced. Read without credentials, so datasets can be checked,
 * priced and exported offline. The core adds the models a host declares in configuration.
 *
 * <p>A fine-tuned model id resolves to its base model through the provider's naming rule
 * ({@link Builder#baseModelOf}).
 *
 * <pre>{@code
 * ModelCatalog catalog = ModelCatalog.builder("acme")
 *     .limits(new DatasetLimits(10, 100L * 1024 * 1024))
 *     .add(TrainableModel.builder("acme-small").contextTokens(16_384).build())
 *     .defaultModel("acme-small")
 *     .baseModelOf(id -> id.startsWith("ft:") ? Optional.of(id.substring(3)) : Optional.empty())
 *     .build();
 * TrainableModel m = catalog.require("ft:acme-small");
 * }</pre>
 *
 * @since 0.2
 */
public final class ModelCatalog {
    private final String provider;
    private final Map<String, TrainableModel> models;
    private final DatasetLimits limits;
    private final String defaultModel;
    private final LocalDate newJobsEnd;
    private final Function<String, Optional<String>> baseModelOf;
    private final java.util.function.IntUnaryOperator autoEpochs;
    private final int maxJobMetadata;
    private final Map<String, InferencePrice> inferencePrices;

    private ModelCatalog(Builder b) {
        this.provider = b.provider;
        this.models = Collections.unmodifiableMap(new LinkedHashMap<>(b.models));
        this.limits = b.limits;
        this.defaultModel = b.defaultModel;
        this.newJobsEnd = b.newJobsEnd;
        this.baseModelOf = b.baseModelOf;
        this.autoEpochs = b.autoEpochs;
        this.maxJobMetadata = b.maxJobMetadata;
        this.inferencePrices = Collections.unmodifiableMap(new LinkedHashMap<>(b.inferencePrices));
        if (defaultModel != null && !models.containsKey(defaultModel)) {
            throw new InvalidInputException("default_model",
                "'" + defaultModel + "' is not in the catalogue of " + provider + "; known models: " + known());
        }
    }

    /**
     * Returns an empty builder.
     *
     * @param provider the provider's name, as its {@code name()} returns it
     * @return the builder
     */
    public static Builder builder(String provider) {
        return new Builder(provider);
    }

    /**
     * Returns a catalogue that lists no model: every model must be declared in configuration.
     *
     * @param provider the provider's name
     * @return the catalogue
     */
    public static ModelCatalog empty(String provider) {
        return builder(provider).build();
    }

    /**
     * Returns a builder that starts from this catalogue.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(provider);
        b.models.putAll(models);
        b.limits = limits;
        b.defaultModel = defaultModel;
        b.newJobsEnd = newJobsEnd;
        b.baseModelOf = baseModelOf;
        b.autoEpochs = autoEpochs;
        b.maxJobMetadata = maxJobMetadata;
        b.inferencePrices.putAll(inferencePrices);
        return b;
    }

    /**
     * Returns the most metadata pairs a job may carry at the provider, the idempotency key
     * included, when it limits them.
     *
     * @return the limit, or empty when the provider sets none
     * @since 0.2
     */
    public java.util.OptionalInt maxJobMetadata() {
        return maxJobMetadata > 0 ? java.util.OptionalInt.of(maxJobMetadata) : java.util.OptionalInt.empty();
    }

    /**
     * Returns the epochs the provider trains for when a job asks for {@code auto}, on a training
     * file of {@code examples} examples: the provider's own rule, or 1 when it states none.
     *
     * @param examples training examples, at least 1
     * @return the epochs, at least 1
     * @throws InvalidInputException when {@code examples} is not positive
     * @since 0.2
     */
    public int autoEpochs(int examples) {
        if (examples <= 0) {
            throw new InvalidInputException("examples", "must be positive, was " + examples);
        }
        return Math.max(1, autoEpochs.applyAsInt(examples));
    }

    /** @return the provider's name */
    public String provider() {
        return provider;
    }

    /** @return every model by id, in the order added */
    public Map<String, TrainableModel> models() {
        return models;
    }

    /** @return what training files the provider accepts */
    public DatasetLimits limits() {
        return limits;
    }

    /** @return the model trained when none is named, if the catalogue has one */
    public Optional<String> defaultModel() {
        return Optional.ofNullable(defaultModel);
    }

    /** @return the last day the provider takes new jobs, if announced */
    public Optional<LocalDate> newJobsEnd() {
        return Optional.ofNullable(newJobsEnd);
    }

    /**
     * The provider's list prices for serving models, by model-id prefix (the longest matching
     * prefix applies), for the cost figures of comparisons and monthly analyses.
     *
     * @return the prices by prefix
     */
    public Map<String, InferencePrice> inferencePrices() {
        return inferencePrices;
    }

    /**
     * Finds a model; a fine-tuned model id resolves to its base model.
     *
     * @param model a base or fine-tuned model id
     * @return the entry, if known
     */
    public Optional<TrainableModel> find(String model) {
        Objects.requireNonNull(model, "model");
        TrainableModel m = models.get(model);
        if (m == null) {
            m = baseModelOf.apply(model).map(models::get).orElse(null);
        }
        return Optional.ofNullable(m);
    }

    /**
     * Returns a model's entry.
     *
     * @param model a base or fine-tuned model id
     * @return the entry
     * @throws InvalidInputException naming the model and listing the known ones
     */
    public TrainableModel require(String model) {
        return find(model).orElseThrow(() -> new InvalidInputException("model",
            "unknown model '" + model + "' for provider " + provider + "; known models: " + known()
                + " (declare another with slabml.models)"));
    }

    /**
     * Returns the models trained with a method.
     *
     * @param method the method
     * @return the models, in catalogue order
     */
    public List<TrainableModel> supporting(TrainingMethod method) {
        return models.values().stream().filter(m -> m.supports(method)).toList();
    }

    private String known() {
        return models.isEmpty() ? "none" : String.join(", ", models.keySet());
    }

    @Override
    public String toString() {
        return "ModelCatalog{" + provider + ", models=" + models.keySet() + ", limits=" + limits
            + (defaultModel == null ? "" : ", default=" + defaultModel) + '}';
    }

    /** Builds {@link ModelCatalog} values. */
    public static final class Builder {
        private final String provider;
        private final Map<String, TrainableModel> models = new LinkedHashMap<>();
        private DatasetLimits limits = DatasetLimits.NONE;
        private String defaultModel;
        private LocalDate newJobsEnd;
        private Function<String, Optional<String>> baseModelOf = id -> Optional.empty();
        private java.util.function.IntUnaryOperator autoEpochs = n -> 1;
        private int maxJobMetadata;
        private final Map<String, InferencePrice> inferencePrices = new LinkedHashMap<>();

        private Builder(String provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        /**
         * Adds or replaces a model.
         *
         * @param model the model
         * @return this builder
         */
        public Builder add(TrainableModel model) {
            models.put(model.id(), model);
            return this;
        }

        /**
         * Sets the training file limits; defaults to {@link DatasetLimits#NONE}.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(DatasetLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets the model trained when none is named.
         *
         * @param model a model of this catalogue, or {@code null} for none
         * @return this builder
         */
        public Builder defaultModel(String model) {
            this.defaultModel = model;
            return this;
        }

        /**
         * Sets the last day the provider takes new jobs.
         *
         * @param date the date, or {@code null} for none announced
         * @return this builder
         */
        public Builder newJobsEnd(LocalDate date) {
            this.newJobsEnd = date;
            return this;
        }

        /**
         * Sets the provider's rule from a fine-tuned model id to its base model id.
         *
         * @param rule returns the base model id, or empty when the id is not a fine-tune
         * @return this builder
         */
        public Builder baseModelOf(Function<String, Optional<String>> rule) {
            this.baseModelOf = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * Sets the provider's rule for the epochs of a job that asks for {@code auto}, from the
         * number of training examples (default: 1 epoch).
         *
         * @param rule examples to epochs
         * @return this builder
         * @since 0.2
         */
        public Builder autoEpochs(java.util.function.IntUnaryOperator rule) {
            this.autoEpochs = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * Sets the most metadata pairs a job may carry at the provider, the idempotency key included.
         *
         * @param pairs at least 2 (one holds the idempotency key)
         * @return this builder
         * @throws InvalidInputException when {@code pairs} is below 2
         * @since 0.2
         */
        public Builder maxJobMetadata(int pairs) {
            if (pairs < 2) {
                throw new InvalidInputException("max_job_metadata", "must be at least 2, was " + pairs);
            }
            this.maxJobMetadata = pairs;
            return this;
        }

        /**
         * Adds or replaces the serving price of the models whose id starts with {@code prefix}.
         *
         * @param prefix a model id or its start, such as a family name
         * @param price  the list price
         * @return this builder
         */
        public Builder putInferencePrice(String prefix, InferencePrice price) {
            inferencePrices.put(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(price, "price"));
            return this;
        }

        /**
         * Builds the catalogue.
         *
         * @return the catalogue
         * @throws InvalidInputException if the default model is not in the catalogue
         */
        public ModelCatalog build() {
            return new ModelCatalog(this);
        }
    }
}
