package io.consulfactory.local.cloud.iam;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalAwsExtension.class)
class IamServiceTest {

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    private final IamClient iam = AwsClients.iam();

    @Test
    void aRoleComesBackWithItsPathTagsAndAUrlEncodedTrustPolicyAsIamSendsIt() {
        iam.createRole(r -> r.roleName("node").path("/factory/").assumeRolePolicyDocument(TRUST).tags(t -> t.key("k").value("v")));

        var role = iam.getRole(r -> r.roleName("node")).role();

        assertEquals("arn:aws:iam::123456789012:role/factory/node", role.arn());
        assertTrue(role.roleId().startsWith("AROA"));
        assertTrue(role.assumeRolePolicyDocument().startsWith("%7B%22Version%22"), role.assumeRolePolicyDocument());
        assertEquals(TRUST, URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        assertEquals("v", role.tags().get(0).value());
    }

    @Test
    void errorsCarryIamsCodesAndStatuses() {
        iam.createRole(r -> r.roleName("node").assumeRolePolicyDocument(TRUST));

        assertEquals(409, assertThrows(EntityAlreadyExistsException.class,
                () -> iam.createRole(r -> r.roleName("node").assumeRolePolicyDocument(TRUST))).statusCode());
        NoSuchEntityException missing = assertThrows(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("nobody")));
        assertEquals(404, missing.statusCode());
        assertEquals("The role with name nobody cannot be found.", missing.awsErrorDetails().errorMessage());
        assertThrows(MalformedPolicyDocumentException.class,
                () -> iam.putRolePolicy(r -> r.roleName("node").policyName("p").policyDocument("{not json")));
        IamException invalidName = assertThrows(IamException.class,
                () -> iam.createRole(r -> r.roleName("bad name").assumeRolePolicyDocument(TRUST)));
        assertEquals("ValidationError", invalidName.awsErrorDetails().errorCode());
        assertThrows(NoSuchEntityException.class, () -> iam.getRolePolicy(r -> r.roleName("node").policyName("none")));
    }

    @Test
    void anInstanceProfileHoldsOneRoleAndEachBlocksTheOthersDeletion() {
        iam.createRole(r -> r.roleName("a").assumeRolePolicyDocument(TRUST));
        iam.createRole(r -> r.roleName("b").assumeRolePolicyDocument(TRUST));
        iam.createInstanceProfile(r -> r.instanceProfileName("p"));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("p").roleName("a"));

        assertEquals(409, assertThrows(LimitExceededException.class,
                () -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("p").roleName("b"))).statusCode());
        assertThrows(DeleteConflictException.class, () -> iam.deleteRole(r -> r.roleName("a")));
        assertThrows(DeleteConflictException.class, () -> iam.deleteInstanceProfile(r -> r.instanceProfileName("p")));
        assertEquals("a", iam.listInstanceProfilesForRole(r -> r.roleName("a")).instanceProfiles().get(0).roles().get(0).roleName());

        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName("p").roleName("a"));
        iam.deleteInstanceProfile(r -> r.instanceProfileName("p"));
        iam.deleteRole(r -> r.roleName("a"));
        assertThrows(NoSuchEntityException.class, () -> iam.getInstanceProfile(r -> r.instanceProfileName("p")));
    }

    @Test
    void inlinePoliciesAndTagsCanBeReadBackAndRemoved() {
        iam.createRole(r -> r.roleName("node").assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(r -> r.roleName("node").policyName("p").policyDocument(TRUST));
        iam.tagRole(r -> r.roleName("node").tags(t -> t.key("a").value("1"), t -> t.key("b").value("2")));
        iam.untagRole(r -> r.roleName("node").tagKeys("a"));

        assertEquals(java.util.List.of("p"), iam.listRolePolicies(r -> r.roleName("node")).policyNames());
        assertEquals(java.util.List.of("b"), iam.listRoleTags(r -> r.roleName("node")).tags().stream().map(t -> t.key()).toList());
        assertThrows(DeleteConflictException.class, () -> iam.deleteRole(r -> r.roleName("node")));
        iam.deleteRolePolicy(r -> r.roleName("node").policyName("p"));
        iam.deleteRole(r -> r.roleName("node"));
    }

    @Test
    void ec2SeesANewInstanceProfileOnlyAfterIamPropagates(LocalAws aws) {
        aws.faults().instanceProfilePropagation(Duration.ofSeconds(10));
        iam.createRole(r -> r.roleName("node").assumeRolePolicyDocument(TRUST));
        String arn = iam.createInstanceProfile(r -> r.instanceProfileName("p")).instanceProfile().arn();

        assertFalse(aws.iam().instanceProfileUsableByEc2(arn), "no role in it yet");
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("p").roleName("node"));
        aws.clock().advance(Duration.ofSeconds(9));
        assertFalse(aws.iam().instanceProfileUsableByEc2(arn));
        aws.clock().advance(Duration.ofSeconds(1));
        assertTrue(aws.iam().instanceProfileUsableByEc2(arn));
        assertTrue(aws.iam().instanceProfileUsableByEc2("p"));
        assertFalse(aws.iam().instanceProfileUsableByEc2("arn:aws:iam::123456789012:instance-profile/other/p"));
    }
}
