/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The default fine-tuning manager: idempotent job creation, resumable waits. Internal: public only for technical reasons, not part of the API, may change without
 * notice. Parameters and return values are non-null unless documented otherwise.
 */
package com.slabstak.slabml.core.internal.finetune;
