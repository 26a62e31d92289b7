/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The {@code slabml} command line: datasets, fine-tuning jobs, models, evaluation and reports from
 * a shell, on the same library a service embeds. Run it as
 * {@code java -jar examples/cli/target/slabml.jar <verb>}; {@link com.slabstak.slabml.examples.cli.SlabMlCli}
 * documents the verbs and exit codes.
 *
 * <p>Every parameter and return value is non-null unless documented otherwise.
 */
package com.slabstak.slabml.examples.cli;
