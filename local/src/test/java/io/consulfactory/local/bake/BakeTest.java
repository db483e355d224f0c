package io.consulfactory.local.bake;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.bake.Builder;
import io.consulfactory.bake.CreateImageHandler;
import io.consulfactory.bake.Image;
import io.consulfactory.bake.ImageStatus;
import io.consulfactory.bake.InstallStatus;
import io.consulfactory.bake.InstanceProfileNotReadyException;
import io.consulfactory.cleanup.CleanUpHandler;
import io.consulfactory.cleanup.CleanUpResult;
import io.consulfactory.lambda.PollState;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.StepByStep;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.BakeOutcome;
import io.consulfactory.local.cloud.ec2.Ec2Images;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.lambda.LocalLambda;
import io.consulfactory.resources.EnsureSupportingResourcesHandler;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.InvalidSpecException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bake, step by step through the real handlers, against one local AWS: spec to image and clean-up. */
@ExtendWith(LocalAwsExtension.class)
class BakeTest {

    private LocalAws aws;
    private Network network;
    private StepByStep steps;

    @BeforeEach
    void seed(LocalAws aws) {
        this.aws = aws;
        this.network = aws.ec2().seedDefaultNetwork();
        this.steps = new StepByStep(aws, network);
    }

    private ClusterSpec spec(String extra) {
        return steps.spec(extra);
    }

    private SupportingResources resources(ClusterSpec spec) {
        return steps.resources(spec);
    }

    private Builder launch(ClusterSpec spec, SupportingResources resources, String execution) {
        return steps.launch(spec, resources, execution);
    }

    private InstallStatus waitForInstall(ClusterSpec spec, Builder builder, int maxChecks) {
        return steps.waitForInstall(spec, builder, maxChecks);
    }

    private ImageStatus waitForImage(Image image) {
        return steps.waitForImage(image);
    }

    private CleanUpResult cleanUp(ClusterSpec spec, Builder builder, Image image) {
        return steps.cleanUp(spec, builder, image);
    }

    private static Instance describe(String instanceId) {
        return AwsClients.ec2().describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    @Test
    void bakesAnImageFromAStoppedBuilderAndTerminatesTheBuilder() {
        ClusterSpec spec = spec("");
        SupportingResources resources = resources(spec);

        Builder builder = launch(spec, resources, "arn:aws:states:us-east-1:123456789012:execution:consul:first");

        Instance launched = describe(builder.instanceId());
        assertEquals(Ec2Images.UBUNTU_AMD64, builder.baseImageId(), "resolved from Canonical's public SSM parameter");
        assertEquals(network.subnetIds().get(0), launched.subnetId());
        assertEquals(resources.instanceProfileArn(), launched.iamInstanceProfile().arn());
        assertEquals(List.of(resources.securityGroupId()), launched.securityGroups().stream().map(g -> g.groupId()).toList());
        assertEquals("required", launched.metadataOptions().httpTokensAsString(), "IMDSv2 only");
        assertEquals(1, launched.metadataOptions().httpPutResponseHopLimit());
        assertEquals(Map.of("consul-cluster", "consul-dc1", "managed-by", "consul-cluster-factory", "role", "builder",
                "Name", "consul-consul-dc1-builder"), tags(launched.tags()), "the cluster tag (the default join tag) but no other:"
                + " a server that finds the builder finds no Consul agent there");
        Map<String, String> run = aws.calls().of("ec2", "RunInstances").get(0).params();
        assertEquals("gp3", run.get("BlockDeviceMapping.1.Ebs.VolumeType"));
        assertEquals("true", run.get("BlockDeviceMapping.1.Ebs.Encrypted"));
        assertEquals("/dev/sda1", run.get("BlockDeviceMapping.1.DeviceName"));
        assertEquals("stop", run.get("InstanceInitiatedShutdownBehavior"));
        assertTrue(aws.ec2().instances().get(0).userData().contains("CONSUL_VERSION='1.20.2'"));

        InstallStatus install = waitForInstall(spec, builder, 40);
        assertEquals(PollState.READY, install.status(), install.reason());
        assertEquals("stopped", describe(builder.instanceId()).state().nameAsString(), "powered off, and stop is its shutdown behaviour");

        Image image = LocalLambda.invoke(new CreateImageHandler(), Map.of("spec", spec, "builder", builder), Image.class);
        assertTrue(image.name().matches("consul-consul-dc1-1\\.20\\.2-\\d{8}-\\d{6}"), image.name());
        ImageStatus imageStatus = waitForImage(image);
        assertEquals(PollState.READY, imageStatus.status(), imageStatus.reason());
        var described = AwsClients.ec2().describeImages(r -> r.imageIds(image.imageId())).images().get(0);
        assertEquals(Map.of("consul-cluster", "consul-dc1", "managed-by", "consul-cluster-factory",
                "consul-version", "1.20.2", "base-image-id", Ec2Images.UBUNTU_AMD64, "builder-instance-id", builder.instanceId(),
                "bake-recipe", builder.recipe()),
                tags(described.tags()));
        String snapshotId = described.blockDeviceMappings().get(0).ebs().snapshotId();
        var snapshot = AwsClients.ec2().describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().get(0);
        assertEquals("1.20.2", tags(snapshot.tags()).get("consul-version"), "the root snapshot is tagged too");
        assertTrue(snapshot.encrypted());

        CleanUpResult cleanUp = cleanUp(spec, builder, image);
        assertTrue(cleanUp.builderTerminated());
        assertEquals("shutting-down", describe(builder.instanceId()).state().nameAsString());
        assertTrue(cleanUp.deregisteredImageIds().isEmpty());
        assertEquals("available", AwsClients.ec2().describeImages(r -> r.imageIds(image.imageId())).images().get(0).stateAsString());
    }

    @Test
    void anInstallThatFailsIsFailedWithItsReasonAndCleanUpTerminatesTheBuilder() {
        aws.ec2().bakeOutcome(BakeOutcome.fail("checksum mismatch for consul_1.20.2_linux_amd64.zip"));
        ClusterSpec spec = spec("");
        Builder builder = launch(spec, resources(spec), "exec-failing");

        InstallStatus install = waitForInstall(spec, builder, 40);

        assertEquals(PollState.FAILED, install.status());
        assertTrue(install.reason().contains("checksum mismatch for consul_1.20.2_linux_amd64.zip"), install.reason());
        cleanUp(spec, builder, null);
        aws.clock().advance(Duration.ofMinutes(1));
        assertEquals("terminated", describe(builder.instanceId()).state().nameAsString());
        assertTrue(aws.calls().of("ec2", "CreateImage").isEmpty());
    }

    @Test
    void aBuilderThatHangsIsEndedByThePollLoopsBound() {
        aws.ec2().bakeOutcome(BakeOutcome.hang());
        ClusterSpec spec = spec("");
        Builder builder = launch(spec, resources(spec), "exec-hanging");

        InstallStatus install = waitForInstall(spec, builder, 12);

        assertEquals(PollState.FAILED, install.status());
        assertEquals(12, install.checks());
        assertTrue(install.reason().contains("no bake result"), install.reason());
        assertEquals("running", install.instanceState());
        cleanUp(spec, builder, null);
        assertEquals("shutting-down", describe(builder.instanceId()).state().nameAsString(), "no orphaned builder");
    }

    @Test
    void aBuilderThatStopsWithoutAResultLineIsFailedNotReady() {
        aws.ec2().bakeOutcome(BakeOutcome.hang());
        ClusterSpec spec = spec("");
        Builder builder = launch(spec, resources(spec), "exec-silent");
        aws.clock().advance(Duration.ofMinutes(2));
        AwsClients.ec2().stopInstances(r -> r.instanceIds(builder.instanceId()));

        InstallStatus install = waitForInstall(spec, builder, 40);

        assertEquals(PollState.FAILED, install.status());
        assertEquals("stopped", install.instanceState());
        assertTrue(install.reason().contains("without printing a CONSUL_BAKE_RESULT line"), install.reason());
    }

    @Test
    void aRetriedLaunchBuilderLaunchesOneBuilderOnly() {
        ClusterSpec spec = spec("");
        SupportingResources resources = resources(spec);

        Builder first = launch(spec, resources, "arn:aws:states:us-east-1:123456789012:execution:consul:retried");
        aws.clock().advance(Duration.ofSeconds(5));
        Builder second = launch(spec, resources, "arn:aws:states:us-east-1:123456789012:execution:consul:retried");

        assertEquals(first, second);
        assertEquals(1, aws.calls().of("ec2", "RunInstances").size(), "the retry found the builder its client token launched");
        assertEquals(1, aws.ec2().instances().size());
        assertFalse(first.equals(launch(spec, resources, "another-execution")), "another execution gets its own builder");
    }

    @Test
    void anInstanceProfileThatPropagatesLateIsRetriedToSuccess() {
        aws.faults().instanceProfilePropagation(Duration.ofSeconds(20));
        ClusterSpec spec = spec("");
        SupportingResources resources = resources(spec);

        InstanceProfileNotReadyException notYet = assertThrows(InstanceProfileNotReadyException.class,
                () -> launch(spec, resources, "exec-late-profile"));
        assertTrue(notYet.getMessage().contains(resources.instanceProfileArn()), notYet.getMessage());
        aws.clock().advance(Duration.ofSeconds(20)); // the state machine's retry backs off, IAM catches up

        Builder builder = launch(spec, resources, "exec-late-profile");

        assertEquals(List.of("InvalidParameterValue", "ok"), aws.calls().of("ec2", "RunInstances").stream()
                .map(c -> c.succeeded() ? "ok" : c.errorCode()).toList());
        assertEquals(1, aws.ec2().instances().size());
        assertEquals(builder.instanceId(), aws.ec2().instances().get(0).instanceId());
    }

    @Test
    void aBaseImageThatCannotBeResolvedIsAnInputErrorAndLaunchesNothing() {
        ClusterSpec missingParameter = spec(",\"baseImage\":{\"ssmParameter\":\"/aws/service/canonical/ubuntu/server/99.04/none\"}");
        SupportingResources resources = resources(missingParameter);

        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> launch(missingParameter, resources, "x"));
        assertEquals("baseImage.ssmParameter", e.violations().get(0).field());

        ClusterSpec wrongArchitecture = spec(",\"instanceType\":\"t4g.small\",\"baseImage\":{\"imageId\":\"" + Ec2Images.UBUNTU_AMD64 + "\"}");
        InvalidSpecException arch = assertThrows(InvalidSpecException.class, () -> launch(wrongArchitecture, resources, "y"));
        assertTrue(arch.getMessage().contains("needs arm64"), arch.getMessage());

        assertTrue(aws.calls().of("ec2", "RunInstances").isEmpty());
    }

    @Test
    void gravitonClustersBakeFromTheArm64Image() {
        ClusterSpec spec = spec(",\"instanceType\":\"m7g.large\"");

        Builder builder = launch(spec, resources(spec), "exec-arm");

        assertEquals(Ec2Images.UBUNTU_ARM64, builder.baseImageId());
        assertEquals("arm64", describe(builder.instanceId()).architectureAsString());
    }

    @Test
    void anImageThatFailsIsReportedWithAwssReason() {
        ClusterSpec spec = spec("");
        Builder builder = launch(spec, resources(spec), "exec-image-fails");
        waitForInstall(spec, builder, 40);
        aws.ec2().failNextImage("Snapshot creation failed: internal error");

        Image image = LocalLambda.invoke(new CreateImageHandler(), Map.of("spec", spec, "builder", builder), Image.class);
        ImageStatus status = waitForImage(image);

        assertEquals(PollState.FAILED, status.status());
        assertTrue(status.reason().contains("failed: Snapshot creation failed: internal error"), status.reason());
    }

    @Test
    void aRetriedCreateImageFindsTheImageItMadeInsteadOfMakingASecond() {
        ClusterSpec spec = spec("");
        Builder builder = launch(spec, resources(spec), "exec-image-retried");
        waitForInstall(spec, builder, 40);

        Image first = LocalLambda.invoke(new CreateImageHandler(), Map.of("spec", spec, "builder", builder), Image.class);
        Image second = LocalLambda.invoke(new CreateImageHandler(), Map.of("spec", spec, "builder", builder), Image.class);
        steps.cleanUp(spec, builder, first);
        aws.clock().advance(Duration.ofMinutes(2)); // the builder is terminated: CreateImage on it would fail
        Image afterCleanUp = LocalLambda.invoke(new CreateImageHandler(), Map.of("spec", spec, "builder", builder), Image.class);

        assertEquals(first, second);
        assertEquals(first, afterCleanUp);
        assertEquals(List.of("ok"), aws.calls().of("ec2", "CreateImage").stream()
                .map(c -> c.succeeded() ? "ok" : c.errorCode()).toList());
    }

    @Test
    void cleanUpKeepsTheNewestImagesAndDeletesTheOthersWithTheirSnapshots() {
        ClusterSpec spec = spec(",\"keepImages\":2");
        List<Image> baked = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            baked.add(steps.bake(spec, resources(spec), "exec-" + i));
            aws.clock().advance(Duration.ofHours(1));
        }

        List<String> remaining = AwsClients.ec2().describeImages(r -> r.owners("self")).images().stream()
                .map(software.amazon.awssdk.services.ec2.model.Image::imageId).sorted().toList();

        assertEquals(baked.subList(2, 4).stream().map(Image::imageId).sorted().toList(), remaining);
        List<Call> deregistrations = aws.calls().of("ec2", "DeregisterImage");
        assertEquals(2, deregistrations.size());
        assertTrue(deregistrations.stream().allMatch(c -> "true".equals(c.params().get("DeleteAssociatedSnapshots"))));
        assertEquals(2, AwsClients.ec2().describeSnapshots(r -> r.ownerIds("self")).snapshots().size(),
                "the deregistered images' snapshots are gone too");
    }

    @Test
    void cleanUpWithoutABuilderOrImageIsHarmless() {
        ClusterSpec spec = spec("");

        CleanUpResult result = LocalLambda.invoke(new CleanUpHandler(), Map.of("spec", spec), CleanUpResult.class);

        assertNull(result.builderInstanceId());
        assertTrue(result.deregisteredImageIds().isEmpty());
    }

    @Test
    void aZoneWithoutCapacityForTheBuilderIsSkippedForTheNextSubnetAndSaid() {
        ClusterSpec spec = spec("");
        SupportingResources resources = resources(spec);
        aws.ec2().insufficientCapacity("us-east-1a");
        aws.ec2().insufficientCapacity("us-east-1b");

        Builder builder = launch(spec, resources, "no-capacity");

        assertEquals(network.subnetIds().get(2), builder.subnetId(), "the third subnet's zone had capacity");
        assertEquals("us-east-1c", builder.availabilityZone());
        assertEquals(network.subnetIds().subList(0, 2), builder.subnetsWithoutCapacity());
        aws.ec2().clearInsufficientCapacity("us-east-1a");
        Builder again = launch(spec, resources, "no-capacity");
        assertEquals(builder.instanceId(), again.instanceId(), "a retried step finds its builder, even where capacity came back since");
        assertEquals(builder.subnetId(), again.subnetId());
        assertEquals(1, aws.ec2().instances().size());
    }

    @Test
    void noCapacityInAnyZoneFailsTheStepNamingTheSubnetsAndLaunchesNothing() {
        ClusterSpec spec = spec("");
        SupportingResources resources = resources(spec);
        List.of("us-east-1a", "us-east-1b", "us-east-1c").forEach(aws.ec2()::insufficientCapacity);

        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> launch(spec, resources, "none"));

        assertTrue(e.getMessage().contains("InsufficientInstanceCapacity in " + String.join(", ", network.subnetIds())), e.getMessage());
        assertTrue(aws.ec2().instances().isEmpty());
    }
}
