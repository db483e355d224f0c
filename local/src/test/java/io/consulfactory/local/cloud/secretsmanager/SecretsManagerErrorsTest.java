package io.consulfactory.local.cloud.secretsmanager;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import static io.consulfactory.local.cloud.CatalogueAssertions.answers;

/** A sample of the local Secrets Manager's errors, through the SDK, answered with the catalogue's code, status and message. */
@ExtendWith(LocalAwsExtension.class)
class SecretsManagerErrorsTest {

    private static final String NAME = "consul-cluster-factory/dc1/client";

    private final SecretsManagerClient sm = client();

    private static SecretsManagerClient client() {
        LocalAwsExtension.localAws();
        return AwsClients.secretsManager();
    }

    @Test
    void aSecretThatDoesNotExistIsNotFound() {
        answers(SecretsManagerErrors.secretNotFound(), ResourceNotFoundException.class,
                () -> sm.getSecretValue(r -> r.secretId(NAME)));
    }

    @Test
    void aStageNoVersionCarriesHasNoValue() {
        sm.createSecret(r -> r.name(NAME).secretString("v1"));

        answers(SecretsManagerErrors.noValueForStage("AWSPENDING"), ResourceNotFoundException.class,
                () -> sm.getSecretValue(r -> r.secretId(NAME).versionStage("AWSPENDING")));
    }

    @Test
    void aNameInUseExists() {
        sm.createSecret(r -> r.name(NAME).secretString("v1"));

        answers(SecretsManagerErrors.secretExists(NAME), ResourceExistsException.class,
                () -> sm.createSecret(r -> r.name(NAME).secretString("v2")));
    }

    @Test
    void aSecretScheduledForDeletionCanBeNeitherReadNorCreatedAgain() {
        sm.createSecret(r -> r.name(NAME).secretString("v1"));
        sm.deleteSecret(r -> r.secretId(NAME).recoveryWindowInDays(7L));

        answers(SecretsManagerErrors.markedForDeletion(), InvalidRequestException.class,
                () -> sm.getSecretValue(r -> r.secretId(NAME)));
        answers(SecretsManagerErrors.nameScheduledForDeletion(), InvalidRequestException.class,
                () -> sm.createSecret(r -> r.name(NAME).secretString("v2")));
    }

    @Test
    void aValueIsAStringOrBytesNeitherBothNorNone() {
        answers(SecretsManagerErrors.bothValues(), InvalidParameterException.class, () -> sm.createSecret(r -> r.name(NAME)
                .secretString("v1").secretBinary(SdkBytes.fromUtf8String("v1"))));
        sm.createSecret(r -> r.name(NAME).secretString("v1"));
        answers(SecretsManagerErrors.noValue(), InvalidParameterException.class, () -> sm.putSecretValue(r -> r.secretId(NAME)));
    }

    @Test
    void aRecoveryWindowIsSevenToThirtyDaysAndNotWithForce() {
        sm.createSecret(r -> r.name(NAME).secretString("v1"));

        answers(SecretsManagerErrors.recoveryWindow(), InvalidParameterException.class,
                () -> sm.deleteSecret(r -> r.secretId(NAME).recoveryWindowInDays(3L)));
        answers(SecretsManagerErrors.forceAndWindow(), InvalidParameterException.class,
                () -> sm.deleteSecret(r -> r.secretId(NAME).recoveryWindowInDays(7L).forceDeleteWithoutRecovery(true)));
    }

    @Test
    void aNameOutsideTheAllowedCharactersIsInvalid() {
        answers(SecretsManagerErrors.invalidName(), SecretsManagerException.class,
                () -> sm.createSecret(r -> r.name("consul cluster").secretString("v1")));
    }

    @Test
    void aNextTokenNotGivenByListSecretsIsInvalid() {
        answers(SecretsManagerErrors.invalidNextToken(), InvalidNextTokenException.class,
                () -> sm.listSecrets(r -> r.nextToken("not-a-token")));
    }
}
