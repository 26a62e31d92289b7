/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.core.internal.evaluation;

/**
 * One model's token use and inference cost over a month.
 *
 * <p>Internal: public for the entry point, the command line and the examples; not part of the API.
 *
 * @param usd the cost in US dollars, {@code NaN} when the model's price is unknown
 */
record ModelCost(String model, long promptTokens, long completionTokens, double usd) {
}
