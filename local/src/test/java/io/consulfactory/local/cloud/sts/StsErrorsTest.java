package io.consulfactory.local.cloud.sts;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.AwsError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        AwsError expected = StsErrors.invalidAction("GetSessionToken");

        StsException e = assertThrows(StsException.class, () -> sts.getSessionToken());

        assertEquals(expected.code(), e.awsErrorDetails().errorCode());
        assertEquals(expected.status(), e.statusCode());
        assertEquals(expected.getMessage(), e.awsErrorDetails().errorMessage());
    }
}
