package io.consulfactory.local.cloud.sfn;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Step Functions (JSON 1.0): {@code StartExecution} only, recording each execution for the test or the
 * local runner to run. Execution names are unique per state machine: the same name with the same input
 * returns the first execution (Standard workflows' idempotency while it runs), another input is
 * {@code ExecutionAlreadyExists}; input that is not JSON, or over 256 KiB, is {@code InvalidExecutionInput}
 * ({@link ExecutionInput}). Simplification: every state machine ARN is accepted.
 */
public final class SfnService implements LocalService {

    /** An execution that was asked for. */
    public record Execution(String executionArn, String stateMachineArn, String name, String input) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private final LocalAws aws;
    private final List<Execution> executions = new ArrayList<>();

    public SfnService(LocalAws aws) {
        this.aws = aws;
    }

    @Override
    public String signingName() {
        return "states";
    }

    @Override
    public Protocol protocol() {
        return Protocol.AWS_JSON;
    }

    @Override
    public String contentType() {
        return "application/x-amz-json-1.0";
    }

    @Override
    public String targetPrefix() {
        return "AWSStepFunctions";
    }

    @Override
    public void reset() {
        executions.clear();
    }

    public List<Execution> executions() {
        synchronized (aws) {
            return List.copyOf(executions);
        }
    }

    @Override
    public Object handle(AwsRequest request) {
        if (!request.action().equals("StartExecution")) {
            throw AwsError.client("UnknownOperationException", "Unknown operation " + request.action());
        }
        String machine = request.json().path("stateMachineArn").asText("");
        String name = request.json().path("name").asText("");
        String input = request.json().path("input").asText("{}");
        if (!machine.startsWith("arn:aws:states:") || !machine.contains(":stateMachine:")) {
            throw AwsError.client("InvalidArn", "Invalid Arn: '" + machine + "'");
        }
        if (!NAME.matcher(name).matches()) {
            throw AwsError.client("InvalidName", "Invalid Name: '" + name + "'");
        }
        ExecutionInput.parse(input);
        for (Execution e : executions) {
            if (e.stateMachineArn().equals(machine) && e.name().equals(name)) {
                if (e.input().equals(input)) {
                    return started(e);
                }
                throw AwsError.client("ExecutionAlreadyExists", "Execution Already Exists: '" + e.executionArn() + "'");
            }
        }
        Execution e = new Execution(machine.replace(":stateMachine:", ":execution:") + ":" + name, machine, name, input);
        executions.add(e);
        return started(e);
    }

    private Map<String, Object> started(Execution e) {
        return Map.of("executionArn", e.executionArn(), "startDate", aws.clock().now().getEpochSecond());
    }
}
