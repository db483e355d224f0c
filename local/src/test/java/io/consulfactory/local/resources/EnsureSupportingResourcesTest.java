package io.consulfactory.local.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.aws.RetryableAwsException;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.lambda.LocalLambda;
import io.consulfactory.resources.EnsureSupportingResourcesHandler;
import io.consulfactory.resources.ResourceConflictException;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.ClusterSpecParser;
import io.consulfactory.spec.InvalidSpecException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LocalAwsExtension.class)
class EnsureSupportingResourcesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CLUSTER_TAGS = Map.of(
            "consul-cluster", "consul-dc1", "managed-by", "consul-cluster-factory");
    private static final String SECRETS = "arn:aws:secretsmanager:us-east-1:123456789012:secret:consul-cluster-factory/consul-dc1/";
    private static final String CLIENT_POLICY_ARN = "arn:aws:iam::123456789012:policy/consul-cluster-factory/consul-consul-dc1-client";

    private LocalAws aws;
    private Network network;

    @BeforeEach
    void seedNetwork(LocalAws aws) {
        this.aws = aws;
        this.network = aws.ec2().seedDefaultNetwork();
    }

    private ClusterSpec spec(String extraFields) {
        String subnets = network.subnetIds().stream().map(s -> '"' + s + '"').collect(Collectors.joining(","));
        return ClusterSpecParser.parse("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"" + network.vpcId()
                + "\",\"subnetIds\":[" + subnets + "]" + extraFields + "}", null);
    }

    private SupportingResources run(ClusterSpec spec) {
        return LocalLambda.invoke(new EnsureSupportingResourcesHandler(), Map.of("spec", spec,
                "snapshotBucket", io.consulfactory.local.LocalWorkflow.SNAPSHOT_BUCKET), SupportingResources.class);
    }

    private static JsonNode decoded(String iamDocument) throws Exception {
        return JSON.readTree(URLDecoder.decode(iamDocument, StandardCharsets.UTF_8));
    }

    private static SecurityGroup group(String id) {
        return AwsClients.ec2().describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
    }

    /** Each rule as "in|out protocol from-to peer", the way an operator reads them in the console. */
    private static Set<String> rules(SecurityGroup group) {
        Set<String> rules = new TreeSet<>();
        collect(group, group.ipPermissions(), "in", rules);
        collect(group, group.ipPermissionsEgress(), "out", rules);
        return rules;
    }

    private static void collect(SecurityGroup group, java.util.List<IpPermission> permissions, String way, Set<String> into) {
        for (IpPermission p : permissions) {
            String ports = p.ipProtocol() + " " + p.fromPort() + "-" + p.toPort();
            p.ipRanges().forEach(r -> into.add(way + " " + ports + " " + r.cidrIp()));
            p.ipv6Ranges().forEach(r -> into.add(way + " " + ports + " " + r.cidrIpv6()));
            p.userIdGroupPairs().forEach(g -> into.add(way + " " + ports + " " + (g.groupId().equals(group.groupId()) ? "self"
                    : AwsClients.ec2().describeSecurityGroups(r -> r.groupIds(g.groupId())).securityGroups().get(0).groupName())));
        }
    }

    @Test
    void makesALeastPrivilegeRoleAnInstanceProfileAndAConsulSecurityGroup() throws Exception {
        SupportingResources made = run(spec(",\"apiAllowedCidrs\":[\"10.20.0.0/16\"]"));

        Role role = AwsClients.iam().getRole(r -> r.roleName("consul-consul-dc1-node")).role();
        assertEquals(made.roleArn(), role.arn());
        assertEquals("/consul-cluster-factory/", role.path());
        assertEquals(JSON.readTree("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
                 "Principal":{"Service":"ec2.amazonaws.com"}}]}"""), decoded(role.assumeRolePolicyDocument()));
        assertEquals(java.util.List.of("consul-cloud-auto-join"),
                AwsClients.iam().listRolePolicies(r -> r.roleName(role.roleName())).policyNames());
        assertEquals(JSON.readTree("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"ConsulCloudAutoJoin","Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"},
                 {"Sid":"ReadClusterSecrets","Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":[
                  "%1$sclient-??????","%1$sserver-??????"]},
                 {"Sid":"ClusterSnapshots","Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],
                  "Resource":"arn:aws:s3:::consul-cluster-factory-snapshots-123456789012-us-east-1/consul-dc1/*"}]}""".formatted(SECRETS)),
                decoded(AwsClients.iam().getRolePolicy(r -> r.roleName(role.roleName()).policyName("consul-cloud-auto-join")).policyDocument()),
                "auto-join, the cluster's client and server secrets and its snapshots' prefix: nothing else, never the CA key");
        assertTrue(AwsClients.iam().listAttachedRolePolicies(r -> r.roleName(role.roleName())).attachedPolicies().isEmpty(),
                "no managed policy: the inline one is the role's only permission");
        assertEquals(CLUSTER_TAGS, AwsClients.iam().listRoleTags(r -> r.roleName(role.roleName())).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value())));

        InstanceProfile profile = AwsClients.iam().getInstanceProfile(r -> r.instanceProfileName("consul-consul-dc1-node")).instanceProfile();
        assertEquals(made.instanceProfileArn(), profile.arn());
        assertEquals(java.util.List.of(role.roleName()), profile.roles().stream().map(Role::roleName).toList());
        assertEquals(CLUSTER_TAGS, profile.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())));

        SecurityGroup group = group(made.securityGroupId());
        assertEquals("consul-consul-dc1", group.groupName());
        assertEquals(network.vpcId(), group.vpcId());
        assertEquals(CLUSTER_TAGS, group.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())));
        assertEquals(new TreeSet<>(Set.of(
                "in tcp 8300-8300 self",
                "in tcp 8301-8301 self", "in udp 8301-8301 self",
                "in tcp 8302-8302 self", "in udp 8302-8302 self",
                "in tcp 8300-8300 consul-consul-dc1-clients",
                "in tcp 8301-8301 consul-consul-dc1-clients", "in udp 8301-8301 consul-consul-dc1-clients",
                "in tcp 8501-8501 consul-consul-dc1-clients",
                "in tcp 8501-8501 10.20.0.0/16", "in tcp 8600-8600 10.20.0.0/16", "in udp 8600-8600 10.20.0.0/16",
                "out tcp 8300-8300 self",
                "out tcp 8301-8301 self", "out udp 8301-8301 self",
                "out tcp 8302-8302 self", "out udp 8302-8302 self",
                "out tcp 8301-8301 consul-consul-dc1-clients", "out udp 8301-8301 consul-consul-dc1-clients",
                "out tcp 443-443 0.0.0.0/0")), rules(group), "AWS's all-traffic egress default is gone; no SSH without SSH CIDRs;"
                + " the plain HTTP API (8500) is open to nobody");
    }

    @Test
    void makesTheClientsGroupAndPolicyAndSaysSoInTheOutput() throws Exception {
        SupportingResources made = run(spec(",\"apiAllowedCidrs\":[\"10.20.0.0/16\"],\"sshAllowedCidrs\":[\"192.0.2.0/24\"]"));

        SecurityGroup clients = group(made.clientSecurityGroupId());
        assertEquals("consul-consul-dc1-clients", clients.groupName());
        assertEquals("consul-consul-dc1-clients", made.clientSecurityGroupName());
        assertEquals(network.vpcId(), clients.vpcId());
        assertEquals(CLUSTER_TAGS, clients.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())));
        assertEquals(new TreeSet<>(Set.of(
                "in tcp 8301-8301 consul-consul-dc1", "in udp 8301-8301 consul-consul-dc1",
                "in tcp 8301-8301 self", "in udp 8301-8301 self",
                "out tcp 8300-8300 consul-consul-dc1",
                "out tcp 8301-8301 consul-consul-dc1", "out udp 8301-8301 consul-consul-dc1",
                "out tcp 8501-8501 consul-consul-dc1",
                "out tcp 8301-8301 self", "out udp 8301-8301 self")), rules(clients),
                "gossip with the servers and each other, RPC and HTTPS to the servers; no CIDR, no default egress");

        assertEquals(CLIENT_POLICY_ARN, made.clientPolicyArn());
        var policy = AwsClients.iam().getPolicy(r -> r.policyArn(CLIENT_POLICY_ARN)).policy();
        assertEquals("/consul-cluster-factory/", policy.path());
        assertEquals("v1", policy.defaultVersionId());
        assertEquals(CLUSTER_TAGS, AwsClients.iam().listPolicyTags(r -> r.policyArn(CLIENT_POLICY_ARN)).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value())));
        assertEquals(JSON.readTree("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"ConsulCloudAutoJoin","Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"},
                 {"Sid":"ReadClientSecret","Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":[
                  "%sclient-??????"]}]}""".formatted(SECRETS)),
                decoded(AwsClients.iam().getPolicyVersion(r -> r.policyArn(CLIENT_POLICY_ARN).versionId("v1")).policyVersion().document()),
                "the client secret only: never the server secret");
        assertEquals(0, policy.attachmentCount(), "attached by the operator to their clients' roles, never by the factory");
    }

    @Test
    void aNodeRoleAndGroupOfAnEarlierReleaseGainTheSecretsTheClientsAndHttpsAndLoseThePlainApi() throws Exception {
        ClusterSpec spec = spec(",\"apiAllowedCidrs\":[\"10.20.0.0/16\"]");
        SupportingResources made = run(spec);
        // what an earlier release left: the inline policy without secrets, and the API on 8500
        AwsClients.iam().putRolePolicy(r -> r.roleName(made.roleName()).policyName("consul-cloud-auto-join").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"ConsulCloudAutoJoin\",\"Effect\":\"Allow\","
                        + "\"Action\":\"ec2:DescribeInstances\",\"Resource\":\"*\"}]}"));
        AwsClients.ec2().authorizeSecurityGroupIngress(r -> r.groupId(made.securityGroupId()).ipPermissions(p -> p
                .ipProtocol("tcp").fromPort(8500).toPort(8500).ipRanges(i -> i.cidrIp("10.20.0.0/16")
                        .description("Consul HTTP API (consul-cluster-factory)"))));
        Set<String> intended = rules(group(made.securityGroupId()));
        intended.remove("in tcp 8500-8500 10.20.0.0/16");

        run(spec);

        assertTrue(decoded(AwsClients.iam().getRolePolicy(r -> r.roleName(made.roleName()).policyName("consul-cloud-auto-join"))
                .policyDocument()).toString().contains("server-??????"), "the secrets statement is back");
        assertEquals(intended, rules(group(made.securityGroupId())), "the factory's own 8500 rule is revoked");
    }

    @Test
    void aChangedClientPolicyGetsANewDefaultVersionAndTheOldestGoesAtFive() throws Exception {
        ClusterSpec spec = spec("");
        run(spec);
        String drifted = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ec2:DescribeInstances\","
                + "\"Resource\":\"*\"}]}";
        for (int i = 0; i < 4; i++) {
            AwsClients.iam().createPolicyVersion(r -> r.policyArn(CLIENT_POLICY_ARN).policyDocument(drifted).setAsDefault(true));
        }
        int callsBefore = aws.calls().size();

        run(spec);

        var repairs = aws.calls().since(callsBefore).stream().filter(Call::mutates).map(c -> c.iamAction() + " "
                + c.params().getOrDefault("VersionId", "")).toList();
        assertEquals(java.util.List.of("iam:DeletePolicyVersion v1", "iam:CreatePolicyVersion "), repairs,
                "five versions: the oldest one that is not the default goes first");
        var versions = AwsClients.iam().listPolicyVersions(r -> r.policyArn(CLIENT_POLICY_ARN)).versions();
        assertEquals(java.util.List.of("v2", "v3", "v4", "v5", "v6"), versions.stream().map(v -> v.versionId()).toList());
        assertEquals("v6", AwsClients.iam().getPolicy(r -> r.policyArn(CLIENT_POLICY_ARN)).policy().defaultVersionId());
        assertTrue(decoded(AwsClients.iam().getPolicyVersion(r -> r.policyArn(CLIENT_POLICY_ARN).versionId("v6")).policyVersion()
                .document()).toString().contains("client-??????"));
    }

    @Test
    void aSameNamedClientsGroupThatIsNotTheFactorysIsNeverTakenOver() {
        AwsClients.ec2().createSecurityGroup(r -> r.groupName("consul-consul-dc1-clients").description("someone's")
                .vpcId(network.vpcId()));
        int callsBefore = aws.calls().size();

        ResourceConflictException e = assertThrows(ResourceConflictException.class, () -> run(spec("")));

        assertTrue(e.getMessage().contains("consul-consul-dc1-clients"), e.getMessage());
        assertTrue(aws.calls().since(callsBefore).stream().filter(Call::mutates).noneMatch(c -> c.iamAction().startsWith("ec2:")),
                "neither group is made or changed: " + aws.calls().since(callsBefore).stream().filter(Call::mutates).map(Call::iamAction).toList());
    }

    @Test
    void theApiIsOpenToTheVpcWhenTheSpecNamesNoCidrs() {
        SupportingResources made = run(spec(""));

        assertEquals(java.util.List.of(network.vpcCidr()), made.apiAllowedCidrs());
        assertTrue(rules(group(made.securityGroupId())).contains("in tcp 8501-8501 " + network.vpcCidr()));
    }

    @Test
    void sshIsOpenOnlyToTheGivenCidrs() {
        SupportingResources made = run(spec(",\"sshAllowedCidrs\":[\"192.0.2.0/24\",\"2001:db8::/32\"]"));

        Set<String> ssh = rules(group(made.securityGroupId())).stream().filter(r -> r.contains(" 22-22 ")).collect(Collectors.toSet());
        assertEquals(Set.of("in tcp 22-22 192.0.2.0/24", "in tcp 22-22 2001:db8::/32"), ssh);
    }

    @Test
    void aSecondRunFindsEverythingAndCreatesNothing() {
        ClusterSpec spec = spec("");
        SupportingResources first = run(spec);
        int callsBefore = aws.calls().size();

        SupportingResources second = run(spec);

        assertEquals(first, second);
        var secondRun = aws.calls().since(callsBefore);
        assertTrue(secondRun.stream().noneMatch(Call::mutates),
                "the second run only reads: " + secondRun.stream().map(Call::iamAction).toList());
        assertEquals(1, AwsClients.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("consul-consul-dc1")))
                .securityGroups().size());
    }

    @Test
    void aSecondRunRestoresARevokedRuleAndARemovedTagAndNothingElse() {
        ClusterSpec spec = spec(",\"apiAllowedCidrs\":[\"10.20.0.0/16\"]");
        SupportingResources made = run(spec);
        Set<String> intended = rules(group(made.securityGroupId()));
        AwsClients.ec2().revokeSecurityGroupIngress(r -> r.groupId(made.securityGroupId()).ipPermissions(p -> p
                .ipProtocol("tcp").fromPort(8501).toPort(8501).ipRanges(i -> i.cidrIp("10.20.0.0/16"))));
        AwsClients.ec2().deleteTags(r -> r.resources(made.securityGroupId()).tags(t -> t.key("consul-cluster")));
        AwsClients.iam().untagRole(r -> r.roleName(made.roleName()).tagKeys("consul-cluster"));
        int callsBefore = aws.calls().size();

        run(spec);

        assertEquals(intended, rules(group(made.securityGroupId())));
        assertTrue(group(made.securityGroupId()).tags().stream().anyMatch(t -> t.key().equals("consul-cluster") && t.value().equals("consul-dc1")));
        assertTrue(AwsClients.iam().listRoleTags(r -> r.roleName(made.roleName())).tags().stream().anyMatch(t -> t.key().equals("consul-cluster")));
        var repairs = aws.calls().since(callsBefore).stream().filter(Call::mutates).map(Call::iamAction).toList();
        assertEquals(java.util.List.of("iam:TagRole", "ec2:CreateTags", "ec2:AuthorizeSecurityGroupIngress"), repairs);
    }

    @Test
    void aCidrRemovedFromTheSpecIsRevokedButAnOperatorsOwnRuleStays() {
        SupportingResources made = run(spec(",\"apiAllowedCidrs\":[\"10.20.0.0/16\",\"10.30.0.0/16\"]"));
        AwsClients.ec2().authorizeSecurityGroupIngress(r -> r.groupId(made.securityGroupId()).ipPermissions(p -> p
                .ipProtocol("tcp").fromPort(9100).toPort(9100).ipRanges(i -> i.cidrIp("10.99.0.0/16").description("node exporter"))));

        run(spec(",\"apiAllowedCidrs\":[\"10.20.0.0/16\"]"));

        Set<String> rules = rules(group(made.securityGroupId()));
        assertTrue(rules.stream().noneMatch(r -> r.endsWith("10.30.0.0/16")), rules.toString());
        assertTrue(rules.contains("in tcp 8501-8501 10.20.0.0/16"));
        assertTrue(rules.contains("in tcp 9100-9100 10.99.0.0/16"), "a rule the factory did not make is not its to remove");
    }

    @Test
    void aThrottledFirstCallIsRetriedByTheSdkAndTheStepSucceeds() {
        aws.faults().throttle("ec2", "DescribeVpcs", 1).throttle("iam", "CreateRole", 2);

        SupportingResources made = run(spec(""));

        assertTrue(made.securityGroupId().startsWith("sg-"));
        assertEquals(java.util.List.of("RequestLimitExceeded", "ok"), outcomes("ec2", "DescribeVpcs"));
        assertEquals(java.util.List.of("Throttling", "Throttling", "ok"), outcomes("iam", "CreateRole"));
    }

    @Test
    void aServerErrorThatOutlivesTheSdkRetriesIsRetryableAndTheRetryFinishesTheJob() {
        aws.faults().serverError("ec2", "CreateSecurityGroup", 10);
        ClusterSpec spec = spec("");

        RetryableAwsException e = assertThrows(RetryableAwsException.class, () -> run(spec));
        assertTrue(e.getMessage().contains("ec2:CreateSecurityGroup"), e.getMessage());

        aws.faults().clear();
        SupportingResources made = run(spec);
        assertEquals(1, aws.calls().of("iam", "CreateRole").stream().filter(Call::succeeded).count(), "the role made by the first try is reused");
        assertEquals("consul-consul-dc1", group(made.securityGroupId()).groupName());
    }

    @Test
    void aVpcThatDoesNotExistIsAnInputErrorAndNothingIsCreated() {
        ClusterSpec spec = ClusterSpecParser.parse("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0123456789abcdef0\","
                + "\"subnetIds\":[\"" + network.subnetIds().get(0) + "\"]}", null);

        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> run(spec));

        assertEquals("vpcId", e.violations().get(0).field());
        assertTrue(e.getMessage().contains("vpc-0123456789abcdef0"), e.getMessage());
        assertTrue(aws.calls().mutating().isEmpty());
    }

    @Test
    void aSubnetOfAnotherVpcIsAnInputErrorAndNothingIsCreated() {
        String otherVpc = aws.ec2().addVpc("172.16.0.0/16");
        String foreignSubnet = aws.ec2().addSubnet(otherVpc, "172.16.1.0/24", "us-east-1a");
        ClusterSpec spec = ClusterSpecParser.parse("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"" + network.vpcId()
                + "\",\"subnetIds\":[\"" + network.subnetIds().get(0) + "\",\"" + foreignSubnet + "\"]}", null);

        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> run(spec));

        assertEquals("subnetIds[1]", e.violations().get(0).field());
        assertTrue(aws.calls().mutating().isEmpty());
    }

    @Test
    void aSameNamedRoleThatIsNotTheFactorysIsNeverTakenOver() {
        AwsClients.iam().createRole(r -> r.roleName("consul-consul-dc1-node").path("/")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        int callsBefore = aws.calls().size();

        ResourceConflictException e = assertThrows(ResourceConflictException.class, () -> run(spec("")));

        assertTrue(e.getMessage().contains("consul-consul-dc1-node"), e.getMessage());
        assertTrue(aws.calls().since(callsBefore).stream().noneMatch(Call::mutates), "nothing of someone else's is changed");
    }

    private java.util.List<String> outcomes(String service, String action) {
        return aws.calls().of(service, action).stream().map(c -> c.succeeded() ? "ok" : c.errorCode()).toList();
    }
}
