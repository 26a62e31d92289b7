/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.InvalidInputException;
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

    /**
     * Whether the verb only reads the data directory. Such a verb refuses a directory that does not
     * exist (a mistyped {@code --data-dir}) instead of creating an empty store and reporting zeros.
     */
    boolean readsDataOnly() {
        return false;
    }

    /** Runs the verb; returns its exit code. */
    abstract int run(Session session);

    @Override
    public final Integer call() {
        if (readsDataOnly()) {
            Session.requireExistingDataDirectory(root.environment(), options.dataDir);
        }
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
        out().println(CliJson.writePretty(value));
    }

    /** Reports a failure that is not an exception: one line on stderr, and the code to exit with. */
    int fail(int code, String reason) {
        err().println("slabml: " + SlabMlCli.oneLine(reason));
        return code;
    }

    static Path existingFile(Path file, String field) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new InvalidInputException(field, "is a directory, not a file: " + file);
        }
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new InvalidInputException(field, "no such file: " + file);
        }
        return file;
    }

    /**
     * Checks a file the verb is about to write: its directory must exist (nothing is created
     * silently) and the path must not be a directory.
     */
    static Path writableFile(Path file, String field) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new InvalidInputException(field, "is a directory, not a file: " + file);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
            throw new InvalidInputException(field, "no such directory: " + parent + " (create it first)");
        }
        return file;
    }
}
