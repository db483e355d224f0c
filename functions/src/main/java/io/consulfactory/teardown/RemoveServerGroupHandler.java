package io.consulfactory.teardown;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;

/** Lambda doorway of {@link RemoveServerGroup}: {@code {clusterName, previous?}} in, {@code $.serverGroup} out. */
public final class RemoveServerGroupHandler extends JsonHandler<RemoveServerGroupHandler.Input, Removal> {

    /** @param previous this step's last answer in the same teardown, or {@code null} */
    public record Input(String clusterName, Removal previous) {
    }

    private final RemoveServerGroup step;

    public RemoveServerGroupHandler() {
        this(new RemoveServerGroup(AwsClients.autoScaling()));
        primeBeforeSnapshot(SnapStartPriming.autoScalingDescribeGroups());
    }

    RemoveServerGroupHandler(RemoveServerGroup step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected Removal handle(Input input, Context context) {
        return step.remove(input.clusterName(), input.previous());
    }
}
