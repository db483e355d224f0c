package io.consulfactory.cleanup;

import io.consulfactory.aws.AwsErrors;
import io.consulfactory.aws.Tags;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DeregisterImageResponse;
import software.amazon.awssdk.services.ec2.model.Image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * The end of every bake, successful or not: the builder is terminated (it is never left running or
 * stopped), and the cluster's images beyond the newest {@code keepImages} are deregistered with their
 * snapshots, never one that is in use.
 */
public final class CleanUp {

    private final Ec2Client ec2;

    public CleanUp(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /**
     * @param builderInstanceId the builder, or {@code null} when none was launched
     * @param inUse             image ids that must stay whatever their age (the new one, the one servers run)
     */
    public CleanUpResult clean(ClusterSpec spec, String builderInstanceId, Set<String> inUse) {
        boolean terminated = builderInstanceId == null || terminate(builderInstanceId);
        Set<String> keep = new HashSet<>(inUse);
        keep.addAll(imagesInUse(spec));
        List<String> deregistered = new ArrayList<>();
        List<String> snapshots = new ArrayList<>();
        for (Image image : surplusImages(spec, keep)) {
            DeregisterImageResponse response;
            try {
                response = call("ec2:DeregisterImage", () -> ec2.deregisterImage(r -> r
                        .imageId(image.imageId()).deleteAssociatedSnapshots(true)));
            } catch (AwsServiceException e) {
                if (AwsErrors.hasCode(e, "InvalidAMIID.NotFound") || AwsErrors.hasCode(e, "InvalidAMIID.Unavailable")) {
                    continue; // deregistered by an earlier attempt of this step
                }
                throw e;
            }
            deregistered.add(image.imageId());
            response.deleteSnapshotResults().forEach(s -> snapshots.add(s.snapshotId()));
        }
        return new CleanUpResult(builderInstanceId, terminated, deregistered, snapshots);
    }

    /** The builder an execution launched, found by the client token LaunchBuilder derives from it. */
    public java.util.Optional<String> builderOf(String execution) {
        String token = io.consulfactory.bake.LaunchBuilder.clientToken(execution);
        return call("ec2:DescribeInstances", () -> ec2.describeInstances(r -> r.filters(f -> f.name("client-token").values(token))))
                .reservations().stream().flatMap(r -> r.instances().stream()).map(i -> i.instanceId()).findFirst();
    }

    private boolean terminate(String instanceId) {
        try {
            call("ec2:TerminateInstances", () -> ec2.terminateInstances(r -> r.instanceIds(instanceId)));
            return true;
        } catch (AwsServiceException e) {
            if (AwsErrors.hasCode(e, "InvalidInstanceID.NotFound")) {
                return true; // terminated long enough ago that AWS forgot it
            }
            throw e;
        }
    }

    /**
     * Images the cluster runs or will launch: those of its live instances (after a failed or rolled-back
     * refresh the servers may still run an older one) and the one of its launch template's default version.
     */
    private Set<String> imagesInUse(ClusterSpec spec) {
        Set<String> images = new HashSet<>();
        call("ec2:DescribeInstances", () -> ec2.describeInstances(r -> r.filters(
                f -> f.name("tag:" + Tags.CLUSTER).values(spec.clusterName()),
                f -> f.name("instance-state-name").values("pending", "running", "stopping", "stopped"))))
                .reservations().forEach(r -> r.instances().forEach(i -> images.add(i.imageId())));
        try {
            call("ec2:DescribeLaunchTemplateVersions", () -> ec2.describeLaunchTemplateVersions(r -> r
                    .launchTemplateName(spec.autoScalingGroupName()).versions("$Default")))
                    .launchTemplateVersions().forEach(v -> images.add(v.launchTemplateData().imageId()));
        } catch (AwsServiceException e) {
            if (!AwsErrors.hasCode(e, "InvalidLaunchTemplateName.NotFoundException")) {
                throw e;
            }
        }
        return images;
    }

    /** The cluster's images, newest first, past the newest {@code keepImages}; in-use and pending ones are kept. */
    private List<Image> surplusImages(ClusterSpec spec, Set<String> inUse) {
        List<Image> images = new ArrayList<>(call("ec2:DescribeImages", () -> ec2.describeImages(r -> r
                .owners("self")
                .filters(f -> f.name("tag:" + Tags.CLUSTER).values(spec.clusterName()),
                        f -> f.name("tag:" + Tags.MANAGED_BY).values(Tags.MANAGED_BY_VALUE)))).images());
        images.sort(Comparator.comparing(Image::creationDate).reversed());
        Set<String> keep = new HashSet<>(inUse);
        images.stream().limit(spec.keepImages()).forEach(i -> keep.add(i.imageId()));
        return images.stream()
                .filter(i -> !keep.contains(i.imageId()))
                .filter(i -> !i.stateAsString().equals("pending")) // another bake is still making it
                .toList();
    }
}
