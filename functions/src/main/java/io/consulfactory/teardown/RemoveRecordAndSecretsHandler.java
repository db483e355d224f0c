package io.consulfactory.teardown;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;

/** Lambda doorway of {@link RemoveRecordAndSecrets}: {@code {clusterName, secretRecoveryDays}} in, {@code $.records} out. */
public final class RemoveRecordAndSecretsHandler extends JsonHandler<RemoveRecordAndSecretsHandler.Input, Removal> {

    public record Input(String clusterName, int secretRecoveryDays) {
    }

    private final RemoveRecordAndSecrets step;

    public RemoveRecordAndSecretsHandler() {
        this(new RemoveRecordAndSecrets(AwsClients.ssm(), AwsClients.secretsManager()));
        // SSM's only call here is DeleteParameter: that client is built, not primed.
        primeBeforeSnapshot(SnapStartPriming.secretsManagerDescribeSecret());
    }

    RemoveRecordAndSecretsHandler(RemoveRecordAndSecrets step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected Removal handle(Input input, Context context) {
        return step.remove(input.clusterName(), input.secretRecoveryDays());
    }
}
