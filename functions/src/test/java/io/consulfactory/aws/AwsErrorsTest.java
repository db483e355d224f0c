package io.consulfactory.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwsErrorsTest {

    private static AwsServiceException error(AwsServiceException.Builder builder, int status, String code, String message) {
        // As the SDK's unmarshallers build them: the message both on the exception and in the details.
        return builder.message(message).statusCode(status).awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                .serviceName("Ec2").build()).build();
    }

    @Test
    void aPermanentErrorKeepsItsTypeAndCodeAndNamesTheOperationOnce() {
        AwsServiceException denied = error(Ec2Exception.builder(), 403, "UnauthorizedOperation", "You are not authorized to perform this operation.");

        AwsServiceException thrown = assertThrows(AwsServiceException.class,
                () -> AwsErrors.call("ec2:RunInstances", () -> { throw denied; }));
        AwsServiceException again = assertThrows(AwsServiceException.class,
                () -> AwsErrors.call("ec2:RunInstances", () -> { throw thrown; }));

        assertInstanceOf(Ec2Exception.class, thrown);
        assertEquals("UnauthorizedOperation", AwsErrors.errorCode(thrown));
        assertTrue(thrown.getMessage().startsWith("ec2:RunInstances: You are not authorized to perform this operation."), thrown.getMessage());
        assertEquals(thrown.getMessage(), again.getMessage(), "named once");
    }

    @Test
    void aModeledErrorStaysCatchableByItsType() {
        AwsServiceException missing = error(NoSuchEntityException.builder(), 404, "NoSuchEntity", "The role with name x cannot be found.");

        assertThrows(NoSuchEntityException.class, () -> AwsErrors.call("iam:GetRole", () -> { throw missing; }));
    }

    @Test
    void throttlingAndServerErrorsBecomeRetryableNamingTheOperation() {
        AwsServiceException throttled = error(Ec2Exception.builder(), 503, "RequestLimitExceeded", "Request limit exceeded.");
        AwsServiceException internal = error(Ec2Exception.builder(), 500, "InternalError", "An internal error has occurred");

        RetryableAwsException first = assertThrows(RetryableAwsException.class,
                () -> AwsErrors.call("ec2:DescribeImages", () -> { throw throttled; }));
        assertThrows(RetryableAwsException.class, () -> AwsErrors.call("ec2:DescribeImages", () -> { throw internal; }));

        assertTrue(first.getMessage().startsWith("ec2:DescribeImages is throttled or unavailable after retries: Request limit exceeded."),
                first.getMessage());
    }
}
