package io.consulfactory.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference paths Step Functions allows in InputPath, ResultPath, OutputPath and "x.$" fields:
 * {@code $}, {@code $.a.b}, {@code $.a[0]}, and {@code $$.…} for the context object. (No filters or
 * wildcards: the definition does not use them.)
 */
final class JsonPath {

    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_-]*)|\\[(\\d+)]");

    private JsonPath() {
    }

    private static List<Object> steps(String path) {
        String rest = path.startsWith("$$") ? path.substring(2) : path.substring(1);
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(rest);
        int at = 0;
        while (at < rest.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new StatesError("States.Runtime", "Invalid path '" + path + "'");
            }
            steps.add(m.group(1) != null ? m.group(1) : Integer.valueOf(m.group(2)));
            at = m.end();
        }
        return steps;
    }

    /** The value at the path, or {@code States.Runtime} as Step Functions fails when it is absent. */
    static JsonNode read(JsonNode input, JsonNode context, String path) {
        if (!path.startsWith("$")) {
            throw new StatesError("States.Runtime", "Invalid path '" + path + "': must start with $");
        }
        JsonNode node = path.startsWith("$$") ? context : input;
        for (Object step : steps(path)) {
            node = step instanceof String key ? node.path(key) : node.path((Integer) step);
            if (node.isMissingNode()) {
                throw new StatesError("States.Runtime", "The JSONPath '" + path + "' could not be found in the input");
            }
        }
        return node;
    }

    /**
     * A copy of {@code target} with {@code value} placed at the path, creating the missing objects on the way
     * (ASL spec, "ResultPath": "If the raw input has a field at the location addressed by the ResultPath value then
     * in the output that field is discarded and overwritten by the state's result. Otherwise, a new field is created
     * in the state output, with intervening fields constructed as necessary"). A field can only be added to an
     * object: a path below {@code $} into input that is not an object (an array, a string, a number, null), or
     * through a field that holds no object, is {@code States.ResultPathMatchFailure}, "A state's ResultPath field
     * cannot be applied to the input the state received" (the spec's Appendix A). The message is ours.
     */
    static JsonNode write(JsonNode target, String path, JsonNode value) {
        if (path.equals("$")) {
            return value;
        }
        List<Object> steps = steps(path);
        if (!target.isObject()) {
            throw cannotApply(path, target);
        }
        JsonNode root = target.deepCopy();
        JsonNode node = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            Object step = steps.get(i);
            if (!(step instanceof String key)) {
                throw new StatesError("States.Runtime", "ResultPath '" + path + "' may not index arrays");
            }
            JsonNode next = node.get(key);
            if (next == null) {
                next = ((ObjectNode) node).putObject(key);
            } else if (!next.isObject()) {
                throw cannotApply(path, target);
            }
            node = next;
        }
        Object last = steps.get(steps.size() - 1);
        if (!(last instanceof String key) || !(node instanceof ObjectNode object)) {
            throw new StatesError("States.Runtime", "ResultPath '" + path + "' must end in a field");
        }
        object.set(key, value);
        return root;
    }

    private static StatesError cannotApply(String path, JsonNode input) {
        String shown = input.toString();
        if (shown.length() > 200) {
            shown = shown.substring(0, 200) + "…";
        }
        return new StatesError("States.ResultPathMatchFailure", "Unable to apply ResultPath '" + path + "' to the input "
                + shown + ": a field can only be added to a JSON object");
    }

    static boolean present(JsonNode input, JsonNode context, String path) {
        try {
            read(input, context, path);
            return true;
        } catch (StatesError e) {
            return false;
        }
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }
}
