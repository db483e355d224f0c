package io.consulfactory.local.cloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleLastUsed;
import software.amazon.awssdk.services.iam.model.Tag;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalAwsExtension.class)
class IamServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TRUST_EC2 = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}""";
    static final String DESCRIBE_INSTANCES = """
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}}""";

    private final IamClient iam = client();

    /** The SDK client reads its endpoint settings once: make sure the local AWS has set them first. */
    static IamClient client() {
        LocalAwsExtension.localAws();
        return AwsClients.iam();
    }

    @Test
    void createsARoleAndGetsItBackAsAwsWouldShowIt(LocalAws aws) throws Exception {
        Instant now = aws.clock().now();
        Role created = iam.createRole(r -> r.roleName("consul-server").path("/consul/")
                .assumeRolePolicyDocument(TRUST_EC2).description("Consul servers")
                .tags(Tag.builder().key("cluster").value("consul-dc1").build())).role();

        Role role = iam.getRole(r -> r.roleName("consul-server")).role();

        assertEquals(created, role.toBuilder().roleLastUsed((RoleLastUsed) null).build());
        assertEquals("consul-server", role.roleName());
        assertEquals("/consul/", role.path());
        assertEquals("arn:aws:iam::123456789012:role/consul/consul-server", role.arn());
        assertTrue(role.roleId().matches("AROA[A-Z2-7]{17}"), role.roleId());
        assertEquals(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), role.createDate(), "IAM dates are whole seconds");
        assertEquals("Consul servers", role.description());
        assertEquals(3600, role.maxSessionDuration());
        assertEquals(Map.of("cluster", "consul-dc1"), tags(role.tags()));
        // IAM sends the document URL-encoded, and the SDK passes that on as is.
        assertTrue(role.assumeRolePolicyDocument().startsWith("%7B%22Version%22"), role.assumeRolePolicyDocument());
        assertEquals(JSON.readTree(TRUST_EC2), decoded(role.assumeRolePolicyDocument()));
        assertEquals("/consul/", aws.iam().role("CONSUL-SERVER").orElseThrow().path());
    }

    @Test
    void aSecondRoleOfTheSameNameInAnyCaseAlreadyExists() {
        iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(TRUST_EC2));

        var e = assertThrows(EntityAlreadyExistsException.class,
                () -> iam.createRole(r -> r.roleName("Consul-Server").assumeRolePolicyDocument(TRUST_EC2)));

        assertEquals(409, e.statusCode());
        assertEquals("EntityAlreadyExists", e.awsErrorDetails().errorCode());
        assertEquals("Role with name Consul-Server already exists.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void aMissingRoleIsNoSuchEntity() {
        var e = assertThrows(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("nobody")));

        assertEquals(404, e.statusCode());
        assertEquals("The role with name nobody cannot be found.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void listsRolesUnderAPathPrefixPageByPage() {
        for (String name : List.of("a", "b", "c")) {
            iam.createRole(r -> r.roleName(name).path("/consul/").assumeRolePolicyDocument(TRUST_EC2));
        }
        iam.createRole(r -> r.roleName("other").assumeRolePolicyDocument(TRUST_EC2));

        ListRolesResponse first = iam.listRoles(r -> r.pathPrefix("/consul/").maxItems(2));
        List<String> all = iam.listRolesPaginator(r -> r.pathPrefix("/consul/").maxItems(2)).roles().stream()
                .map(Role::roleName).toList();

        assertTrue(first.isTruncated());
        assertEquals(2, first.roles().size());
        assertEquals(List.of("a", "b", "c"), all);
        assertEquals(4, iam.listRoles().roles().size());
    }

    @Test
    void updatesTheTrustPolicy() throws Exception {
        iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(TRUST_EC2));
        String lambdaTrust = TRUST_EC2.replace("ec2.amazonaws.com", "lambda.amazonaws.com");

        iam.updateAssumeRolePolicy(r -> r.roleName("consul-server").policyDocument(lambdaTrust));

        assertEquals(JSON.readTree(lambdaTrust),
                decoded(iam.getRole(r -> r.roleName("consul-server")).role().assumeRolePolicyDocument()));
    }

    @Test
    void putsGetsListsAndDeletesAnInlinePolicy() throws Exception {
        iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(TRUST_EC2));

        iam.putRolePolicy(r -> r.roleName("consul-server").policyName("describe-instances").policyDocument(DESCRIBE_INSTANCES));

        var policy = iam.getRolePolicy(r -> r.roleName("consul-server").policyName("describe-instances"));
        assertEquals("consul-server", policy.roleName());
        assertEquals("describe-instances", policy.policyName());
        assertEquals(JSON.readTree(DESCRIBE_INSTANCES), decoded(policy.policyDocument()));
        assertEquals(List.of("describe-instances"),
                iam.listRolePolicies(r -> r.roleName("consul-server")).policyNames());

        iam.deleteRolePolicy(r -> r.roleName("consul-server").policyName("describe-instances"));

        assertEquals(List.of(), iam.listRolePolicies(r -> r.roleName("consul-server")).policyNames());
        var e = assertThrows(NoSuchEntityException.class,
                () -> iam.getRolePolicy(r -> r.roleName("consul-server").policyName("describe-instances")));
        assertEquals("The role policy with name describe-instances cannot be found.", e.awsErrorDetails().errorMessage());
    }

    @Test
    void attachesAndDetachesAManagedPolicy() {
        iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(TRUST_EC2));
        String ssmCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

        iam.attachRolePolicy(r -> r.roleName("consul-server").policyArn(ssmCore));

        var attached = iam.listAttachedRolePolicies(r -> r.roleName("consul-server")).attachedPolicies();
        assertEquals(1, attached.size());
        assertEquals("AmazonSSMManagedInstanceCore", attached.get(0).policyName());
        assertEquals(ssmCore, attached.get(0).policyArn());
        assertEquals(409, assertThrows(DeleteConflictException.class,
                () -> iam.deleteRole(r -> r.roleName("consul-server"))).statusCode());

        iam.detachRolePolicy(r -> r.roleName("consul-server").policyArn(ssmCore));
        iam.deleteRole(r -> r.roleName("consul-server"));
    }

    @Test
    void anInstanceProfileHoldsOneRole(LocalAws aws) {
        iam.createRole(r -> r.roleName("consul-server").path("/consul/").assumeRolePolicyDocument(TRUST_EC2));
        iam.createRole(r -> r.roleName("other").assumeRolePolicyDocument(TRUST_EC2));
        InstanceProfile created = iam.createInstanceProfile(r -> r.instanceProfileName("consul-server")
                .path("/consul/")).instanceProfile();
        assertEquals(List.of(), created.roles());
        assertTrue(created.instanceProfileId().matches("AIPA[A-Z2-7]{17}"), created.instanceProfileId());

        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("consul-server").roleName("consul-server"));

        InstanceProfile profile = iam.getInstanceProfile(r -> r.instanceProfileName("consul-server")).instanceProfile();
        assertEquals("arn:aws:iam::123456789012:instance-profile/consul/consul-server", profile.arn());
        assertEquals(List.of("consul-server"), profile.roles().stream().map(Role::roleName).toList());
        assertEquals("arn:aws:iam::123456789012:role/consul/consul-server", profile.roles().get(0).arn());
        assertEquals(List.of("consul-server"), iam.listInstanceProfilesForRole(r -> r.roleName("consul-server"))
                .instanceProfiles().stream().map(InstanceProfile::instanceProfileName).toList());
        var e = assertThrows(LimitExceededException.class,
                () -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("consul-server").roleName("other")));
        assertEquals(409, e.statusCode());
        assertEquals("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", e.awsErrorDetails().errorMessage());
        assertEquals("consul-server", aws.iam().instanceProfile(profile.arn()).orElseThrow().roleName());
    }

    @Test
    void deletingWhatIsStillInUseIsAConflict() {
        iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(TRUST_EC2));
        iam.putRolePolicy(r -> r.roleName("consul-server").policyName("p").policyDocument(DESCRIBE_INSTANCES));
        iam.createInstanceProfile(r -> r.instanceProfileName("consul-server"));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("consul-server").roleName("consul-server"));

        var roleInProfile = assertThrows(DeleteConflictException.class, () -> iam.deleteRole(r -> r.roleName("consul-server")));
        var profileWithRole = assertThrows(DeleteConflictException.class,
                () -> iam.deleteInstanceProfile(r -> r.instanceProfileName("consul-server")));
        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName("consul-server").roleName("consul-server"));
        iam.deleteInstanceProfile(r -> r.instanceProfileName("consul-server"));
        var roleWithPolicy = assertThrows(DeleteConflictException.class, () -> iam.deleteRole(r -> r.roleName("consul-server")));
        iam.deleteRolePolicy(r -> r.roleName("consul-server").policyName("p"));
        iam.deleteRole(r -> r.roleName("consul-server"));

        assertEquals(409, roleInProfile.statusCode());
        assertEquals("Cannot delete entity, must remove roles from instance profile first.",
                roleInProfile.awsErrorDetails().errorMessage());
        assertEquals("Cannot delete entity, must remove roles from instance profile first.",
                profileWithRole.awsErrorDetails().errorMessage());
        assertEquals("Cannot delete entity, must delete policies first.", roleWithPolicy.awsErrorDetails().errorMessage());
        assertThrows(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("consul-server")));
        var gone = assertThrows(NoSuchEntityException.class,
                () -> iam.getInstanceProfile(r -> r.instanceProfileName("consul-server")));
        assertEquals("Instance Profile consul-server cannot be found.", gone.awsErrorDetails().errorMessage());
    }

    @Test
    void tagsUntagsAndListsTagsOfRolesAndInstanceProfiles() {
        iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(TRUST_EC2)
                .tags(tag("cluster", "consul-dc1")));
        iam.createInstanceProfile(r -> r.instanceProfileName("consul-server").tags(tag("cluster", "consul-dc1")));

        iam.tagRole(r -> r.roleName("consul-server").tags(tag("owner", "platform"), tag("cluster", "consul-dc2")));
        iam.untagRole(r -> r.roleName("consul-server").tagKeys("owner"));
        iam.tagInstanceProfile(r -> r.instanceProfileName("consul-server").tags(tag("owner", "platform")));
        iam.untagInstanceProfile(r -> r.instanceProfileName("consul-server").tagKeys("cluster"));

        assertEquals(Map.of("cluster", "consul-dc2"), tags(iam.listRoleTags(r -> r.roleName("consul-server")).tags()));
        assertEquals(Map.of("owner", "platform"),
                tags(iam.listInstanceProfileTags(r -> r.instanceProfileName("consul-server")).tags()));
        assertEquals(Map.of("owner", "platform"),
                tags(iam.getInstanceProfile(r -> r.instanceProfileName("consul-server")).instanceProfile().tags()));
    }

    @Test
    void aPolicyThatIsNotJsonOrLacksStatementsIsMalformed() {
        iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(TRUST_EC2));

        var notJson = assertThrows(MalformedPolicyDocumentException.class, () -> iam.putRolePolicy(r ->
                r.roleName("consul-server").policyName("p").policyDocument("{\"Version\": \"2012-10-17\",")));
        var noStatement = assertThrows(MalformedPolicyDocumentException.class, () -> iam.createRole(r ->
                r.roleName("other").assumeRolePolicyDocument("{\"Version\": \"2012-10-17\"}")));

        assertEquals(400, notJson.statusCode());
        assertEquals("This policy contains invalid Json", notJson.awsErrorDetails().errorMessage());
        assertEquals("MalformedPolicyDocument", noStatement.awsErrorDetails().errorCode());
        assertThrows(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("other")));
    }

    @Test
    void anInvalidNameOrPathIsAValidationError() {
        var badName = assertThrows(IamException.class,
                () -> iam.createRole(r -> r.roleName("consul server").assumeRolePolicyDocument(TRUST_EC2)));
        var longName = assertThrows(IamException.class,
                () -> iam.createRole(r -> r.roleName("r".repeat(65)).assumeRolePolicyDocument(TRUST_EC2)));
        var badPath = assertThrows(IamException.class,
                () -> iam.createInstanceProfile(r -> r.instanceProfileName("p").path("consul")));

        assertEquals(400, badName.statusCode());
        assertEquals("ValidationError", badName.awsErrorDetails().errorCode());
        assertEquals("1 validation error detected: Value 'consul server' at 'roleName' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: [\\w+=,.@-]+", badName.awsErrorDetails().errorMessage());
        assertTrue(longName.awsErrorDetails().errorMessage().endsWith("Member must have length less than or equal to 64"));
        assertEquals("ValidationError", badPath.awsErrorDetails().errorCode());
    }

    @Test
    void ec2SeesAnInstanceProfileOnlyAfterItAndItsRoleHavePropagated(LocalAws aws) {
        aws.faults().instanceProfilePropagation(Duration.ofSeconds(10));
        iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(TRUST_EC2));
        String arn = iam.createInstanceProfile(r -> r.instanceProfileName("consul-server")).instanceProfile().arn();
        aws.clock().advance(Duration.ofSeconds(8));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("consul-server").roleName("consul-server"));

        assertFalse(aws.iam().instanceProfileUsableByEc2("consul-server"));
        aws.clock().advance(Duration.ofSeconds(5));
        assertFalse(aws.iam().instanceProfileUsableByEc2(arn), "the role was added only 5s ago");
        aws.clock().advance(Duration.ofSeconds(5));
        assertTrue(aws.iam().instanceProfileUsableByEc2("consul-server"));
        assertTrue(aws.iam().instanceProfileUsableByEc2(arn));
        assertFalse(aws.iam().instanceProfileUsableByEc2("arn:aws:iam::123456789012:instance-profile/other/consul-server"));
        assertFalse(aws.iam().instanceProfileUsableByEc2("missing"));
    }

    @Test
    void anEmptyInstanceProfileIsNotUsable(LocalAws aws) {
        iam.createInstanceProfile(r -> r.instanceProfileName("consul-server"));

        assertFalse(aws.iam().instanceProfileUsableByEc2("consul-server"));
    }

    @Test
    void throttlingIsRetriedByTheSdk(LocalAws aws) {
        iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(TRUST_EC2));
        aws.faults().throttle("iam", "GetRole", 1);

        assertEquals("consul-server", iam.getRole(r -> r.roleName("consul-server")).role().roleName());

        var calls = aws.calls().of("iam", "GetRole");
        assertEquals(2, calls.size());
        assertEquals("Throttling", calls.get(0).errorCode());
        assertTrue(calls.get(1).succeeded());
    }

    private static final String CLIENT_SECRET = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue",
              "Resource":"arn:aws:secretsmanager:us-east-1:123456789012:secret:consul-cluster-factory/dc1/client-??????"}]}""";

    @Test
    void createsAManagedPolicyAndGetsItAndItsVersionBackAsAwsWouldShowThem(LocalAws aws) throws Exception {
        var created = iam.createPolicy(r -> r.policyName("consul-dc1-client").path("/consul-cluster-factory/")
                .description("Consul clients").policyDocument(CLIENT_SECRET).tags(tag("managed-by", "consul-cluster-factory"))).policy();

        String arn = "arn:aws:iam::123456789012:policy/consul-cluster-factory/consul-dc1-client";
        assertEquals(arn, created.arn());
        assertEquals("v1", created.defaultVersionId());
        assertTrue(created.policyId().startsWith("ANPA"), created.policyId());
        assertEquals(true, created.isAttachable());
        var got = iam.getPolicy(r -> r.policyArn(arn)).policy();
        assertEquals("Consul clients", got.description());
        assertEquals("/consul-cluster-factory/", got.path());
        assertEquals(0, got.attachmentCount());
        assertEquals(Map.of("managed-by", "consul-cluster-factory"), tags(got.tags()));
        var version = iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion();
        assertTrue(version.isDefaultVersion());
        assertEquals(JSON.readTree(CLIENT_SECRET), decoded(version.document()), "sent back URL-encoded, as IAM does");
        assertEquals(aws.clock().now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), version.createDate());

        iam.tagPolicy(r -> r.policyArn(arn).tags(tag("consul-cluster", "dc1")));
        assertEquals(Map.of("managed-by", "consul-cluster-factory", "consul-cluster", "dc1"),
                tags(iam.listPolicyTags(r -> r.policyArn(arn)).tags()));
        iam.untagPolicy(r -> r.policyArn(arn).tagKeys("consul-cluster"));
        assertEquals(Map.of("managed-by", "consul-cluster-factory"), tags(iam.listPolicyTags(r -> r.policyArn(arn)).tags()));
    }

    @Test
    void aManagedPolicyKeepsFiveVersionsNeverLosesItsDefaultAndNeverReusesAnId() {
        String arn = iam.createPolicy(r -> r.policyName("p").policyDocument(DESCRIBE_INSTANCES)).policy().arn();
        for (int i = 0; i < 4; i++) {
            boolean last = i == 3;
            var made = iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(CLIENT_SECRET).setAsDefault(last)).policyVersion();
            assertEquals("v" + (i + 2), made.versionId());
            assertEquals(last, made.isDefaultVersion());
            assertEquals(null, made.document(), "CreatePolicyVersion answers without the document");
        }
        assertEquals("v5", iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId());

        LimitExceededException full = assertThrows(LimitExceededException.class,
                () -> iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(CLIENT_SECRET)));
        assertEquals(409, full.statusCode());
        assertTrue(full.getMessage().contains("up to 5 versions"), full.getMessage());
        DeleteConflictException isDefault = assertThrows(DeleteConflictException.class,
                () -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v5")));
        assertTrue(isDefault.getMessage().contains("Cannot delete the default version"), isDefault.getMessage());
        DeleteConflictException withVersions = assertThrows(DeleteConflictException.class, () -> iam.deletePolicy(r -> r.policyArn(arn)));
        assertTrue(withVersions.getMessage().contains("more than one version"), withVersions.getMessage());

        iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v1"));
        assertEquals("v6", iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(CLIENT_SECRET)).policyVersion().versionId());
        assertEquals(List.of("v2", "v3", "v4", "v5", "v6"), iam.listPolicyVersions(r -> r.policyArn(arn)).versions().stream()
                .map(v -> v.versionId()).toList());
        assertThrows(NoSuchEntityException.class, () -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")));

        for (String v : List.of("v2", "v3", "v4", "v6")) {
            iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v));
        }
        iam.deletePolicy(r -> r.policyArn(arn));
        assertThrows(NoSuchEntityException.class, () -> iam.getPolicy(r -> r.policyArn(arn)));
    }

    @Test
    void managedPolicyErrorsAreIamsOwn() {
        String arn = iam.createPolicy(r -> r.policyName("Clients").path("/a/").policyDocument(DESCRIBE_INSTANCES)).policy().arn();

        EntityAlreadyExistsException twice = assertThrows(EntityAlreadyExistsException.class,
                () -> iam.createPolicy(r -> r.policyName("clients").path("/b/").policyDocument(DESCRIBE_INSTANCES)));
        assertEquals(409, twice.statusCode());
        assertTrue(twice.getMessage().contains("A policy called clients already exists"), "names are unique in the account,"
                + " whatever the path or case: " + twice.getMessage());
        NoSuchEntityException otherPath = assertThrows(NoSuchEntityException.class,
                () -> iam.getPolicy(r -> r.policyArn("arn:aws:iam::123456789012:policy/b/Clients")));
        assertEquals(404, otherPath.statusCode());
        assertTrue(otherPath.getMessage().contains("was not found"), otherPath.getMessage());
        assertThrows(MalformedPolicyDocumentException.class,
                () -> iam.createPolicy(r -> r.policyName("bad").policyDocument("{\"Statement\":[]}")));
        assertThrows(MalformedPolicyDocumentException.class,
                () -> iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument("not json")));
        String large = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:DescribeInstances\","
                + "\"Resource\":\"arn:aws:ec2:us-east-1:123456789012:instance/" + "i".repeat(6200) + "\"}]}";
        LimitExceededException tooLarge = assertThrows(LimitExceededException.class,
                () -> iam.createPolicy(r -> r.policyName("large").policyDocument(large)));
        assertTrue(tooLarge.getMessage().contains("PolicySize: 6144"), tooLarge.getMessage());
        assertEquals("InvalidInput", assertThrows(IamException.class, () -> iam.getPolicy(r -> r.policyArn("arn:aws:s3:::bucket/x")))
                .awsErrorDetails().errorCode());
        iam.createRole(r -> r.roleName("attached").assumeRolePolicyDocument(TRUST_EC2));
        iam.attachRolePolicy(r -> r.roleName("attached").policyArn(arn));
        assertEquals(1, iam.getPolicy(r -> r.policyArn(arn)).policy().attachmentCount());
        DeleteConflictException inUse = assertThrows(DeleteConflictException.class, () -> iam.deletePolicy(r -> r.policyArn(arn)));
        assertTrue(inUse.getMessage().contains("attached to entities"), inUse.getMessage());
    }

    @Test
    void resetForgetsEverything(LocalAws aws) {
        iam.createRole(r -> r.roleName("consul-server").assumeRolePolicyDocument(TRUST_EC2));
        iam.createInstanceProfile(r -> r.instanceProfileName("consul-server"));

        aws.reset();

        assertTrue(aws.iam().role("consul-server").isEmpty());
        assertTrue(aws.iam().instanceProfile("consul-server").isEmpty());
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static JsonNode decoded(String urlEncoded) throws Exception {
        return JSON.readTree(URLDecoder.decode(urlEncoded, StandardCharsets.UTF_8));
    }
}
