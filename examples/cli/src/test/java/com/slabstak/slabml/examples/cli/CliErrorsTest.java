/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.slabstak.slabml.core.Sleeper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A verb that ends with an {@link Error} still ends with the one-line {@code slabml: <reason>}. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    /** Standard output that runs out of memory on the first line a verb prints, as a large report would. */
    private static final class ExhaustedWriter extends Writer {
        @Override
        public void write(char[] cbuf, int off, int len) {
            throw new OutOfMemoryError("Java heap space");
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private CliEnvironment environment(Writer out) {
        return new CliEnvironment(Map.of("SLABML_DATA_DIR", dir.toString()), Map.of(), new PrintWriter(out, true),
            new PrintWriter(err, true), false, Clock.systemUTC(), Sleeper.system());
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        final Error error;

        Boom(Error error) {
            this.error = error;
        }

        @Override
        public Integer call() {
            throw error;
        }
    }

    @Test
    void run_verbRunsOutOfMemory_printsOneLineSayingWhatRanOutAndWhatToDo() {
        int code = SlabMlCli.run(environment(new ExhaustedWriter()), "stats");

        assertThat(code).isEqualTo(ExitCodes.OTHER);
        assertThat(err.toString()).startsWith("slabml: 'stats' ran out of memory (Java heap space)")
            .contains("-Xmx").doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void execute_stackOverflowAndOtherErrors_keepTheOneLineContract() {
        CliEnvironment env = environment(new StringWriter());
        for (Error e : new Error[] {new StackOverflowError(), new AssertionError("broken invariant")}) {
            err.getBuffer().setLength(0);
            CommandLine cl = SlabMlCli.commandLine(env);
            cl.addSubcommand("boom", new Boom(e));

            int code = SlabMlCli.execute(cl, env, "boom");

            assertThat(code).isEqualTo(ExitCodes.OTHER);
            assertThat(err.toString()).startsWith("slabml: 'boom' ").doesNotContain("\tat ").hasLineCount(1);
        }
        assertThat(err.toString()).contains("internal error: java.lang.AssertionError (broken invariant)");
    }
}
