package io.consulfactory.local.cloud.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.local.cloud.AwsRequest;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Step Functions' wire (JSON 1.0): StartExecution's members, their format checked (the state machine ARN's shape,
 * the name's characters and length), and its answer, {@code executionArn} and {@code startDate} (epoch seconds, the
 * JSON protocol's timestamps), as https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 * gives them.
 */
final class SfnWire {

    /**
     * The name: "Length Constraints: Minimum length of 1. Maximum length of 80" (StartExecution's API reference).
     * Simplification: AWS refuses only whitespace, brackets, wildcards, some punctuation and control characters (and
     * takes non-ASCII); the local AWS takes letters, digits, '-' and '_', the names the workflow uses.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private SfnWire() {
    }

    static Object handle(AwsRequest request, Executions executions, Instant now) {
        if (!request.action().equals("StartExecution")) {
            throw SfnErrors.unknownOperation(request.action());
        }
        JsonNode json = request.json();
        String machine = json.path("stateMachineArn").asText("");
        String name = json.path("name").asText("");
        String input = json.path("input").asText("{}");
        if (!machine.startsWith("arn:aws:states:") || !machine.contains(":stateMachine:")) {
            throw SfnErrors.invalidArn(machine);
        }
        if (!NAME.matcher(name).matches()) {
            throw SfnErrors.invalidName(name);
        }
        return started(executions.start(machine, name, input), now);
    }

    private static Map<String, Object> started(SfnService.Execution e, Instant now) {
        return Map.of("executionArn", e.executionArn(), "startDate", now.getEpochSecond());
    }
}
