package io.consulfactory.secrets;

import com.amazonaws.services.lambda.runtime.Context;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.SnapStartPriming;
import io.consulfactory.lambda.JsonHandler;
import io.consulfactory.spec.ClusterSpec;

import java.security.SecureRandom;
import java.time.Instant;

/** Lambda doorway of {@link EnsureClusterSecrets}: {@code {"spec": …}} in, {@code $.secrets} out (names, never values). */
public final class EnsureClusterSecretsHandler extends JsonHandler<EnsureClusterSecretsHandler.Input, ClusterSecrets> {

    /** @param now the state's entered time ({@code $$.State.EnteredTime}), ISO-8601: certificates are valid from it */
    public record Input(ClusterSpec spec, String now) {
    }

    private final EnsureClusterSecrets step;

    public EnsureClusterSecretsHandler() {
        this(new EnsureClusterSecrets(AwsClients.secretsManager(), new SecureRandom()));
        primeBeforeSnapshot(SnapStartPriming.secretsManagerDescribeSecret());
    }

    EnsureClusterSecretsHandler(EnsureClusterSecrets step) {
        super(Input.class);
        this.step = step;
    }

    @Override
    protected ClusterSecrets handle(Input input, Context context) {
        return step.ensure(input.spec(), input.now() == null ? Instant.now() : Instant.parse(input.now()));
    }
}
