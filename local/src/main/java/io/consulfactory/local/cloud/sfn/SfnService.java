package io.consulfactory.local.cloud.sfn;

import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;

import java.util.List;

/**
 * Step Functions (JSON 1.0, target prefix {@code AWSStepFunctions}, signing name {@code states}): the doorway.
 * {@link SfnWire} reads StartExecution and answers it, {@link Executions} records the executions and their naming
 * rules, {@link SfnErrors} names the errors (see the package's javadoc for the simplifications).
 */
public final class SfnService implements LocalService {

    /** An execution that was asked for (the state {@link Executions} records). */
    public record Execution(String executionArn, String stateMachineArn, String name, String input) {
    }

    private final LocalAws aws;
    private final Executions executions = new Executions();

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
        executions.reset();
    }

    /** The executions asked for, in order, for the test or the local runner to run. */
    public List<Execution> executions() {
        synchronized (aws) {
            return executions.all();
        }
    }

    @Override
    public Object handle(AwsRequest request) {
        return SfnWire.handle(request, executions, aws.clock().now());
    }
}
