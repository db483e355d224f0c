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
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;


/**
 * The instances', images', launch templates', instance types' and capacity's half of {@link Ec2Errors}, provoked
 * through the real SDK: each refusal carries the catalogue's code, HTTP status and message.
 */
@ExtendWith(LocalAwsExtension.class)
class Ec2InstancesErrorsTest {

    private static final String UNKNOWN_INSTANCE = "i-0123456789abcdef0";
    private static final String UNKNOWN_IMAGE = "ami-0123456789abcdef0";

    private final Ec2Client ec2 = AwsClients.ec2();
    private Network network;

    @BeforeEach
    void network(LocalAws aws) {
        network = aws.ec2().seedDefaultNetwork();
    }

    private String run(Consumer<RunInstancesRequest.Builder> more) {
        return ec2.runInstances(r -> {
            r.imageId(Ec2Images.UBUNTU_AMD64).instanceType("t3.small").minCount(1).maxCount(1).subnetId(network.subnetIds().get(0));
            more.accept(r);
        }).instances().get(0).instanceId();
    }

    private static void refusedWith(AwsError expected, Executable call) {
        CatalogueAssertions.answers(expected, Ec2Exception.class, call);
    }

    @Test
    void anInstanceEc2DoesNotKnowIsNotFoundAndABadIdMalformed() {
        refusedWith(Ec2Errors.invalidInstanceIdNotFound(UNKNOWN_INSTANCE),
                () -> ec2.describeInstances(r -> r.instanceIds(UNKNOWN_INSTANCE)));
        refusedWith(Ec2Errors.invalidInstanceIdMalformed("i-nope"), () -> ec2.terminateInstances(r -> r.instanceIds("i-nope")));
    }

    @Test
    void anImageEc2DoesNotKnowIsNotFoundAndABadIdMalformed() {
        refusedWith(Ec2Errors.invalidAmiIdNotFound(UNKNOWN_IMAGE), () -> run(r -> r.imageId(UNKNOWN_IMAGE)));
        refusedWith(Ec2Errors.invalidAmiIdMalformed("nope"), () -> ec2.describeImages(r -> r.imageIds("nope")));
    }

    @Test
    void runInstancesChecksItsCountsTypeSubnetAndUserData() {
        refusedWith(Ec2Errors.invalidInstanceCount(), () -> run(r -> r.minCount(2).maxCount(1)));
        refusedWith(Ec2Errors.instanceTypeNotOffered("t3.nano"), () -> run(r -> r.instanceType("t3.nano")));
        refusedWith(Ec2Errors.missingSubnetId(), () -> run(r -> r.subnetId(null)));
        refusedWith(Ec2Errors.invalidUserDataEncoding(), () -> run(r -> r.userData("not base64!")));
        String big = Base64.getEncoder().encodeToString(new byte[Ec2Instances.MAX_USER_DATA_BYTES + 1]);
        refusedWith(Ec2Errors.userDataTooLarge(Ec2Instances.MAX_USER_DATA_BYTES), () -> run(r -> r.userData(big)));
    }

    @Test
    void aTerminatedInstanceCannotBeStopped(LocalAws aws) {
        String id = run(r -> { });
        ec2.terminateInstances(r -> r.instanceIds(id));
        aws.clock().advance(Duration.ofMinutes(1));

        refusedWith(Ec2Errors.incorrectInstanceStateForStop(id), () -> ec2.stopInstances(r -> r.instanceIds(id)));
    }

    @Test
    void theQuotaAndTheZonesCapacityRefuseALaunch(LocalAws aws) {
        aws.ec2().onDemandStandardVcpuQuota(0);
        refusedWith(Ec2Errors.vcpuLimitExceeded(0), () -> run(r -> { }));

        aws.ec2().onDemandStandardVcpuQuota(Ec2Capacity.DEFAULT_STANDARD_VCPUS);
        aws.ec2().insufficientCapacity("us-east-1a");
        refusedWith(Ec2Errors.insufficientInstanceCapacity("t3.small", "us-east-1a", List.of("us-east-1b", "us-east-1c")),
                () -> run(r -> { }));
    }

    @Test
    void launchTemplatesRefuseADuplicateNameAnUnknownIdAndAnUnknownVersion() {
        String id = ec2.createLaunchTemplate(r -> r.launchTemplateName("servers").launchTemplateData(d -> d
                .imageId(Ec2Images.UBUNTU_AMD64).instanceType("t3.small"))).launchTemplate().launchTemplateId();

        refusedWith(Ec2Errors.launchTemplateNameAlreadyExists(), () -> ec2.createLaunchTemplate(r -> r.launchTemplateName("servers")
                .launchTemplateData(d -> d.imageId(Ec2Images.UBUNTU_AMD64))));
        refusedWith(Ec2Errors.invalidLaunchTemplateNameMalformed(), () -> ec2.createLaunchTemplate(r -> r.launchTemplateName("x")
                .launchTemplateData(d -> d.imageId(Ec2Images.UBUNTU_AMD64))));
        refusedWith(Ec2Errors.invalidLaunchTemplateIdNotFound("lt-0123456789abcdef0"),
                () -> ec2.describeLaunchTemplates(r -> r.launchTemplateIds("lt-0123456789abcdef0")));
        refusedWith(Ec2Errors.launchTemplateVersionNotFound("9", id),
                () -> ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id).versions("9")));
    }

    @Test
    void describeInstanceTypesRefusesUnknownTypesAndABadToken() {
        refusedWith(Ec2Errors.instanceTypesNotFound(List.of("m5n.large")), () -> ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings("m5n.large")));
        refusedWith(Ec2Errors.invalidNextToken(), () -> ec2.describeInstanceTypes(r -> r.nextToken("nope")));
    }

    @Test
    void snapshotsAndImageNamesAreChecked() {
        refusedWith(Ec2Errors.invalidSnapshotNotFound("snap-0123456789abcdef0"),
                () -> ec2.describeSnapshots(r -> r.snapshotIds("snap-0123456789abcdef0")));
        String id = run(r -> { });
        refusedWith(Ec2Errors.invalidAmiNameMalformed(), () -> ec2.createImage(r -> r.instanceId(id).name("x")));
    }
}
