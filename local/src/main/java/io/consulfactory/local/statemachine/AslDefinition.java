package io.consulfactory.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A state machine definition, checked as Step Functions checks it before running: known fields only, for
 * each state type; every {@code Next} names a state; every state is reachable from {@code StartAt}; every
 * state ends or goes on. {@code ${Name}} placeholders are replaced by the substitutions first, as
 * CloudFormation's DefinitionSubstitutions do.
 */
public final class AslDefinition {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version");
    private static final Set<String> COMMON = Set.of("Type", "Comment");
    private static final Set<String> IO = Set.of("InputPath", "OutputPath");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Task", union(IO, Set.of("Resource", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch",
                    "TimeoutSeconds", "HeartbeatSeconds", "Next", "End")),
            "Pass", union(IO, Set.of("Result", "ResultPath", "Parameters", "Next", "End")),
            "Wait", union(IO, Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Next", "End")),
            "Choice", union(IO, Set.of("Choices", "Default")),
            "Succeed", IO,
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"));
    private static final Set<String> RETRY = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
            "MaxDelaySeconds", "JitterStrategy");
    private static final Set<String> CATCH = Set.of("ErrorEquals", "ResultPath", "Next");
    private static final Set<String> RULE = Set.of("Variable", "Next", "And", "Or", "Not", "StringEquals", "StringEqualsPath",
            "NumericEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
            "BooleanEquals", "IsPresent", "IsNull", "Comment");

    private final JsonNode root;

    private AslDefinition(JsonNode root) {
        this.root = root;
    }

    public static AslDefinition parse(String text, Map<String, String> substitutions) {
        String substituted = text;
        for (Map.Entry<String, String> s : substitutions.entrySet()) {
            substituted = substituted.replace("${" + s.getKey() + "}", s.getValue());
        }
        java.util.regex.Matcher left = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(substituted);
        if (left.find()) {
            throw new IllegalArgumentException("no substitution for ${" + left.group(1) + "}");
        }
        try {
            AslDefinition definition = new AslDefinition(JSON.readTree(substituted));
            definition.validate();
            return definition;
        } catch (IOException e) {
            throw new IllegalArgumentException("the definition is not JSON: " + e.getMessage(), e);
        }
    }

    /** The {@code ${Name}} placeholders a definition uses. */
    public static Set<String> placeholders(String text) {
        Set<String> names = new LinkedHashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    JsonNode state(String name) {
        return root.get("States").get(name);
    }

    /** The states' names, in the definition's order. */
    public List<String> stateNames() {
        List<String> names = new ArrayList<>();
        root.get("States").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The state's {@code Next}, or {@code null} for a state that ends or chooses. */
    public String next(String state) {
        JsonNode next = state(state).get("Next");
        return next == null ? null : next.asText();
    }

    /**
     * The wait loops: a Wait state, the check Task it goes to, and a Choice after the check that can go back to the
     * Wait. Each state of a loop maps to its check's name.
     */
    public Map<String, String> waitLoops() {
        Map<String, String> loops = new java.util.LinkedHashMap<>();
        for (String wait : stateNames()) {
            JsonNode w = state(wait);
            if (!w.path("Type").asText().equals("Wait") || !w.has("Next")) {
                continue;
            }
            String check = w.get("Next").asText();
            JsonNode t = state(check);
            if (t == null || !t.path("Type").asText().equals("Task") || !t.has("Next")) {
                continue;
            }
            String choice = t.get("Next").asText();
            JsonNode c = state(choice);
            if (c != null && c.path("Type").asText().equals("Choice") && targets(c).contains(wait)) {
                loops.put(wait, check);
                loops.put(check, check);
                loops.put(choice, check);
            }
        }
        return loops;
    }

    /** The execution's TimeoutSeconds, or 0 when none is set. */
    long stateTimeoutSeconds() {
        return root.path("TimeoutSeconds").asLong(0);
    }

    String startAt() {
        return root.get("StartAt").asText();
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        unknown("the definition", root, TOP, problems);
        JsonNode states = root.path("States");
        if (!states.isObject() || states.isEmpty()) {
            throw new IllegalArgumentException("the definition has no States");
        }
        if (!states.has(root.path("StartAt").asText())) {
            problems.add("StartAt names no state: " + root.path("StartAt"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode state = entry.getValue();
            String type = state.path("Type").asText();
            Set<String> allowed = FIELDS.get(type);
            if (allowed == null) {
                problems.add("state " + name + " has unknown Type '" + type + "'");
                continue;
            }
            unknown("state " + name, state, union(COMMON, allowed), problems);
            boolean terminal = type.equals("Succeed") || type.equals("Fail") || type.equals("Choice")
                    || state.path("End").asBoolean(false);
            if (!terminal && !state.has("Next")) {
                problems.add("state " + name + " has neither Next nor End");
            }
            for (String target : targets(state)) {
                if (!states.has(target)) {
                    problems.add("state " + name + " goes to '" + target + "', which is not a state");
                }
            }
            state.path("Retry").forEach(r -> unknown("a Retry of " + name, r, RETRY, problems));
            state.path("Catch").forEach(c -> unknown("a Catch of " + name, c, CATCH, problems));
            state.path("Choices").forEach(rule -> checkRule(name, rule, problems));
        }
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(startAt()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (reached.add(name) && states.has(name)) {
                todo.addAll(targets(states.get(name)));
            }
        }
        states.fieldNames().forEachRemaining(name -> {
            if (!reached.contains(name)) {
                problems.add("state " + name + " cannot be reached from " + startAt());
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid state machine definition: " + String.join("; ", problems));
        }
    }

    private static void checkRule(String state, JsonNode rule, List<String> problems) {
        unknown("a choice rule of " + state, rule, RULE, problems);
        rule.path("And").forEach(r -> checkRule(state, r, problems));
        rule.path("Or").forEach(r -> checkRule(state, r, problems));
        if (rule.has("Not")) {
            checkRule(state, rule.get("Not"), problems);
        }
    }

    private static List<String> targets(JsonNode state) {
        List<String> targets = new ArrayList<>();
        if (state.has("Next")) {
            targets.add(state.get("Next").asText());
        }
        if (state.has("Default")) {
            targets.add(state.get("Default").asText());
        }
        state.path("Choices").forEach(c -> targets.add(c.path("Next").asText()));
        state.path("Catch").forEach(c -> targets.add(c.path("Next").asText()));
        return targets;
    }

    private static void unknown(String where, JsonNode node, Set<String> allowed, List<String> problems) {
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                problems.add(where + " has unknown field '" + field + "'");
            }
        });
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
