package io.consulfactory.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.aws.AwsCallCounter;
import io.consulfactory.bake.InstanceProfileNotReadyException;
import io.consulfactory.aws.RetryableAwsException;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one log line of an invocation, written by the doorway ({@link JsonHandler}) to stdout as a JSON object:
 * Lambda's JSON log format keeps such a line as it is, filters it by its {@code level} and takes its
 * {@code timestamp} ("Log-level filtering", Lambda developer guide). CloudWatch Logs Insights reads every field:
 * {@code filter outcome != "ok" | stats count() by function}.
 *
 * <p>Never a secret: what the line says of the step's input and output goes through allow-lists of field names
 * ({@link #SUMMARY_FIELDS}), takes scalars only (and short lists of them), and clips text; an error is its type
 * alone (a message may quote the input).
 */
public final class InvocationLog {

    /** The output fields a line may carry as the step's result: statuses, actions, ids and names, small counts. */
    static final Set<String> SUMMARY_FIELDS = Set.of(
            "status", "action", "reason", "checks", "nextCheckSeconds", "instanceState", "imageState", "refreshStatus",
            "inService", "failedInstanceId", "nextSecurityStage", "securityStage",
            "clusterName", "consulVersion", "serverCount", "instanceType",
            "roleName", "instanceProfileName", "securityGroupId", "clientSecurityGroupId", "clientPolicyArn",
            "clientSecretArn", "serverSecretArn", "caKeySecretArn", "created", "renewed", "serverCertificateNotAfter",
            "baseImageId", "imageId", "name", "instanceId", "subnetId", "availabilityZone",
            "launchTemplateId", "launchTemplateName", "version", "launchTemplateVersion",
            "autoScalingGroupName", "instanceRefreshId",
            "builderInstanceId", "builderTerminated", "deregisteredImageIds", "deletedSnapshotIds",
            "requestId", "key", "index", "cluster", "executions", "started");

    private static final int MAX_TEXT = 200;
    private static final int MAX_LIST = 20;

    private static volatile Consumer<String> sink;

    private final String function;
    private final long startNanos = System.nanoTime();
    private String cluster;
    private String execution;

    private InvocationLog(String function) {
        this.function = function;
    }

    /** An invocation of {@code function} begins on this thread: its AWS calls are counted from now. */
    public static InvocationLog begin(String function) {
        AwsCallCounter.begin();
        return new InvocationLog(function);
    }

    /**
     * Where lines go instead of stdout: for a program that runs the handlers in its own JVM (the local run, the
     * benchmarks) and prints on stdout itself; {@code null} for stdout again.
     */
    public static void writeTo(Consumer<String> lines) {
        sink = lines;
    }

    /** The cluster and execution from the step's input (the state machine's spec, a teardown's clusterName). */
    public InvocationLog input(JsonNode input) {
        cluster = firstText(input.path("spec").path("clusterName"), input.path("clusterName"));
        execution = text(input.path("execution"));
        return this;
    }

    /** The step succeeded with {@code result}: the line, with what the result says in its allow-listed fields. */
    public void ok(JsonNode result, String requestId) {
        if (result == null) {
            result = com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        if (cluster == null) {
            cluster = text(result.path("clusterName")); // ValidateInput: the spec it made
        }
        write("INFO", "ok", summary(result), requestId);
    }

    /** The step threw {@code error}: the line, with the error's type (what Step Functions sees as the error). */
    public void failed(Throwable error, String requestId) {
        String level = error instanceof RetryableAwsException || error instanceof InstanceProfileNotReadyException ? "WARN" : "ERROR";
        write(level, error.getClass().getName(), null, requestId);
    }

    private void write(String level, String outcome, ObjectNode result, String requestId) {
        long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
        Map<String, Integer> calls = AwsCallCounter.end();
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("message", function + " " + outcome + " in " + durationMs + " ms");
        line.put("function", function);
        line.put("cluster", cluster);
        line.put("execution", execution != null ? execution : requestId);
        line.put("requestId", requestId);
        line.put("outcome", outcome);
        line.put("durationMs", durationMs);
        ObjectNode awsCalls = line.putObject("awsCalls");
        calls.forEach(awsCalls::put);
        if (result != null) {
            line.set("result", result);
        }
        String text = line.toString();
        Consumer<String> to = sink;
        if (to != null) {
            to.accept(text);
        } else {
            System.out.println(text);
        }
    }

    /** The result's allow-listed top-level fields that are scalars or short lists of scalars. */
    static ObjectNode summary(JsonNode result) {
        ObjectNode summary = Json.MAPPER.createObjectNode();
        if (!result.isObject()) {
            if (result.isArray()) {
                summary.put("items", result.size()); // RebakeTrigger: one line per cluster
            }
            return summary;
        }
        result.properties().forEach(field -> {
            if (!SUMMARY_FIELDS.contains(field.getKey())) {
                return;
            }
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                summary.put(field.getKey(), clip(value.asText()));
            } else if (value.isNumber() || value.isBoolean()) {
                summary.set(field.getKey(), value);
            } else if (value.isArray() && value.size() <= MAX_LIST) {
                ArrayNode list = summary.arrayNode();
                value.forEach(item -> {
                    if (item.isTextual()) {
                        list.add(clip(item.asText()));
                    } else if (item.isNumber() || item.isBoolean()) {
                        list.add(item);
                    }
                });
                summary.set(field.getKey(), list);
            }
        });
        return summary;
    }

    private static String firstText(JsonNode... candidates) {
        for (JsonNode c : candidates) {
            String text = text(c);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? clip(node.asText()) : null;
    }

    private static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
