package io.consulfactory.teardown;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;

/** Lambda doorway of {@link RemoveSecurityGroups}: {@code {clusterName, previous?}} in, {@code $.securityGroups} out. */
public final class RemoveSecurityGroupsHandler extends JsonHandler<RemoveSecurityGroupsHandler.Input, Removal> {

    /** @param previous this step's last answer in the same teardown, or {@code null} */
    public record Input(String clusterName, Removal previous) {
    }

    private final RemoveSecurityGroups step;

    public RemoveSecurityGroupsHandler() {
        this(new RemoveSecurityGroups(AwsClients.ec2()));
        primeBeforeSnapshot(SnapStartPriming.ec2DescribeSecurityGroups());
    }

    RemoveSecurityGroupsHandler(RemoveSecurityGroups step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected Removal handle(Input input, Context context) {
        return step.remove(input.clusterName(), input.previous());
    }
}
