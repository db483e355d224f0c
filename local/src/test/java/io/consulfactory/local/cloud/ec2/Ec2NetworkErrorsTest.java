package io.consulfactory.local.cloud.ec2;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.CatalogueAssertions;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import java.util.stream.IntStream;


/**
 * The errors of security groups, VPCs and subnets, tags, filters and the doorway, provoked through the real SDK:
 * each answer's code, HTTP status and message are those of its {@link Ec2Errors} factory.
 */
@ExtendWith(LocalAwsExtension.class)
class Ec2NetworkErrorsTest {

    private static final String UNKNOWN_GROUP = "sg-0123456789abcdef0";

    private final Ec2Client ec2 = AwsClients.ec2();
    private Network network;

    @BeforeEach
    void seed(LocalAws aws) {
        network = aws.ec2().seedDefaultNetwork();
    }

    private String group(String name) {
        return ec2.createSecurityGroup(r -> r.groupName(name).description("test").vpcId(network.vpcId())).groupId();
    }

    private static IpPermission tcp(int from, int to, String cidr) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(from).toPort(to).ipRanges(r -> r.cidrIp(cidr)).build();
    }

    private static void assertAnswers(AwsError expected, Executable call) {
        CatalogueAssertions.answers(expected, Ec2Exception.class, call);
    }

    @Test
    void unknownAndMalformedGroupIdsAreRefused() {
        assertAnswers(Ec2Errors.invalidGroupNotFound(UNKNOWN_GROUP),
                () -> ec2.describeSecurityGroups(r -> r.groupIds(UNKNOWN_GROUP)));
        assertAnswers(Ec2Errors.invalidGroupIdMalformed("sg-nothex"),
                () -> ec2.deleteSecurityGroup(r -> r.groupId("sg-nothex")));
    }

    @Test
    void aNewGroupMustHaveANewNameThatIsNotAnIdInAKnownVpc() {
        group("consul");

        assertAnswers(Ec2Errors.invalidGroupDuplicate("consul", network.vpcId()), () -> group("consul"));
        assertAnswers(Ec2Errors.groupNameLooksLikeAnId(), () -> group("sg-consul"));
        assertAnswers(Ec2Errors.groupNameOrDescriptionTooLong(), () -> group("c".repeat(256)));
        assertAnswers(Ec2Errors.invalidVpcIdNotFound("vpc-0123456789abcdef0"), () -> ec2.createSecurityGroup(r -> r
                .groupName("x").description("x").vpcId("vpc-0123456789abcdef0")));
        assertAnswers(Ec2Errors.notTaggableHere("instance"), () -> ec2.createSecurityGroup(r -> r.groupName("x")
                .description("x").vpcId(network.vpcId())
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(g -> g.key("k").value("v")))));
    }

    @Test
    void theDefaultGroupAndAGroupAnotherOneReferencesCannotBeDeleted() {
        String defaultGroup = ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("default")))
                .securityGroups().get(0).groupId();
        String peer = group("peer");
        String consul = group("consul");
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(consul).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(8301).toPort(8301).userIdGroupPairs(p -> p.groupId(peer)).build()));

        assertAnswers(Ec2Errors.cannotDeleteDefaultGroup(defaultGroup), () -> ec2.deleteSecurityGroup(r -> r.groupId(defaultGroup)));
        assertAnswers(Ec2Errors.dependencyViolation(peer), () -> ec2.deleteSecurityGroup(r -> r.groupId(peer)));
    }

    @Test
    void rulesMustBeWellFormedNewAndWithinTheQuota() {
        String consul = group("consul");
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(consul).ipPermissions(tcp(8500, 8500, "10.0.0.0/16")));

        assertAnswers(Ec2Errors.invalidPermissionDuplicate("peer: 10.0.0.0/16, TCP, from port: 8500, to port: 8500, ALLOW"),
                () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(consul).ipPermissions(tcp(8500, 8500, "10.0.0.0/16"))));
        assertAnswers(Ec2Errors.portRangeInvalid(8600, 8500),
                () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(consul).ipPermissions(tcp(8600, 8500, "10.0.0.0/16"))));
        assertAnswers(Ec2Errors.malformedCidr("10.0.0.0/33"),
                () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(consul).ipPermissions(tcp(8500, 8500, "10.0.0.0/33"))));
        assertAnswers(Ec2Errors.unknownProtocol("sctp"), () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(consul)
                .ipPermissions(IpPermission.builder().ipProtocol("sctp").fromPort(1).toPort(2).ipRanges(g -> g.cidrIp("10.0.0.0/16")).build())));
        assertAnswers(Ec2Errors.invalidGroupNotFound(UNKNOWN_GROUP), () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(consul)
                .ipPermissions(IpPermission.builder().ipProtocol("tcp").fromPort(1).toPort(2).userIdGroupPairs(p -> p.groupId(UNKNOWN_GROUP)).build())));
        assertAnswers(Ec2Errors.rulesPerSecurityGroupLimitExceeded(), () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(consul)
                .ipPermissions(IntStream.range(0, 60).mapToObj(n -> tcp(9000 + n, 9000 + n, "10.1.0.0/16")).toList())));
    }

    @Test
    void subnetsVpcsTagsAndFiltersNameWhatExists() {
        assertAnswers(Ec2Errors.invalidSubnetIdNotFound("subnet-01234567"), () -> ec2.describeSubnets(r -> r.subnetIds("subnet-01234567")));
        assertAnswers(Ec2Errors.invalidVpcIdNotFound("vpc-0123456789abcdef0"),
                () -> ec2.createSubnet(r -> r.vpcId("vpc-0123456789abcdef0").cidrBlock("10.9.0.0/24")));
        assertAnswers(Ec2Errors.invalidFilter("no-such-filter"),
                () -> ec2.describeVpcs(r -> r.filters(f -> f.name("no-such-filter").values("x"))));
        assertAnswers(Ec2Errors.reservedTagKey(),
                () -> ec2.createTags(r -> r.resources(network.vpcId()).tags(t -> t.key("aws:owner").value("me"))));
        assertAnswers(Ec2Errors.unknownResourceId("i-0123456789abcdef0"),
                () -> ec2.createTags(r -> r.resources("i-0123456789abcdef0").tags(t -> t.key("k").value("v"))));
    }

    @Test
    void theDoorwayAnswersDryRunsAndUnknownActions() {
        assertAnswers(Ec2Errors.dryRunOperation(), () -> ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16").dryRun(true)));
        assertAnswers(Ec2Errors.invalidAction("DescribeKeyPairs"), () -> ec2.describeKeyPairs());
    }
}
