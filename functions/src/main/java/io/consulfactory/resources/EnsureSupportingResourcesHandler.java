package io.consulfactory.resources;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.spec.ClusterSpec;

/** Lambda doorway of {@link EnsureSupportingResources}: {@code {"spec": …, "snapshotBucket": …}} in, {@code $.resources} out. */
public final class EnsureSupportingResourcesHandler
        extends JsonHandler<EnsureSupportingResourcesHandler.Input, SupportingResources> {

    public record Input(ClusterSpec spec, String snapshotBucket) {
    }

    private final EnsureSupportingResources step;

    public EnsureSupportingResourcesHandler() {
        this(new EnsureSupportingResources(AwsClients.ec2(), AwsClients.iam()));
        primeBeforeSnapshot(SnapStartPriming.ec2DescribeSecurityGroups());
    }

    EnsureSupportingResourcesHandler(EnsureSupportingResources step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected SupportingResources handle(Input input, Context context) {
        return step.ensure(input.spec(), input.snapshotBucket());
    }
}
