/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code slabml} command. Each verb is a subcommand with {@code --help} and {@code --json}.
 * It talks to OpenAI (or the server at {@code OPENAI_BASE_URL}) with {@code OPENAI_API_KEY}, and
 * keeps data in the file store under {@code SLABML_DATA_DIR} or {@code --data-dir}.
 *
 * <p>Exit codes: 0 success, 1 other error, 2 invalid input or usage, 3 provider refused,
 * 4 job failed, 5 wait timed out, 6 provider unavailable or rate limited. On an error, exactly one
 * line {@code slabml: <reason>} goes to standard error (and a stack trace with {@code --verbose}).
 *
 * {@code java -jar examples/cli/target/slabml.jar wait ftjob-abc123 --timeout 2h}
 */
@Command(name = "slabml", mixinStandardHelpOptions = true, versionProvider = SlabMlCli.Version.class,
    description = "The SlabML fine-tuning loop from a shell: datasets, fine-tuning jobs, models, evaluation, reports.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:other error",
        "2:invalid input or usage (bad arguments, missing or invalid file, missing configuration)",
        "3:provider refused (authentication, permission, fine-tuning unavailable, invalid request, not found)",
        "4:fine-tuning job failed or was cancelled",
        "5:waiting timed out (the job goes on; wait again to resume)",
        "6:provider unavailable or rate limited (try again later)"
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
        "  OPENAI_API_KEY    key for OpenAI (or the server at OPENAI_BASE_URL)",
        "  OPENAI_BASE_URL   another OpenAI-compatible endpoint",
        "  SLABML_DATA_DIR   data directory of the file store (default ./slabml-data)",
        "  See the README for every configuration key."
    })
public final class SlabMlCli implements Runnable {
    /**
     * The verbs by name, in the order {@code --help} lists them. A run builds only the verb it names
     * (picocli reflects over every option of every command it is given, which a one-verb run need not
     * pay for); {@code --help}, no verb or an unknown one builds them all.
     */
    static final Map<String, Class<?>> VERBS = verbs(
        DataVerbs.Collect.class, DataVerbs.Stats.class, DataVerbs.Export.class, DataVerbs.Validate.class,
        DataVerbs.Estimate.class,
        JobVerbs.Upload.class, JobVerbs.Create.class, JobVerbs.Status.class, JobVerbs.Wait.class,
        JobVerbs.Cancel.class, JobVerbs.Pause.class, JobVerbs.Resume.class, JobVerbs.ListJobs.class,
        JobVerbs.ListModels.class, JobVerbs.DeleteModel.class, JobVerbs.Checkpoints.class,
        EvalVerbs.Evaluate.class, EvalVerbs.AbTest.class, EvalVerbs.Analyze.class, EvalVerbs.Models.class,
        StoreVerbs.class, RolloutVerbs.Rollout.class, RolloutVerbs.Loop.class,
        DevVerbs.DevServer.class, DevVerbs.SampleData.class);

    private final CliEnvironment environment;

    @Spec
    CommandSpec spec;

    SlabMlCli(CliEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Runs the command on the real process and exits with its code. */
    public static void main(String[] args) {
        CliEnvironment env = CliEnvironment.system();
        int code = run(env, args);
        env.out().flush();
        env.err().flush();
        System.exit(code);
    }

    /**
     * Runs the command in-process and returns its exit code; never exits the JVM.
     *
     * @param environment what the command sees (environment, output, terminal, clock)
     * @param args the arguments, verb first
     */
    public static int run(CliEnvironment environment, String... args) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(args, "args");
        return execute(commandLine(environment, args), environment, args);
    }

    /**
     * Executes {@code cl}, keeping the one-line contract even when a verb ends with an {@link Error}
     * (out of memory, stack overflow), which picocli lets through.
     */
    static int execute(CommandLine cl, CliEnvironment environment, String... args) {
        int code;
        try {
            code = cl.execute(args);
        } catch (Error e) {
            environment.err().println("slabml: " + describe(e, args.length == 0 ? "slabml" : args[0]));
            if (java.util.Arrays.asList(args).contains("--verbose")) {
                e.printStackTrace(environment.err());
            }
            code = ExitCodes.OTHER;
        }
        environment.out().flush();
        environment.err().flush();
        return code;
    }

    /** One line on what ran out and what to do about it, for an {@link Error} a verb ended with. */
    static String describe(Error e, String verb) {
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + oneLine(e.getMessage()) + ")";
        if (e instanceof OutOfMemoryError) {
            return "'" + verb + "' ran out of memory" + detail + ": give the JVM a larger heap, for example "
                + "java -Xmx4g -jar slabml.jar ..., or work on less data at once (one month, one task)";
        }
        if (e instanceof StackOverflowError) {
            return "'" + verb + "' ran out of stack: give threads a larger stack, for example "
                + "java -Xss8m -jar slabml.jar ..., and report the input that caused it";
        }
        return "'" + verb + "' failed with an internal error: " + e.getClass().getName() + detail
            + "; run again with --verbose for the stack trace";
    }

    /** The command line with every verb, as {@code slabml --help} shows it. */
    static CommandLine commandLine(CliEnvironment environment) {
        return commandLine(environment, new String[0]);
    }

    /**
     * The command line for {@code args}: with only the verb they name when it is a known one, else
     * with every verb. Subcommands are added before the settings below, which picocli applies to the
     * subcommands a command has when they are set.
     */
    static CommandLine commandLine(CliEnvironment environment, String... args) {
        CommandLine cl = new CommandLine(new SlabMlCli(environment));
        Class<?> named = args.length == 0 ? null : VERBS.get(args[0]);
        if (named != null) {
            cl.addSubcommand(args[0], named);
        } else {
            VERBS.forEach(cl::addSubcommand);
        }
        cl.setOut(environment.out());
        cl.setErr(environment.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, unused) -> {
            environment.err().println("slabml: " + oneLine(ex.getMessage()) + suggestion(ex)
                + " (see 'slabml " + commandPath(ex.getCommandLine()) + "--help')");
            return ExitCodes.INVALID_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Object command = commandLine.getCommand();
            boolean verbose = command instanceof Verb && ((Verb) command).options.verbose;
            environment.err().println("slabml: " + reason(ex));
            if (verbose) {
                ex.printStackTrace(environment.err());
            }
            return ExitCodes.of(ex);
        });
        return cl;
    }

    private static Map<String, Class<?>> verbs(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return Collections.unmodifiableMap(byName);
    }

    CliEnvironment environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing verb");
    }

    /** The version the build stamped into the jar (the Maven project version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"slabml " + value()};
        }

        static String value() {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = SlabMlCli.class.getResourceAsStream("/slabml-cli-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return p.getProperty("version", "unknown");
        }
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return oneLine(m);
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** Picocli's guess at a mistyped verb or option, as {@code ; did you mean 'status'?}, or nothing. */
    private static String suggestion(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException) {
            java.util.List<String> close = ((CommandLine.UnmatchedArgumentException) ex).getSuggestions();
            if (!close.isEmpty()) {
                return "; did you mean '" + String.join("' or '", close.subList(0, Math.min(2, close.size()))) + "'?";
            }
        }
        return "";
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        CommandLine c = cl;
        java.util.Deque<String> names = new java.util.ArrayDeque<>();
        while (c != null && c.getParent() != null) {
            names.push(c.getCommandName());
            c = c.getParent();
        }
        for (String n : names) {
            sb.append(n).append(' ');
        }
        return sb.toString();
    }
}
