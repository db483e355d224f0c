package io.consulfactory.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A state machine definition as a Mermaid {@code flowchart TD}: each state a node (a Task a box, a Choice a
 * diamond, a Wait a hexagon, a Pass a parallelogram, Succeed and Fail circles), each {@code Next} an arrow, each
 * Choice rule an arrow labelled with its condition ({@code status = READY}), each {@code Catch} a dotted arrow
 * labelled with the errors it catches. GitHub renders it in a {@code ```mermaid} block: the README's picture of
 * the workflow is this, generated ({@code --write-readme}), and a test keeps it so.
 *
 * <pre>mvn -B -q -pl local exec:java -Dexec.mainClass=io.consulfactory.local.statemachine.MermaidDiagram -Dexec.args=--write-readme</pre>
 */
public final class MermaidDiagram {

    /** The README's diagram lies between these lines. */
    public static final String BEGIN = "<!-- workflow diagram: generated from statemachine/consul-cluster.asl.json by MermaidDiagram --write-readme -->";
    public static final String END = "<!-- end of workflow diagram -->";
    public static final String REGENERATE = "./local-run --write-readme-diagram";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a state did in one execution: its time on the local AWS's clock, and how often it ran. */
    public record Visits(Duration localTime, int count) {
    }

    private MermaidDiagram() {
    }

    /** The definition's diagram. */
    public static String render(String definition) {
        return render(definition, name -> null);
    }

    /**
     * The definition's diagram, each state that ran labelled with its time ({@code visits.apply(name)}, or
     * {@code null} for a state that did not run; such states are drawn faint).
     */
    public static String render(String definition, Function<String, Visits> visits) {
        JsonNode root;
        try {
            root = JSON.readTree(definition);
        } catch (IOException e) {
            throw new IllegalArgumentException("the definition is not JSON: " + e.getMessage(), e);
        }
        boolean timed = false;
        StringBuilder out = new StringBuilder("flowchart TD\n");
        out.append("    start((\" \")) --> ").append(id(root.path("StartAt").asText())).append('\n');
        List<String> edges = new ArrayList<>();
        List<String> faint = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("States").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode state = entry.getValue();
            Visits v = visits.apply(name);
            String label = name;
            if (v != null) {
                timed = true;
                label = name + "<br/>" + human(v.localTime()) + (v.count() > 1 ? " (" + v.count() + "×)" : "");
            } else {
                faint.add(id(name));
            }
            out.append("    ").append(node(name, state.path("Type").asText(), label)).append('\n');
            if (state.has("Next")) {
                edges.add(id(name) + " --> " + id(state.get("Next").asText()));
            }
            for (JsonNode rule : state.path("Choices")) {
                edges.add(id(name) + " -->|\"" + escape(condition(rule)) + "\"| " + id(rule.path("Next").asText()));
            }
            if (state.has("Default")) {
                edges.add(id(name) + " -->|otherwise| " + id(state.get("Default").asText()));
            }
            for (JsonNode catcher : state.path("Catch")) {
                edges.add(id(name) + " -.->|\"" + escape(errors(catcher.path("ErrorEquals"))) + "\"| "
                        + id(catcher.path("Next").asText()));
            }
        }
        edges.forEach(e -> out.append("    ").append(e).append('\n'));
        List<String> fails = new ArrayList<>();
        root.path("States").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals("Fail")) {
                fails.add(id(e.getKey()));
            }
        });
        out.append("    classDef fail fill:#fdd,stroke:#b33\n");
        if (!fails.isEmpty()) {
            out.append("    class ").append(String.join(",", fails)).append(" fail\n");
        }
        if (timed && !faint.isEmpty()) {
            out.append("    classDef notRun opacity:0.45\n");
            out.append("    class ").append(String.join(",", faint)).append(" notRun\n");
        }
        return out.toString();
    }

    private static String node(String name, String type, String label) {
        String text = "\"" + escape(label).replace("&lt;br/&gt;", "<br/>") + "\"";
        return id(name) + switch (type) {
            case "Choice" -> "{" + text + "}";
            case "Wait" -> "{{" + text + "}}";
            case "Pass" -> "[/" + text + "/]";
            case "Succeed", "Fail" -> "((" + text + "))";
            default -> "[" + text + "]";
        };
    }

    /** A rule as an operator reads it: the field (its path's last name), the test, the value. */
    static String condition(JsonNode rule) {
        if (rule.has("And")) {
            return join(rule.get("And"), " and ");
        }
        if (rule.has("Or")) {
            return join(rule.get("Or"), " or ");
        }
        if (rule.has("Not")) {
            return "not (" + condition(rule.get("Not")) + ")";
        }
        String path = rule.path("Variable").asText();
        String field = path.substring(path.lastIndexOf('.') + 1);
        for (Iterator<Map.Entry<String, JsonNode>> it = rule.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> test = it.next();
            String value = test.getValue().asText();
            switch (test.getKey()) {
                case "StringEquals", "NumericEquals", "BooleanEquals", "StringEqualsPath", "NumericEqualsPath":
                    return field + " = " + value;
                case "NumericLessThan", "StringLessThan":
                    return field + " < " + value;
                case "NumericLessThanEquals", "StringLessThanEquals":
                    return field + " ≤ " + value;
                case "NumericGreaterThan", "StringGreaterThan":
                    return field + " > " + value;
                case "NumericGreaterThanEquals", "StringGreaterThanEquals":
                    return field + " ≥ " + value;
                case "StringMatches":
                    return field + " matches " + value;
                case "IsNull":
                    return field + (test.getValue().asBoolean() ? " is null" : " is set");
                case "IsPresent":
                    return field + (test.getValue().asBoolean() ? " is present" : " is absent");
                default:
                    break;
            }
        }
        return field;
    }

    private static String join(JsonNode rules, String with) {
        List<String> parts = new ArrayList<>();
        rules.forEach(r -> parts.add(condition(r)));
        return String.join(with, parts);
    }

    /** The errors a Catch takes, by their short names: States.ALL is any error. */
    private static String errors(JsonNode errorEquals) {
        List<String> names = new ArrayList<>();
        errorEquals.forEach(e -> names.add(e.asText().equals("States.ALL") ? "error" : e.asText().substring(e.asText().lastIndexOf('.') + 1)));
        return String.join(", ", names);
    }

    private static String id(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** Mermaid's entity codes for what would end a label. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "#quot;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("|", "#124;");
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** The README with its diagram section made from the definition (the section must exist). */
    public static String withDiagram(String readme, String definition) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the README has no diagram section: a line " + BEGIN + ", then " + END);
        }
        return readme.substring(0, begin) + BEGIN + "\n\n```mermaid\n" + render(definition) + "```\n\n" + readme.substring(end);
    }

    /** The diagram now in the README, or {@code null} when it has no diagram section. */
    public static String inReadme(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            return null;
        }
        String section = readme.substring(begin + BEGIN.length(), end);
        int open = section.indexOf("```mermaid\n");
        int close = section.lastIndexOf("```");
        return open < 0 || close <= open ? "" : section.substring(open + "```mermaid\n".length(), close);
    }

    /**
     * {@code --write-readme}: rewrites the README's diagram from the definition; with no argument, prints the
     * diagram. Run from the repository's root or a module directory.
     */
    public static void main(String[] args) throws IOException {
        Path definition = repoFile("statemachine/consul-cluster.asl.json");
        if (args.length == 1 && args[0].equals("--write-readme")) {
            Path readme = repoFile("README.md");
            String text = Files.readString(readme);
            String updated = withDiagram(text, Files.readString(definition));
            if (!updated.equals(text)) {
                Files.writeString(readme, updated);
                System.out.println("wrote the workflow diagram into " + readme);
            } else {
                System.out.println(readme + ": the workflow diagram is up to date");
            }
        } else if (args.length == 0) {
            System.out.print(render(Files.readString(definition)));
        } else {
            System.err.println("usage: MermaidDiagram [--write-readme]");
            System.exit(2);
        }
    }

    private static Path repoFile(String path) {
        Path here = Path.of(path);
        return Files.exists(here) ? here : Path.of("..").resolve(path);
    }
}
