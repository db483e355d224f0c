package io.consulfactory.cleanup;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.bake.Builder;
import io.consulfactory.bake.Image;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.spec.ClusterSpec;

import java.util.HashSet;
import java.util.Set;

/**
 * Lambda doorway of {@link CleanUp}, after success and after failure alike: {@code {spec, builder?, image?}}
 * in, {@code $.cleanup} out. The image of this run, when there is one, is kept.
 */
public final class CleanUpHandler extends JsonHandler<CleanUpHandler.Input, CleanUpResult> {

    /**
     * @param builder   the builder, when LaunchBuilder reported it
     * @param execution the execution's ARN: finds a builder whose launch was never reported (a lost answer)
     */
    public record Input(ClusterSpec spec, Builder builder, Image image, String execution) {
    }

    private final CleanUp step;

    public CleanUpHandler() {
        this(new CleanUp(AwsClients.ec2()));
        primeBeforeSnapshot(SnapStartPriming.ec2DescribeInstances(), SnapStartPriming.ec2DescribeImages());
    }

    CleanUpHandler(CleanUp step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected CleanUpResult handle(Input input, Context context) {
        Set<String> inUse = new HashSet<>();
        if (input.image() != null) {
            inUse.add(input.image().imageId());
        }
        String builderId = input.builder() != null ? input.builder().instanceId()
                : input.execution() != null ? step.builderOf(input.execution()).orElse(null) : null;
        return step.clean(input.spec(), builderId, inUse);
    }
}
