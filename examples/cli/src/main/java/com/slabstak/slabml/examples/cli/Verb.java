/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.core.internal.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** One verb: common options, a session with the library, and output as text or JSON. */
abstract class Verb implements Callable<Integer> {

    /** Options every verb takes. */
    static final class CommonOptions {
        @Option(names = "--json", description = "Print the result as JSON, for scripts.")
        boolean json;

        @Option(names = "--verbose", description = "Print a stack trace on errors.")
        boolean verbose;

        @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the file store (default: SLABML_DATA_DIR, else ./slabml-data).")
        Path dataDir;
    }

    @ParentCommand
    SlabMlCli root;

    @Mixin
    CommonOptions options;

    /** Whether the verb calls the fine-tuning provider (and so needs its credentials). */
    abstract boolean needsProvider();

    /** Runs the verb; returns its exit code. */
    abstract int run(Session session);

    @Override
    public final Integer call() {
        try (Session session = Session.open(root.environment(), options.dataDir, needsProvider())) {
            return run(session);
        }
    }

    PrintWriter out() {
        return root.environment().out();
    }

    PrintWriter err() {
        return root.environment().err();
    }

    boolean json() {
        return options.json;
    }

    /** Prints a JSON document (pretty, one document per run). */
    void printJson(Object value) {
        out().println(Json.writePretty(value));
    }

    /** Reports a failure that is not an exception: one line on stderr, and the code to exit with. */
    int fail(int code, String reason) {
        err().println("slabml: " + SlabMlCli.oneLine(reason));
        return code;
    }

    static Path existingFile(Path file, String field) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new InvalidInputException(field, "no such file: " + file);
        }
        return file;
    }
}
