package io.consulfactory.local.cloud.sts;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

import static io.consulfactory.local.cloud.CatalogueAssertions.answers;

/** The real STS client gets the catalogue's one error with its code, status and message exactly. */
@ExtendWith(LocalAwsExtension.class)
class StsErrorsTest {

    private final StsClient sts = client();

    private static StsClient client() {
        LocalAwsExtension.localAws();
        return AwsClients.sts();
    }

    @Test
    void everyActionButGetCallerIdentityIsInvalid() {
        answers(StsErrors.invalidAction("GetSessionToken"), StsException.class, () -> sts.getSessionToken());
    }
}
