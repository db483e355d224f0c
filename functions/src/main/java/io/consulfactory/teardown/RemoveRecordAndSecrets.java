package io.consulfactory.teardown;

import io.consulfactory.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Last: the cluster record (the rebake schedule forgets the cluster) and the cluster's three secrets. Secrets
 * Manager keeps a deleted secret restorable for its recovery window ({@code secretRecoveryDays}, 7 to 30); a new
 * deploy of the same name within it restores them (EnsureClusterSecrets), so a mistaken teardown can get its
 * CA and tokens back. A secret already scheduled for deletion counts as gone.
 */
public final class RemoveRecordAndSecrets {

    static final String PARAMETERS = "parameters";
    static final String SECRETS = "secrets";

    private final SsmClient ssm;
    private final SecretsManagerClient secrets;

    public RemoveRecordAndSecrets(SsmClient ssm, SecretsManagerClient secrets) {
        this.ssm = ssm;
        this.secrets = secrets;
    }

    public Removal remove(String clusterName, int secretRecoveryDays) {
        ClusterNames names = new ClusterNames(clusterName);
        Removal.Builder result = new Removal.Builder(null, PARAMETERS, SECRETS);
        try {
            call("ssm:DeleteParameter", () -> ssm.deleteParameter(r -> r.name(names.recordName())));
            result.removed(PARAMETERS, names.recordName());
        } catch (ParameterNotFoundException e) {
            result.gone(PARAMETERS, names.recordName());
        }
        for (String name : names.secretNames()) {
            DescribeSecretResponse secret;
            try {
                secret = call("secretsmanager:DescribeSecret", () -> secrets.describeSecret(r -> r.secretId(name)));
            } catch (ResourceNotFoundException e) {
                result.gone(SECRETS, name);
                continue;
            }
            Map<String, String> tags = secret.tags().stream().collect(Collectors.toMap(
                    software.amazon.awssdk.services.secretsmanager.model.Tag::key,
                    software.amazon.awssdk.services.secretsmanager.model.Tag::value, (a, b) -> b));
            if (!names.ours(tags)) {
                throw new ForeignResourceException(clusterName, List.of(names.whyNotOurs("secret", name, secret.arn(), tags)));
            }
            if (secret.deletedDate() != null) {
                result.gone(SECRETS, secret.arn());
                continue;
            }
            try {
                call("secretsmanager:DeleteSecret", () -> secrets.deleteSecret(r -> r.secretId(secret.arn())
                        .recoveryWindowInDays((long) secretRecoveryDays)));
                result.removed(SECRETS, secret.arn());
            } catch (AwsServiceException e) {
                // Scheduled for deletion since the describe (a retried step): gone as far as this teardown goes.
                if (!AwsErrors.hasCode(e, "InvalidRequestException") && !AwsErrors.hasCode(e, "ResourceNotFoundException")) {
                    throw e;
                }
                result.gone(SECRETS, secret.arn());
            }
        }
        return result.done();
    }
}
