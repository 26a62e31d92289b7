/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * Dataset preparation: exporting samples to chat fine-tuning JSONL (filter, dedupe, conflict
 * resolution, optional redaction, stratified leak-free split, atomic write), validating any chat
 * fine-tuning file line by line, exact token counting, cost estimation and dataset diversity.
 *
 * <p>Internal: public only for technical reasons; not part of the API and may change without
 * notice. Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.core.internal.dataset;
