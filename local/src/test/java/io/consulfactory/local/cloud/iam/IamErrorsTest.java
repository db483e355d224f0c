package io.consulfactory.local.cloud.iam;

import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.CatalogueAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;


/** The real IAM client gets each error of the catalogue with its code, status and message exactly. */
@ExtendWith(LocalAwsExtension.class)
class IamErrorsTest {

    private static final String TRUST_EC2 = IamServiceTest.TRUST_EC2;
    private static final String DESCRIBE_INSTANCES = IamServiceTest.DESCRIBE_INSTANCES;

    private final IamClient iam = IamServiceTest.client();

    private void role(String name) {
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST_EC2));
    }

    @Test
    void anActionIamDoesNotHaveHere() {
        assertAnswers(IamErrors.invalidAction("CreateUser"), () -> iam.createUser(r -> r.userName("operator")));
    }

    @Test
    void aNameOutsideItsPatternIsAValidationError() {
        assertAnswers(IamErrors.validationError("RoleName", "consul server",
                        "Member must satisfy regular expression pattern: " + IamParamsWire.NAME.pattern()),
                () -> iam.getRole(r -> r.roleName("consul server")));
    }

    @Test
    void aMarkerIamNeverGaveIsRefused() {
        assertAnswers(IamErrors.invalidMarker("page-2"), () -> iam.listRoles(r -> r.marker("page-2")));
    }

    @Test
    void tagKeysDifferingOnlyInCaseAreDuplicates() {
        assertAnswers(IamErrors.duplicateTagKeys(), () -> iam.createRole(r -> r.roleName("consul-server")
                .assumeRolePolicyDocument(TRUST_EC2)
                .tags(Tag.builder().key("cluster").value("a").build(), Tag.builder().key("Cluster").value("b").build())));
    }

    @Test
    void aPolicyThatIsNotJsonOrHasNoVersionIsMalformed() {
        assertAnswers(IamErrors.policyNotJson(),
                () -> iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument("{not json")));
        assertAnswers(IamErrors.policySyntax(),
                () -> iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument("{\"Statement\": []}")));
    }

    @Test
    void aRoleNameIsTakenInAnyCaseAndAMissingRoleCannotBeFound() {
        role("consul-server");

        assertAnswers(IamErrors.roleExists("Consul-Server"), () -> role("Consul-Server"));
        assertAnswers(IamErrors.noSuchRole("nobody"), () -> iam.getRole(r -> r.roleName("nobody")));
    }

    @Test
    void aTrustPolicyOverItsQuotaIsRefused() {
        String large = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Sid\":\""
                + "x".repeat(IamErrors.TRUST_POLICY_QUOTA) + "\"}}";

        assertAnswers(IamErrors.trustPolicyTooLarge(),
                () -> iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(large)));
    }

    @Test
    void aRoleInUseCannotBeDeleted() {
        role("consul-server");
        iam.putRolePolicy(r -> r.roleName("consul-server").policyName("p").policyDocument(DESCRIBE_INSTANCES));
        assertAnswers(IamErrors.mustDeleteInlinePolicies(), () -> iam.deleteRole(r -> r.roleName("consul-server")));

        iam.attachRolePolicy(r -> r.roleName("consul-server").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assertAnswers(IamErrors.mustDetachPolicies(), () -> iam.deleteRole(r -> r.roleName("consul-server")));

        iam.createInstanceProfile(r -> r.instanceProfileName("consul-server"));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("consul-server").roleName("consul-server"));
        assertAnswers(IamErrors.mustRemoveRolesFromInstanceProfile(), () -> iam.deleteRole(r -> r.roleName("consul-server")));
        assertAnswers(IamErrors.mustRemoveRolesFromInstanceProfile(),
                () -> iam.deleteInstanceProfile(r -> r.instanceProfileName("consul-server")));
    }

    @Test
    void inlinePoliciesAreFoundByNameAndLimitedInSize() {
        role("consul-server");
        String large = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Sid\":\""
                + "x".repeat(IamErrors.INLINE_POLICIES_QUOTA) + "\"}}";

        assertAnswers(IamErrors.noSuchRolePolicy("describe-instances"),
                () -> iam.getRolePolicy(r -> r.roleName("consul-server").policyName("describe-instances")));
        assertAnswers(IamErrors.inlinePoliciesTooLarge("consul-server"),
                () -> iam.putRolePolicy(r -> r.roleName("consul-server").policyName("large").policyDocument(large)));
    }

    @Test
    void aRoleHasAtMostTenManagedPoliciesAttachedEachAtAWellFormedArn() {
        role("consul-server");
        for (int i = 0; i < IamErrors.ATTACHED_POLICIES_QUOTA; i++) {
            String arn = "arn:aws:iam::aws:policy/Policy" + i;
            iam.attachRolePolicy(r -> r.roleName("consul-server").policyArn(arn));
        }

        assertAnswers(IamErrors.tooManyAttachedPolicies(),
                () -> iam.attachRolePolicy(r -> r.roleName("consul-server").policyArn("arn:aws:iam::aws:policy/OneTooMany")));
        assertAnswers(IamErrors.invalidArn("arn:aws:s3:::bucket"),
                () -> iam.attachRolePolicy(r -> r.roleName("consul-server").policyArn("arn:aws:s3:::bucket")));
        assertAnswers(IamErrors.noSuchPolicy("arn:aws:iam::aws:policy/NotAttached"),
                () -> iam.detachRolePolicy(r -> r.roleName("consul-server").policyArn("arn:aws:iam::aws:policy/NotAttached")));
    }

    @Test
    void anInstanceProfileIsUniqueHoldsOneRoleAndCanBeMissing() {
        role("consul-server");
        iam.createInstanceProfile(r -> r.instanceProfileName("consul-server"));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("consul-server").roleName("consul-server"));

        assertAnswers(IamErrors.instanceProfileExists("CONSUL-SERVER"),
                () -> iam.createInstanceProfile(r -> r.instanceProfileName("CONSUL-SERVER")));
        assertAnswers(IamErrors.instanceProfileFull(),
                () -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("consul-server").roleName("consul-server")));
        assertAnswers(IamErrors.noSuchInstanceProfile("nothing"),
                () -> iam.getInstanceProfile(r -> r.instanceProfileName("nothing")));
    }

    @Test
    void managedPoliciesKeepFiveVersionsAndTheirDefault() {
        String arn = iam.createPolicy(r -> r.policyName("clients").policyDocument(DESCRIBE_INSTANCES)).policy().arn();
        for (int i = 1; i < IamErrors.VERSIONS_QUOTA; i++) {
            iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(DESCRIBE_INSTANCES));
        }

        assertAnswers(IamErrors.policyExists("Clients"),
                () -> iam.createPolicy(r -> r.policyName("Clients").policyDocument(DESCRIBE_INSTANCES)));
        assertAnswers(IamErrors.tooManyVersions(),
                () -> iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(DESCRIBE_INSTANCES)));
        assertAnswers(IamErrors.deleteDefaultVersion(), () -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v1")));
        assertAnswers(IamErrors.noSuchPolicyVersion(arn, "v9"), () -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v9")));
        assertAnswers(IamErrors.deletePolicyWithVersions(), () -> iam.deletePolicy(r -> r.policyArn(arn)));
    }

    /** The SDK's exception carries the catalogue's code, status and message, byte for byte. */
    private static void assertAnswers(AwsError expected, Executable call) {
        CatalogueAssertions.answers(expected, AwsServiceException.class, call);
    }
}
