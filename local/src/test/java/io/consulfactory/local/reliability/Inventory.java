package io.consulfactory.local.reliability;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.InstanceView;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the local AWS holds after a run, in the terms a run is judged by: how many builders were launched
 * (RunInstances calls that succeeded, by client token: a retry with the same token gets the same instance)
 * and whether any is still alive, the images, the launch template's versions, the groups and their servers.
 * Two runs that made the same things have equal inventories, whatever the ids.
 */
public record Inventory(int buildersLaunched, int buildersNotTerminated, int availableImages, int pendingImages,
                        int launchTemplates, long latestTemplateVersion, long defaultTemplateVersion,
                        int groups, int serversInService, int serverImages, int securityGroups) {

    private static final Set<String> GONE = Set.of("shutting-down", "terminated");

    public static Inventory of(LocalAws aws) {
        List<InstanceView> builders = aws.ec2().instances().stream().filter(i -> "builder".equals(i.tags().get("role"))).toList();
        List<Image> images = AwsClients.ec2().describeImages(r -> r.owners("self")).images();
        List<LaunchTemplate> templates = AwsClients.ec2().describeLaunchTemplates().launchTemplates();
        List<AutoScalingGroup> groups = AwsClients.autoScaling().describeAutoScalingGroups().autoScalingGroups();
        List<InstanceView> servers = aws.ec2().instances().stream()
                .filter(i -> "server".equals(i.tags().get("role")) && i.state().equals("running")).toList();
        return new Inventory(
                (int) aws.calls().of("ec2", "RunInstances").stream().filter(Call::succeeded)
                        .map(c -> java.util.Objects.requireNonNull(c.params().get("ClientToken"), "a builder launched without a client token"))
                        .distinct().count(),
                (int) builders.stream().filter(i -> !GONE.contains(i.state())).count(),
                (int) images.stream().filter(i -> i.stateAsString().equals("available")).count(),
                (int) images.stream().filter(i -> i.stateAsString().equals("pending")).count(),
                templates.size(),
                templates.isEmpty() ? 0 : templates.get(0).latestVersionNumber(),
                templates.isEmpty() ? 0 : templates.get(0).defaultVersionNumber(),
                groups.size(),
                groups.stream().mapToInt(g -> (int) g.instances().stream()
                        .filter(i -> i.lifecycleStateAsString().equals("InService")).count()).sum(),
                servers.stream().map(InstanceView::imageId).collect(Collectors.toSet()).size(),
                AwsClients.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("tag:managed-by")
                        .values("consul-cluster-factory"))).securityGroups().size());
    }

    /**
     * What a failed run may leave, it leaves whole: every launch template's default version launches an image
     * that exists, and every group has its launch template, the join tag propagated to its instances, and the
     * cluster's size. Returns the problems found, none when all is whole.
     */
    public static List<String> halfMade() {
        var ec2 = AwsClients.ec2();
        List<String> problems = new ArrayList<>();
        for (LaunchTemplate template : ec2.describeLaunchTemplates().launchTemplates()) {
            String imageId = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(template.launchTemplateId())
                    .versions("$Default")).launchTemplateVersions().get(0).launchTemplateData().imageId();
            List<Image> image = ec2.describeImages(r -> r.filters(f -> f.name("image-id").values(imageId))).images();
            if (image.isEmpty() || image.get(0).stateAsString().equals("failed")) {
                problems.add("template " + template.launchTemplateName() + " launches " + imageId + ", which is not an image");
            }
        }
        for (AutoScalingGroup group : AwsClients.autoScaling().describeAutoScalingGroups().autoScalingGroups()) {
            if (group.launchTemplate() == null || ec2.describeLaunchTemplates().launchTemplates().stream()
                    .noneMatch(t -> t.launchTemplateId().equals(group.launchTemplate().launchTemplateId()))) {
                problems.add("group " + group.autoScalingGroupName() + " has no launch template");
            }
            boolean joinTag = group.tags().stream().anyMatch(t -> isJoinTag(group, t) && Boolean.TRUE.equals(t.propagateAtLaunch()));
            if (!joinTag) {
                problems.add("group " + group.autoScalingGroupName() + " does not propagate the join tag");
            }
            if (group.minSize() < 3 || group.desiredCapacity() < group.minSize()) {
                problems.add("group " + group.autoScalingGroupName() + " is sized " + group.minSize() + "/" + group.desiredCapacity());
            }
        }
        return problems;
    }

    /** The default join tag: the cluster's own name (group consul-<name>) under consul-cluster. */
    private static boolean isJoinTag(AutoScalingGroup group, TagDescription tag) {
        return tag.key().equals("consul-cluster") && group.autoScalingGroupName().equals("consul-" + tag.value());
    }
}
