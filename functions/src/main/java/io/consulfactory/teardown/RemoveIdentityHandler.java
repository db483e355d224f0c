package io.consulfactory.teardown;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;

/** Lambda doorway of {@link RemoveIdentity}: {@code {clusterName, execution}} in, {@code $.identity} out. */
public final class RemoveIdentityHandler extends JsonHandler<RemoveIdentityHandler.Input, Removal> {

    /** @param execution the execution's ARN: its partition and account are the client policy's */
    public record Input(String clusterName, String execution) {
    }

    private final RemoveIdentity step;

    public RemoveIdentityHandler() {
        this(new RemoveIdentity(AwsClients.iam()));
        primeBeforeSnapshot(SnapStartPriming.iamGetRole());
    }

    RemoveIdentityHandler(RemoveIdentity step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected Removal handle(Input input, Context context) {
        return step.remove(input.clusterName(), input.execution());
    }
}
