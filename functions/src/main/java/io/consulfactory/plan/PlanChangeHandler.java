package io.consulfactory.plan;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.spec.ClusterSpec;

/** Lambda doorway of {@link PlanChange}: {@code {spec}} in, {@code $.changePlan} out. */
public final class PlanChangeHandler extends JsonHandler<PlanChangeHandler.Input, ChangePlan> {

    public record Input(ClusterSpec spec) {
    }

    private final PlanChange step;

    public PlanChangeHandler() {
        this(new PlanChange(AwsClients.ec2(), AwsClients.ssm(), AwsClients.autoScaling(),
                AwsClients.ec2().serviceClientConfiguration().region().id()));
        primeBeforeSnapshot(SnapStartPriming.ec2DescribeImages(), SnapStartPriming.ec2DescribeInstances(),
                SnapStartPriming.ssmGetClusterRecord(), SnapStartPriming.ssmGetClusterRecords(),
                SnapStartPriming.autoScalingDescribeGroups());
    }

    PlanChangeHandler(PlanChange step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected ChangePlan handle(Input input, Context context) {
        return step.plan(input.spec());
    }
}
