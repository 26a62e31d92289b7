/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.together.internal;

import com.slabstak.slabml.spi.DatasetLimits;
import com.slabstak.slabml.spi.ModelCatalog;
import com.slabstak.slabml.spi.ParameterRange;
import com.slabstak.slabml.spi.TokenizerSpec;
import com.slabstak.slabml.spi.TrainableModel;
import com.slabstak.slabml.spi.TrainingMethod;
import java.util.Optional;

/**
 * What Together fine-tunes, readable without a key or the network. Public for the provider factory
 * only; not part of the API.
 *
 * <p>Sources, read 2026-12-04: the model ids and the context lengths come from Together's
 * "Supported models" page (docs.together.ai/docs/fine-tuning-models): the table of LoRA
 * fine-tuning ("Context Length (SFT)", "Context Length (DPO)", batch sizes) for gpt-oss, GLM-4.6
 * and DeepSeek-R1-0528, and for the Llama 3.1 Reference models its note that "long-context
 * fine-tuning ... for context sizes of 32K-131K is only supported using the LoRA method" (so
 * 131,072 tokens with LoRA, inferred). The methods ({@code sft}, {@code dpo}) are together-py's
 * {@code AVAILABLE_TRAINING_METHODS}; the minimum of 1 example is its {@code MIN_SAMPLES}; the
 * file limit is its single-upload bound ({@code MULTIPART_THRESHOLD_GB = 5.0}; Together takes up to
 * 50.1 GB through a multipart upload SlabML does not implement). Prices are not listed: Together
 * publishes them only on together.ai/pricing, which could not be read when this was written, and
 * its estimate endpoint needs a key; declare them with {@code slabml.models} when known.
 * Tokenizers are the models' Hugging Face repositories: counts are exact only when the host points
 * to the {@code tokenizer.json} on disk.
 */
public final class TogetherCatalog {
    /** The model trained when none is named: the one Together's LoRA guide uses. */
    public static final String DEFAULT_MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";
    static final long SINGLE_UPLOAD_BYTES = TogetherFileCheck.SINGLE_UPLOAD_BYTES;

    private TogetherCatalog() {
    }

    /** @return Together's catalogue */
    public static ModelCatalog create() {
        return ModelCatalog.builder("together")
            .limits(new DatasetLimits(TogetherFileCheck.MIN_SAMPLES, SINGLE_UPLOAD_BYTES))
            .add(model(DEFAULT_MODEL, "meta-llama/Meta-Llama-3.1-8B-Instruct", 131_072))
            .add(model("meta-llama/Meta-Llama-3.1-70B-Instruct-Reference", "meta-llama/Meta-Llama-3.1-70B-Instruct", 131_072))
            .add(model("openai/gpt-oss-20b", "openai/gpt-oss-20b", 16_384).toBuilder()
                .range(ParameterRange.of(ParameterRange.BATCH_SIZE, 8, 8)).build())
            .add(model("openai/gpt-oss-120b", "openai/gpt-oss-120b", 16_384).toBuilder()
                .range(ParameterRange.of(ParameterRange.BATCH_SIZE, 16, 16)).build())
            .add(model("zai-org/GLM-4.6", "zai-org/GLM-4.6", 128_000).toBuilder()
                .range(ParameterRange.of(ParameterRange.BATCH_SIZE, 1, 1)).build())
            .add(model("deepseek-ai/DeepSeek-R1-0528", "deepseek-ai/DeepSeek-R1-0528", 131_072).toBuilder()
                .range(ParameterRange.of(ParameterRange.BATCH_SIZE, 1, 1)).build())
            .defaultModel(DEFAULT_MODEL)
            .baseModelOf(TogetherCatalog::baseModelOf)
            .build();
    }

    private static TrainableModel model(String id, String tokenizer, int context) {
        return TrainableModel.builder(id)
            .contextTokens(context)
            .tokenizer(TokenizerSpec.huggingFace(tokenizer))
            .addMethod(TrainingMethod.SUPERVISED)
            .addMethod(TrainingMethod.PREFERENCE)
            .build();
    }

    /**
     * A fine-tuned model is named {@code <user>/<base model's name>-<suffix>-<hash>}
     * ({@code model_output_name}); its base is the catalogue model whose name follows the slash.
     *
     * @return the base model's id, if the id names a fine-tune of a known model
     */
    static Optional<String> baseModelOf(String id) {
        int slash = id.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String rest = id.substring(slash + 1);
        String best = null;
        for (String base : new String[] {DEFAULT_MODEL, "meta-llama/Meta-Llama-3.1-70B-Instruct-Reference",
            "openai/gpt-oss-20b", "openai/gpt-oss-120b", "zai-org/GLM-4.6", "deepseek-ai/DeepSeek-R1-0528"}) {
            String name = base.substring(base.indexOf('/') + 1);
            if (rest.startsWith(name + "-") && !id.equals(base) && (best == null || name.length() > best.length())) {
                best = base;
            }
        }
        return Optional.ofNullable(best);
    }
}
