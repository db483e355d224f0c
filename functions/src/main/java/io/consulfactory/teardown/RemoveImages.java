package io.consulfactory.teardown;

import io.consulfactory.aws.AwsErrors;
import io.consulfactory.aws.Tags;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DeregisterImageResponse;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.Snapshot;

import java.util.List;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * After the servers: the launch template, every image of the cluster with its snapshot (owner self, both cluster
 * tags), any snapshot an earlier attempt left behind its image, and any builder instance a bake left (role
 * builder, the cluster's tags). All found by tag, so nothing of another cluster or outside the factory is seen.
 */
public final class RemoveImages {

    static final String TEMPLATES = "launchTemplates";
    static final String IMAGES = "images";
    static final String SNAPSHOTS = "snapshots";
    static final String BUILDERS = "builderInstances";

    private final Ec2Client ec2;

    public RemoveImages(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public Removal remove(String clusterName) {
        ClusterNames names = new ClusterNames(clusterName);
        Removal.Builder result = new Removal.Builder(null, TEMPLATES, IMAGES, SNAPSHOTS, BUILDERS);

        List<LaunchTemplate> templates = call("ec2:DescribeLaunchTemplates", () -> ec2.describeLaunchTemplates(r -> r
                .filters(f -> f.name("launch-template-name").values(names.groupName())))).launchTemplates();
        if (templates.isEmpty()) {
            result.gone(TEMPLATES, names.groupName());
        }
        for (LaunchTemplate t : templates) {
            if (!names.ours(Ec2Tags.of(t.tags()))) {
                throw new ForeignResourceException(clusterName, List.of(names.whyNotOurs("launch template",
                        t.launchTemplateName(), t.launchTemplateId(), Ec2Tags.of(t.tags()))));
            }
            try {
                call("ec2:DeleteLaunchTemplate", () -> ec2.deleteLaunchTemplate(r -> r.launchTemplateId(t.launchTemplateId())));
                result.removed(TEMPLATES, t.launchTemplateId());
            } catch (AwsServiceException e) {
                if (!AwsErrors.hasCode(e, "InvalidLaunchTemplateId.NotFound")) {
                    throw e;
                }
                result.gone(TEMPLATES, t.launchTemplateId());
            }
        }

        for (Image image : call("ec2:DescribeImages", () -> ec2.describeImages(r -> r.owners("self").filters(
                f -> f.name("tag:" + Tags.CLUSTER).values(clusterName),
                f -> f.name("tag:" + Tags.MANAGED_BY).values(Tags.MANAGED_BY_VALUE)))).images()) {
            DeregisterImageResponse response;
            try {
                response = call("ec2:DeregisterImage", () -> ec2.deregisterImage(r -> r.imageId(image.imageId())
                        .deleteAssociatedSnapshots(true)));
            } catch (AwsServiceException e) {
                if (AwsErrors.hasCode(e, "InvalidAMIID.NotFound") || AwsErrors.hasCode(e, "InvalidAMIID.Unavailable")) {
                    result.gone(IMAGES, image.imageId());
                    continue;
                }
                throw e;
            }
            result.removed(IMAGES, image.imageId());
            response.deleteSnapshotResults().forEach(s -> result.removed(SNAPSHOTS, s.snapshotId()));
        }
        // A snapshot whose image went without it (an image deregistered by hand, or an attempt lost mid-call).
        for (Snapshot snapshot : call("ec2:DescribeSnapshots", () -> ec2.describeSnapshots(r -> r.ownerIds("self").filters(
                f -> f.name("tag:" + Tags.CLUSTER).values(clusterName),
                f -> f.name("tag:" + Tags.MANAGED_BY).values(Tags.MANAGED_BY_VALUE)))).snapshots()) {
            if (result.removedAlready(SNAPSHOTS, snapshot.snapshotId())) {
                continue; // the describe may still list what DeregisterImage just deleted
            }
            try {
                call("ec2:DeleteSnapshot", () -> ec2.deleteSnapshot(r -> r.snapshotId(snapshot.snapshotId())));
                result.removed(SNAPSHOTS, snapshot.snapshotId());
            } catch (AwsServiceException e) {
                if (!AwsErrors.hasCode(e, "InvalidSnapshot.NotFound")) {
                    throw e;
                }
            }
        }

        List<String> builders = call("ec2:DescribeInstances", () -> ec2.describeInstances(r -> r.filters(
                f -> f.name("tag:" + Tags.CLUSTER).values(clusterName),
                f -> f.name("tag:" + Tags.MANAGED_BY).values(Tags.MANAGED_BY_VALUE),
                f -> f.name("tag:" + Tags.ROLE).values("builder"),
                f -> f.name("instance-state-name").values("pending", "running", "stopping", "stopped"))))
                .reservations().stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();
        if (!builders.isEmpty()) {
            call("ec2:TerminateInstances", () -> ec2.terminateInstances(r -> r.instanceIds(builders)));
            builders.forEach(id -> result.removed(BUILDERS, id));
        }
        return result.done();
    }
}
