package io.consulfactory.local.cloud;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalAwsExtension.class)
class LocalAwsProtocolTest {

    @Test
    void answersTheRealStsClientAndLogsTheCaller(LocalAws aws) {
        GetCallerIdentityResponse me = AwsClients.sts().getCallerIdentity();

        assertEquals(LocalAws.ACCOUNT_ID, me.account());
        Call call = aws.calls().of("sts", "GetCallerIdentity").get(0);
        assertEquals(LocalAwsExtension.ACCESS_KEY_ID, call.accessKeyId());
        assertTrue(call.succeeded());
    }

    @Test
    void throttlingIsRetriedByTheSdkUntilItSucceeds(LocalAws aws) {
        aws.faults().throttle("sts", "GetCallerIdentity", 2);

        assertEquals(LocalAws.ACCOUNT_ID, AwsClients.sts().getCallerIdentity().account());

        var calls = aws.calls().of("sts", "GetCallerIdentity");
        assertEquals(3, calls.size());
        assertEquals("Throttling", calls.get(0).errorCode());
        assertEquals("Throttling", calls.get(1).errorCode());
        assertTrue(calls.get(2).succeeded());
    }

    @Test
    void anUnknownActionIsAnErrorTheSdkUnderstands(LocalAws aws) {
        aws.faults().fail("ec2", "DescribeVpcs", 1, AwsError.client("UnauthorizedOperation", "You are not authorized to perform this operation."));

        Ec2Exception e = assertThrows(Ec2Exception.class, () -> AwsClients.ec2().describeVpcs());

        assertEquals("UnauthorizedOperation", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals("You are not authorized to perform this operation.", e.awsErrorDetails().errorMessage());
    }
}
