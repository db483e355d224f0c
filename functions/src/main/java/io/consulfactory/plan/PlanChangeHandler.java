package io.consulfactory.plan;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.spec.ClusterSpec;

/** Lambda doorway of {@link PlanChange}: {@code {spec, snapshotBucket, now}} in, {@code $.changePlan} out. */
public final class PlanChangeHandler extends JsonHandler<PlanChangeHandler.Input, ChangePlan> {

    /** @param now the state's entered time ({@code $$.State.EnteredTime}), ISO-8601 */
    public record Input(ClusterSpec spec, String snapshotBucket, String now) {
    }

    private final PlanChange step;

    public PlanChangeHandler() {
        this(new PlanChange(AwsClients.ec2(), AwsClients.ssm(), AwsClients.autoScaling(), AwsClients.s3(),
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
        if (input.snapshotBucket() == null) {
            throw new IllegalArgumentException("the event has no snapshotBucket: the state machine passes the stack's ${SnapshotBucket}");
        }
        return step.plan(input.spec(), input.snapshotBucket(), input.now() == null ? java.time.Instant.now() : java.time.Instant.parse(input.now()));
    }
}
