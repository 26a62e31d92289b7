/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.examples.cli;

import com.slabstak.slabml.Deployment;
import com.slabstak.slabml.DeploymentEvent;
import com.slabstak.slabml.ImprovementLoop;
import com.slabstak.slabml.InvalidInputException;
import com.slabstak.slabml.LoopDecision;
import com.slabstak.slabml.LoopStatus;
import com.slabstak.slabml.ModelRegistry;
import com.slabstak.slabml.TaskName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The rollout and loop verbs: watch and change a task's rollout, run the improvement loop. */
final class RolloutVerbs {
    private static final int HISTORY_SHOWN = 5;

    private RolloutVerbs() {
    }

    static Map<String, Object> deployment(Deployment d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", d.task().value());
        m.put("base_model", d.baseModel());
        m.put("candidate_model", d.candidateModel().orElse(null));
        m.put("rollout_percent", d.rolloutPercent());
        return m;
    }

    static Map<String, Object> event(DeploymentEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toString());
        m.put("action", e.action());
        m.put("candidate_model", e.deployment().candidateModel().orElse(null));
        m.put("rollout_percent", e.deployment().rolloutPercent());
        m.put("reason", e.reason());
        return m;
    }

    static Map<String, Object> status(LoopStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", s.task().value());
        m.put("round", s.round());
        m.put("step", s.step().name().toLowerCase(Locale.ROOT));
        m.put("candidate_model", s.candidateModel());
        m.put("job_id", s.jobId());
        m.put("stage", s.stage() < 0 ? null : s.stage() + 1);
        m.put("waiting_for", s.waitingFor());
        m.put("awaiting_approval", s.awaitingApproval());
        m.put("held_out_version", s.heldOutVersion());
        m.put("updated_at", s.updatedAt().toString());
        List<Map<String, Object>> ds = new ArrayList<>();
        for (LoopDecision d : s.decisions()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("at", d.at().toString());
            dm.put("round", d.round());
            dm.put("outcome", d.outcome());
            dm.put("reason", d.reason());
            dm.put("numbers", d.numbers());
            ds.add(dm);
        }
        m.put("decisions", ds);
        return m;
    }

    @Command(name = "rollout", mixinStandardHelpOptions = true,
        description = {"Show or change a task's rollout; every change lands in the registry history.",
            "  status                     the deployment and its latest changes",
            "  start <model> [--percent N] roll a candidate out to N% (default 20)",
            "  set <N>                    move the candidate to N%",
            "  promote                    send all traffic to the candidate",
            "  rollback                   take the candidate out of service"})
    static final class Rollout extends DataVerbs.LocalVerb {
        @Parameters(index = "0", paramLabel = "ACTION", description = "status, start, set, promote or rollback")
        String action;

        @Parameters(index = "1", arity = "0..1", paramLabel = "ARG", description = "start: the model; set: the percentage")
        String argument;

        @Option(names = "--percent", defaultValue = "20", description = "start: the first percentage (default 20).")
        int percent;

        @Option(names = "--task", defaultValue = "card_identification", description = "The task (default card_identification).")
        String task;

        @Option(names = "--reason", defaultValue = "changed by hand from the command line",
            description = "Why, for the history.")
        String reason;

        @Override
        int run(Session s) {
            TaskName t = TaskName.of(task);
            ModelRegistry registry = s.slabMl().registry();
            Deployment d = switch (action) {
                case "status" -> registry.deployment(t);
                case "start" -> registry.startRollout(t, required("model"), percent, reason);
                case "set" -> registry.setRolloutPercent(t, number(required("percentage")), reason);
                case "promote" -> registry.promote(t, reason);
                case "rollback" -> registry.rollback(t, reason);
                default -> throw new InvalidInputException("ACTION", "unknown rollout action '" + action
                    + "' (status, start, set, promote or rollback)");
            };
            List<DeploymentEvent> history = registry.history(t);
            List<DeploymentEvent> recent = history.subList(Math.max(0, history.size() - HISTORY_SHOWN), history.size());
            if (json()) {
                Map<String, Object> m = deployment(d);
                m.put("history", recent.stream().map(RolloutVerbs::event).toList());
                printJson(m);
                return ExitCodes.OK;
            }
            out().printf("%s: base %s, candidate %s at %d%%%n", t.value(), d.baseModel(), d.candidateModel().orElse("-"),
                d.rolloutPercent());
            for (DeploymentEvent e : recent) {
                out().printf("  %s  %-16s %s%n", e.at(), e.action(), e.reason());
            }
            return ExitCodes.OK;
        }

        private String required(String what) {
            if (argument == null || argument.isBlank()) {
                throw new InvalidInputException("ARG", "'rollout " + action + "' needs the " + what);
            }
            return argument;
        }

        private static int number(String text) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("ARG", "not a whole percentage: '" + text + "'");
            }
        }
    }

    @Command(name = "loop", mixinStandardHelpOptions = true,
        description = {"Run the improvement loop, or show where it is.",
            "  run [--once]   take the loop's steps now (and again every --interval unless --once), showing its state",
            "  status         where the loop is, its last decisions, what it waits for"})
    static final class Loop extends Verb {
        @Parameters(index = "0", paramLabel = "ACTION", description = "run or status")
        String action;

        @Option(names = "--once", description = "run: take the steps that can be taken now, then stop.")
        boolean once;

        @Option(names = "--interval", defaultValue = "60s", description = "run: time between runs (default 60s).")
        String interval;

        @Option(names = "--task", defaultValue = "card_identification", description = "The task (default card_identification).")
        String task;

        @Override
        boolean needsProvider() {
            return "run".equals(action);
        }

        @Override
        int run(Session s) {
            TaskName t = TaskName.of(task);
            ImprovementLoop loop = s.slabMl().loop();
            switch (action) {
                case "status" -> {
                    show(loop.status(t), true);
                    return ExitCodes.OK;
                }
                case "run" -> {
                    Duration every = Views.parseDuration(interval, "interval");
                    while (true) {
                        LoopStatus status = loop.runOnce(t);
                        show(status, once);
                        if (once) {
                            return ExitCodes.OK;
                        }
                        try {
                            s.environment().sleeper().sleep(every);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return ExitCodes.OK;
                        }
                    }
                }
                default -> throw new InvalidInputException("ACTION", "unknown loop action '" + action + "' (run or status)");
            }
        }

        private void show(LoopStatus st, boolean full) {
            if (json()) {
                printJson(status(st));
                out().flush();
                return;
            }
            String line = String.format(Locale.ROOT, "[%s] %s round %d: %s%s - %s", st.updatedAt(), st.task().value(),
                st.round(), st.step().name().toLowerCase(Locale.ROOT),
                st.candidate().map(c -> " " + c).orElse(""), st.waitingFor());
            out().println(line);
            if (full) {
                for (LoopDecision d : st.decisions().subList(Math.max(0, st.decisions().size() - HISTORY_SHOWN),
                    st.decisions().size())) {
                    out().printf("  %s  round %d  %-16s %s%n", d.at(), d.round(), d.outcome(), d.reason());
                }
            }
            out().flush();
        }
    }
}
