package io.consulfactory.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.local.cloud.TimeSource;
import io.consulfactory.local.statemachine.AslDefinition;
import io.consulfactory.local.statemachine.LocalStateMachine;
import io.consulfactory.local.statemachine.MermaidDiagram;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What LocalRun prints while an execution runs: one line per state, except that each wait loop (a Wait, its check,
 * the Choice after it) is one line: how many checks, how long it waited, what the check saw last. On a terminal that
 * line is rewritten as the loop runs; elsewhere it is printed once, when the loop ends. With {@code verbose}, every
 * state transition instead, as it happens. It also keeps each state's time, for {@link MermaidDiagram}.
 */
final class RunProgress implements LocalStateMachine.Listener {

    /** The result fields a line shows, in this order, at most three: what a step found, made or decided. */
    private static final List<String> SHOWN = List.of("status", "action", "imageId", "instanceId", "launchTemplateId",
            "version", "autoScalingGroupName", "instanceRefreshId", "securityGroupId", "reason");

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    private static final int WIDTH = columns();

    private final PrintStream out;
    private final TimeSource clock;
    private final AslDefinition definition;
    private final Map<String, String> loops;
    private final boolean verbose;
    private final boolean terminal;
    private final Consumer<String> afterState;
    private final Map<String, MermaidDiagram.Visits> visits = new LinkedHashMap<>();

    private String loop;
    private int checks;
    private Duration waited = Duration.ZERO;
    private String lastSeen = "";
    private int shownLength;
    private String lastResult = "";

    RunProgress(PrintStream out, TimeSource clock, AslDefinition definition, boolean verbose, boolean terminal,
                Consumer<String> afterState) {
        this.out = out;
        this.clock = clock;
        this.definition = definition;
        this.loops = definition.waitLoops();
        this.verbose = verbose;
        this.terminal = terminal;
        this.afterState = afterState;
        if (verbose) {
            out.printf("  %-8s %-9s %-26s %-7s %8s  %s%n", "AWS time", "waited", "state", "type", "ran", "outcome");
        }
    }

    @Override
    public void taskResult(String name, JsonNode result) {
        List<String> shown = new ArrayList<>();
        for (String field : SHOWN) {
            JsonNode value = result.path(field);
            if (shown.size() < 3 && (value.isTextual() || value.isNumber() || value.isBoolean()) && !value.asText().isEmpty()) {
                shown.add(field.equals("reason") ? value.asText() : field + "=" + value.asText());
            }
        }
        lastResult = String.join(", ", shown);
    }

    @Override
    public void state(String name, String type, Duration local, Duration real, String outcome) {
        visits.merge(name, new MermaidDiagram.Visits(local, 1),
                (a, b) -> new MermaidDiagram.Visits(a.localTime().plus(b.localTime()), a.count() + 1));
        if (verbose) {
            out.printf("  %-8s %-9s %-26s %-7s %6d ms  %s%n", now(), local.isZero() ? "" : "+" + LocalRun.human(local), name, type,
                    real.toMillis(), outcome + (type.equals("Task") && !lastResult.isEmpty() ? "  (" + lastResult + ")" : ""));
        } else {
            String inLoop = loops.get(name);
            if (loop != null && !loop.equals(inLoop)) {
                endLoop();
            }
            if (inLoop != null) {
                inLoop(inLoop, name, type, local, outcome);
            } else {
                out.println(String.format("  %-8s %-26s %s", now(), name, what(name, type, local, real, outcome)).stripTrailing());
            }
        }
        lastResult = "";
        afterState.accept(name);
    }

    private void inLoop(String check, String name, String type, Duration local, String outcome) {
        if (loop == null) {
            loop = check;
            checks = 0;
            waited = Duration.ZERO;
            lastSeen = "";
        }
        if (type.equals("Wait")) {
            waited = waited.plus(local);
        } else if (type.equals("Task")) {
            checks++;
            lastSeen = lastResult.isEmpty() ? outcome : lastResult;
        } else if (!outcome.startsWith("-> ")) {
            lastSeen = outcome; // the Choice failed: no rule matched
        }
        if (terminal) {
            String line = loopLine();
            // One row only: a carriage return goes back to the start of the row, not of a wrapped line.
            line = line.length() < WIDTH ? line : line.substring(0, WIDTH - 2) + "…";
            out.print("\r" + line + " ".repeat(Math.max(0, shownLength - line.length())));
            out.flush();
            shownLength = line.length();
        }
    }

    /** The loop under way ends: its line is printed (or, on a terminal, left as it stands). */
    void endLoop() {
        if (loop == null) {
            return;
        }
        if (terminal) {
            out.print("\r" + loopLine() + " ".repeat(Math.max(0, shownLength - loopLine().length())) + "\n");
        } else {
            out.println(loopLine());
        }
        loop = null;
        shownLength = 0;
    }

    private String loopLine() {
        return String.format("  %-8s %-26s %d check%s, waited %s: %s", now(), loop + " loop", checks, checks == 1 ? "" : "s",
                LocalRun.human(waited), lastSeen);
    }

    private String what(String name, String type, Duration local, Duration real, String outcome) {
        String next = definition.next(name);
        boolean caught = outcome.startsWith("-> ") && next != null && !outcome.equals("-> " + next);
        return switch (type) {
            case "Task" -> (caught ? "failed, caught " + outcome : "ran " + real.toMillis() + " ms")
                    + (lastResult.isEmpty() ? "" : "  " + lastResult);
            case "Wait" -> "waited " + LocalRun.human(local);
            case "Choice" -> outcome;
            case "Pass" -> "";
            default -> outcome;
        };
    }

    private String now() {
        return TIME.format(LocalTime.ofInstant(clock.now(), ZoneOffset.UTC));
    }

    /** A line of the run's own (a fault put in place) between two states: below a loop's line, not over it. */
    void note(String line) {
        if (terminal && shownLength > 0) {
            out.println();
            shownLength = 0;
        }
        out.println(line);
    }

    private static int columns() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120")));
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    /** Each state that ran: its time on the local clock, and how often. */
    Map<String, MermaidDiagram.Visits> visits() {
        return visits;
    }
}
