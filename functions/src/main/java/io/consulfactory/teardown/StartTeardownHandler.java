package io.consulfactory.teardown;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.spec.ClusterSpecParser;


/**
 * Lambda doorway of {@link StartTeardown}: {@code {"input": <the execution input>}} in, {@link TeardownPlan} out
 * ({@code $.teardown}). Bad input fails here, naming the field, before anything is looked at.
 */
public final class StartTeardownHandler extends JsonHandler<StartTeardownHandler.Input, TeardownPlan> {

    public record Input(JsonNode input) {
    }

    private final StartTeardown step;

    public StartTeardownHandler() {
        this(new StartTeardown(AwsClients.autoScaling(), AwsClients.ec2(), AwsClients.iam(), AwsClients.secretsManager(),
                AwsClients.ssm()));
        primeBeforeSnapshot(SnapStartPriming.autoScalingDescribeGroups(), SnapStartPriming.ec2DescribeSecurityGroups(),
                SnapStartPriming.iamGetRole(), SnapStartPriming.secretsManagerDescribeSecret());
    }

    StartTeardownHandler(StartTeardown step) {
        super(Input.class);
        this.step = step;
    }

    /** The execution input is read as the cluster spec is: one document, no key twice, numbers as written. */
    @Override
    protected ObjectReader eventReader() {
        return ClusterSpecParser.READER.forType(Input.class);
    }

    @Override
    protected void unreadableEvent(JsonProcessingException e) {
        throw new InvalidTeardownException(ClusterSpecParser.unreadableEvent(e).violations());
    }

    @Override
    protected TeardownPlan handle(Input input, Context context) {
        return step.start(TeardownRequest.parse(input.input()));
    }
}
