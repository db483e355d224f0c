package io.consulfactory.launch;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.bake.Image;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;

/**
 * Lambda doorway of {@link PublishLaunchTemplate}: {@code {spec, resources, image, security, snapshotBucket}} in,
 * {@code $.launchTemplate} out; {@code security.stage} is the stage to publish (the state machine's {@code $.security}),
 * {@code snapshotBucket} the stack's bucket (the definition's {@code ${SnapshotBucket}}).
 */
public final class PublishLaunchTemplateHandler extends JsonHandler<PublishLaunchTemplateHandler.Input, LaunchTemplate> {

    public record Input(ClusterSpec spec, SupportingResources resources, Image image, Security security, String snapshotBucket) {
    }

    /** @param stage the security stage this version's servers run */
    public record Security(int stage) {
    }

    private final PublishLaunchTemplate step;

    public PublishLaunchTemplateHandler() {
        this(new PublishLaunchTemplate(AwsClients.ec2()));
        primeBeforeSnapshot(SnapStartPriming.ec2DescribeImages(), SnapStartPriming.ec2DescribeLaunchTemplates());
    }

    PublishLaunchTemplateHandler(PublishLaunchTemplate step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected LaunchTemplate handle(Input input, Context context) {
        if (input.security() == null) {
            throw new IllegalArgumentException("the event has no security.stage: the state machine passes $.security");
        }
        if (input.snapshotBucket() == null) {
            throw new IllegalArgumentException("the event has no snapshotBucket: the state machine passes the stack's ${SnapshotBucket}");
        }
        return step.publish(input.spec(), input.resources(), input.image(), input.security().stage(), input.snapshotBucket());
    }
}
