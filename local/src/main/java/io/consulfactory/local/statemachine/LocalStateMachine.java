package io.consulfactory.local.statemachine;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.local.cloud.LocalClock;
import io.consulfactory.local.cloud.TimeSource;
import io.consulfactory.local.cloud.sfn.ExecutionInput;
import io.consulfactory.local.lambda.LocalLambda;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

/**
 * Runs an {@link AslDefinition} as Step Functions does, with the real handlers in-process for its Task
 * states: InputPath, Parameters, ResultSelector, ResultPath and OutputPath; Retry with backoff, maximum
 * delay and full jitter; Catch; Wait, Choice, Pass, Succeed and Fail. Waits and retry delays sleep on the
 * local clock, so minutes of waiting take no real time; executions running at once on threads that joined the
 * clock each wait their own time (see {@link LocalClock}). A task's error is named after the exception's
 * class, as the Lambda Java runtime reports it ({@code errorType}).
 */
public final class LocalStateMachine {

    /** What the runner reports as it goes. */
    public interface Listener {
        void state(String name, String type, Duration localTime, Duration realTime, String outcome);

        /** A Task's result (after its ResultSelector), just before {@link #state} reports the Task. */
        default void taskResult(String name, JsonNode result) {
        }
    }

    /**
     * @param status       {@code SUCCEEDED} or {@code FAILED}
     * @param transitions  state transitions as Standard workflows are billed by them: each state entered, and each
     *                     retry of a state ("Step Functions counts a state transition each time a step of your workflow
     *                     is executed. You are charged for the total number of state transitions across all your
     *                     state machines, including retries": the Step Functions pricing page)
     * @param invocations  Lambda invocations, retries included
     * @param retries      the retries among the transitions (a Retry's attempts after a task's error)
     */
    public record Result(String status, JsonNode output, String error, String cause, int transitions, int invocations,
                         Duration localDuration, int retries) {
    }

    private static final int MAX_TRANSITIONS = 25_000;

    private final AslDefinition definition;
    private final Map<String, RequestStreamHandler> functions;
    private final TimeSource clock;
    private final Random random;

    /**
     * @param functions the handler behind each Task's Resource (a function ARN after substitution)
     * @param clock     the local AWS's time: its {@link LocalClock}, or a remote local AWS's
     */
    public LocalStateMachine(AslDefinition definition, Map<String, RequestStreamHandler> functions, TimeSource clock, long seed) {
        this.definition = definition;
        this.functions = functions;
        this.clock = clock;
        this.random = new Random(seed);
    }

    /**
     * Runs one execution to its end.
     *
     * @throws io.consulfactory.local.cloud.AwsError {@code InvalidExecutionInput} for input over 256 KiB, as
     *         StartExecution refuses it ({@link ExecutionInput}): no execution starts
     */
    public Result run(String executionArn, JsonNode input, Listener listener) {
        ExecutionInput.requireSize(input);
        Instant start = clock.now();
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        context.putObject("Execution").put("Id", executionArn).put("Name", executionArn.substring(executionArn.lastIndexOf(':') + 1))
                .put("StartTime", start.toString()).set("Input", input);
        context.putObject("StateMachine").put("Id", executionArn.replace(":execution:", ":stateMachine:")
                .substring(0, executionArn.replace(":execution:", ":stateMachine:").lastIndexOf(':')));
        JsonNode data = input;
        String current = definition.startAt();
        int transitions = 0;
        int[] invocations = {0};
        int[] retries = {0};
        long timeout = definition.stateTimeoutSeconds();
        while (true) {
            if (++transitions > MAX_TRANSITIONS) {
                return new Result("FAILED", null, "States.Runtime", "more than " + MAX_TRANSITIONS + " transitions",
                        transitions + retries[0], invocations[0], Duration.between(start, clock.now()), retries[0]);
            }
            if (timeout > 0 && clock.now().isAfter(start.plusSeconds(timeout))) {
                return new Result("FAILED", null, "States.Timeout", "the execution ran longer than " + timeout + " s",
                        transitions + retries[0], invocations[0], Duration.between(start, clock.now()), retries[0]);
            }
            JsonNode state = definition.state(current);
            String type = state.get("Type").asText();
            ((ObjectNode) context).putObject("State").put("Name", current).put("EnteredTime", clock.now().toString()).put("RetryCount", 0);
            Instant localBefore = clock.now();
            long realBefore = System.nanoTime();
            Step step;
            try {
                step = switch (type) {
                    case "Task" -> task(state, data, context, invocations, retries, listener);
                    case "Pass" -> new Step(output(state, data, context, pass(state, data, context)), next(state));
                    case "Wait" -> { wait(state, data, context); yield new Step(output(state, data, context, null), next(state)); }
                    case "Choice" -> new Step(io(state, "OutputPath", io(state, "InputPath", data, context), context), choose(state, data, context));
                    case "Succeed" -> new Step(io(state, "OutputPath", io(state, "InputPath", data, context), context), null);
                    case "Fail" -> throw fail(state, data, context);
                    default -> throw new StatesError("States.Runtime", "unknown state type " + type);
                };
            } catch (StatesError e) {
                listener.state(current, type, Duration.between(localBefore, clock.now()), Duration.ofNanos(System.nanoTime() - realBefore),
                        e.error() + ": " + e.cause());
                return new Result("FAILED", null, e.error(), e.cause(), transitions + retries[0], invocations[0],
                        Duration.between(start, clock.now()), retries[0]);
            }
            listener.state(current, type, Duration.between(localBefore, clock.now()), Duration.ofNanos(System.nanoTime() - realBefore),
                    step.next == null ? "end" : "-> " + step.next);
            data = step.output;
            if (step.next == null) {
                return new Result("SUCCEEDED", data, null, null, transitions + retries[0], invocations[0],
                        Duration.between(start, clock.now()), retries[0]);
            }
            current = step.next;
        }
    }

    private record Step(JsonNode output, String next) {
    }

    private static String next(JsonNode state) {
        return state.path("End").asBoolean(false) ? null : state.get("Next").asText();
    }

    private Step task(JsonNode state, JsonNode data, JsonNode context, int[] invocations, int[] retried, Listener listener) {
        JsonNode effective = io(state, "InputPath", data, context);
        JsonNode parameters = state.has("Parameters") ? resolve(state.get("Parameters"), effective, context) : effective;
        RequestStreamHandler function = functions.get(state.get("Resource").asText());
        if (function == null) {
            throw new StatesError("States.Runtime", "no local function for resource " + state.get("Resource").asText());
        }
        int[] retries = new int[state.path("Retry").size()];
        while (true) {
            invocations[0]++;
            try {
                JsonNode result = LocalLambda.invoke(function, parameters);
                if (state.has("ResultSelector")) {
                    result = resolve(state.get("ResultSelector"), result, context);
                }
                listener.taskResult(context.path("State").path("Name").asText(), result);
                return new Step(output(state, data, context, result), next(state));
            } catch (RuntimeException e) {
                StatesError error = e instanceof StatesError s ? s : new StatesError(e.getClass().getName(), lambdaCause(e));
                Duration delay = retryDelay(state.path("Retry"), retries, error.error());
                if (delay != null) {
                    clock.sleep(delay);
                    retried[0]++; // a transition of its own, billed as one
                    ((ObjectNode) context.get("State")).put("RetryCount", ((ObjectNode) context.get("State")).path("RetryCount").asInt() + 1);
                    continue;
                }
                for (JsonNode catcher : state.path("Catch")) {
                    if (matches(catcher.get("ErrorEquals"), error.error())) {
                        ObjectNode caught = JsonNodeFactory.instance.objectNode().put("Error", error.error()).put("Cause", error.cause());
                        String path = catcher.path("ResultPath").asText("$");
                        JsonNode output = catcher.has("ResultPath") && catcher.get("ResultPath").isNull() ? data
                                : JsonPath.write(data, path, caught);
                        return new Step(output, catcher.get("Next").asText());
                    }
                }
                throw error;
            }
        }
    }

    /** The delay before the next attempt, or {@code null} when no retrier has attempts left for this error. */
    private Duration retryDelay(JsonNode retriers, int[] attempts, String error) {
        for (int i = 0; i < retriers.size(); i++) {
            JsonNode r = retriers.get(i);
            if (!matches(r.get("ErrorEquals"), error)) {
                continue;
            }
            int max = r.path("MaxAttempts").asInt(3);
            if (attempts[i] >= max) {
                return null;
            }
            double seconds = r.path("IntervalSeconds").asDouble(1) * Math.pow(r.path("BackoffRate").asDouble(2), attempts[i]);
            if (r.has("MaxDelaySeconds")) {
                seconds = Math.min(seconds, r.get("MaxDelaySeconds").asDouble());
            }
            if ("FULL".equals(r.path("JitterStrategy").asText("NONE"))) {
                seconds = random.nextDouble() * seconds;
            }
            attempts[i]++;
            return Duration.ofMillis((long) (seconds * 1000));
        }
        return null;
    }

    /** States.ALL matches every error but States.Runtime; States.TaskFailed every task error but a timeout. */
    private static boolean matches(JsonNode errorEquals, String error) {
        for (JsonNode e : errorEquals) {
            String name = e.asText();
            if (name.equals(error) || (name.equals("States.ALL") && !error.equals("States.Runtime"))
                    || (name.equals("States.TaskFailed") && !error.startsWith("States."))) {
                return true;
            }
        }
        return false;
    }

    /** A Lambda function error's cause, as Step Functions passes it on: the runtime's error JSON. */
    private static String lambdaCause(RuntimeException e) {
        ObjectNode cause = JsonNodeFactory.instance.objectNode().put("errorMessage", String.valueOf(e.getMessage()))
                .put("errorType", e.getClass().getName());
        return cause.toString();
    }

    private JsonNode pass(JsonNode state, JsonNode data, JsonNode context) {
        JsonNode effective = io(state, "InputPath", data, context);
        if (state.has("Parameters")) {
            return resolve(state.get("Parameters"), effective, context);
        }
        return state.has("Result") ? state.get("Result") : effective;
    }

    private void wait(JsonNode state, JsonNode data, JsonNode context) {
        JsonNode effective = io(state, "InputPath", data, context);
        if (state.has("Seconds") || state.has("SecondsPath")) {
            long seconds = state.has("Seconds") ? state.get("Seconds").asLong()
                    : JsonPath.read(effective, context, state.get("SecondsPath").asText()).asLong();
            clock.sleep(Duration.ofSeconds(seconds));
        } else {
            String text = state.has("Timestamp") ? state.get("Timestamp").asText()
                    : JsonPath.read(effective, context, state.get("TimestampPath").asText()).asText();
            clock.sleepUntil(Instant.parse(text));
        }
    }

    private String choose(JsonNode state, JsonNode data, JsonNode context) {
        JsonNode effective = io(state, "InputPath", data, context);
        for (JsonNode rule : state.get("Choices")) {
            if (holds(rule, effective, context)) {
                return rule.get("Next").asText();
            }
        }
        if (state.has("Default")) {
            return state.get("Default").asText();
        }
        throw new StatesError("States.NoChoiceMatched", "no choice rule matched and there is no Default");
    }

    private boolean holds(JsonNode rule, JsonNode input, JsonNode context) {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!holds(r, input, context)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (holds(r, input, context)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !holds(rule.get("Not"), input, context);
        }
        String variable = rule.get("Variable").asText();
        if (rule.has("IsPresent")) {
            return JsonPath.present(input, context, variable) == rule.get("IsPresent").asBoolean();
        }
        JsonNode value = JsonPath.read(input, context, variable);
        for (Iterator<Map.Entry<String, JsonNode>> it = rule.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> test = it.next();
            JsonNode expected = test.getValue();
            switch (test.getKey()) {
                case "StringEquals": return value.isTextual() && value.asText().equals(expected.asText());
                case "StringEqualsPath": return value.isTextual() && value.asText().equals(JsonPath.read(input, context, expected.asText()).asText());
                case "NumericEquals": return value.isNumber() && value.asDouble() == expected.asDouble();
                case "NumericLessThan": return value.isNumber() && value.asDouble() < expected.asDouble();
                case "NumericLessThanEquals": return value.isNumber() && value.asDouble() <= expected.asDouble();
                case "NumericGreaterThan": return value.isNumber() && value.asDouble() > expected.asDouble();
                case "NumericGreaterThanEquals": return value.isNumber() && value.asDouble() >= expected.asDouble();
                case "BooleanEquals": return value.isBoolean() && value.asBoolean() == expected.asBoolean();
                case "IsNull": return value.isNull() == expected.asBoolean();
                default: break;
            }
        }
        throw new StatesError("States.Runtime", "a choice rule on " + variable + " has no comparison");
    }

    private StatesError fail(JsonNode state, JsonNode data, JsonNode context) {
        String error = state.has("ErrorPath") ? JsonPath.read(data, context, state.get("ErrorPath").asText()).asText()
                : state.path("Error").asText("States.Failed");
        String cause = state.has("CausePath") ? JsonPath.read(data, context, state.get("CausePath").asText()).asText()
                : state.path("Cause").asText("");
        return new StatesError(error, cause);
    }

    /** ResultPath then OutputPath, as every state that produces a result applies them. */
    private JsonNode output(JsonNode state, JsonNode data, JsonNode context, JsonNode result) {
        JsonNode combined;
        if (result == null) {
            combined = data;
        } else if (state.has("ResultPath") && state.get("ResultPath").isNull()) {
            combined = data;
        } else {
            combined = JsonPath.write(data, state.path("ResultPath").asText("$"), result);
        }
        return io(state, "OutputPath", combined, context);
    }

    private static JsonNode io(JsonNode state, String field, JsonNode data, JsonNode context) {
        if (!state.has(field)) {
            return data;
        }
        if (state.get(field).isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        return JsonPath.read(data, context, state.get(field).asText());
    }

    /** A Parameters or ResultSelector template: fields ending in ".$" take the value at their path. */
    private static JsonNode resolve(JsonNode template, JsonNode input, JsonNode context) {
        if (template.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            template.fields().forEachRemaining(e -> {
                if (e.getKey().endsWith(".$")) {
                    String path = e.getValue().asText();
                    if (!path.startsWith("$")) {
                        throw new StatesError("States.Runtime", "intrinsic functions are not supported locally: " + path);
                    }
                    out.set(e.getKey().substring(0, e.getKey().length() - 2), JsonPath.read(input, context, path));
                } else {
                    out.set(e.getKey(), resolve(e.getValue(), input, context));
                }
            });
            return out;
        }
        if (template.isArray()) {
            var out = JsonPath.array();
            template.forEach(item -> out.add(resolve(item, input, context)));
            return out;
        }
        return template;
    }
}
