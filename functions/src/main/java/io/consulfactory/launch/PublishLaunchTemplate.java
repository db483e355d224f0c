package io.consulfactory.launch;

import io.consulfactory.aws.AwsErrors;
import io.consulfactory.aws.ClientTokens;
import io.consulfactory.aws.Tags;
import io.consulfactory.bake.Image;
import io.consulfactory.consul.BootSettings;
import io.consulfactory.consul.SecretNames;
import io.consulfactory.consul.UserData;
import io.consulfactory.lambda.Json;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataTagsState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Publishes the servers' launch template: the image, instance type, node profile and group, the boot
 * script, IMDSv2 with hop limit 1, an encrypted gp3 root, and tags for instances and volumes (the join tag
 * among them). The first run creates the template; later runs add a version and make it the default, but
 * only when something changed: each version's description carries a fingerprint of its settings, so the
 * same image twice adds nothing. (Launch configurations are not offered: AWS stopped them for new accounts.)
 */
public final class PublishLaunchTemplate {

    /**
     * The instance tag that tells a server how many servers the cluster has (bootstrap_expect, autopilot's
     * MinQuorum): set on the Auto Scaling group, not here, so a resize changes no template version and
     * replaces no server. Servers read it from instance metadata, hence {@code InstanceMetadataTags=enabled}.
     */
    public static final String SERVER_COUNT_TAG = Tags.SERVER_COUNT;

    private final Ec2Client ec2;

    public PublishLaunchTemplate(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /**
     * @param securityStage the security stage the servers of this version run (1..3, {@code SecurityStages}): the
     *                      final one for a new cluster, one stage further than the running servers' otherwise
     * @param snapshotBucket the stack's snapshot bucket, where the servers' leader uploads its snapshots
     */
    public LaunchTemplate publish(ClusterSpec spec, SupportingResources resources, Image image, int securityStage,
                                  String snapshotBucket) {
        String name = spec.autoScalingGroupName();
        String rootDevice = call("ec2:DescribeImages", () -> ec2.describeImages(r -> r.imageIds(image.imageId())))
                .images().get(0).rootDeviceName();
        // The servers read their secrets by name: the names are no secret, the values never enter user data.
        UserData.Script boot = UserData.boot(new BootSettings(ec2.serviceClientConfiguration().region().id(),
                SecretNames.client(spec.clusterName()), SecretNames.server(spec.clusterName()), securityStage, snapshotBucket));
        RequestLaunchTemplateData data = data(spec, resources, image.imageId(), rootDevice, boot);
        String description = description(spec, image.imageId(), fingerprint(spec, resources, image.imageId(), rootDevice, boot));
        Optional<software.amazon.awssdk.services.ec2.model.LaunchTemplate> existing = find(name);
        if (existing.isEmpty()) {
            try {
                var made = call("ec2:CreateLaunchTemplate", () -> ec2.createLaunchTemplate(r -> r
                        .launchTemplateName(name)
                        .versionDescription(description)
                        .launchTemplateData(data)
                        .clientToken(token(name + "|" + description))
                        .tagSpecifications(t -> t.resourceType(ResourceType.LAUNCH_TEMPLATE).tags(Tags.ec2(Tags.forCluster(spec))))))
                        .launchTemplate();
                return new LaunchTemplate(made.launchTemplateId(), name, made.latestVersionNumber(), image.imageId(), securityStage);
            } catch (AwsServiceException e) {
                if (!AwsErrors.hasCode(e, "InvalidLaunchTemplateName.AlreadyExistsException")) {
                    throw e;
                }
                existing = Optional.of(find(name).orElseThrow(() -> e));
            }
        }
        String id = existing.get().launchTemplateId();
        LaunchTemplateVersion latest = call("ec2:DescribeLaunchTemplateVersions", () -> ec2.describeLaunchTemplateVersions(r -> r
                .launchTemplateId(id).versions("$Latest"))).launchTemplateVersions().get(0);
        long version;
        if (description.equals(latest.versionDescription())) {
            version = latest.versionNumber();
        } else {
            version = call("ec2:CreateLaunchTemplateVersion", () -> ec2.createLaunchTemplateVersion(r -> r
                    .launchTemplateId(id)
                    .versionDescription(description)
                    .launchTemplateData(data)
                    .clientToken(token(id + "|" + description)))).launchTemplateVersion().versionNumber();
        }
        long defaultVersion = existing.get().defaultVersionNumber();
        if (defaultVersion != version) {
            call("ec2:ModifyLaunchTemplate", () -> ec2.modifyLaunchTemplate(r -> r
                    .launchTemplateId(id).defaultVersion(String.valueOf(version))));
        }
        return new LaunchTemplate(id, name, version, image.imageId(), securityStage);
    }

    private Optional<software.amazon.awssdk.services.ec2.model.LaunchTemplate> find(String name) {
        try {
            return call("ec2:DescribeLaunchTemplates", () -> ec2.describeLaunchTemplates(r -> r.launchTemplateNames(name)))
                    .launchTemplates().stream().findFirst();
        } catch (AwsServiceException e) {
            if (AwsErrors.hasCode(e, "InvalidLaunchTemplateName.NotFoundException")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static RequestLaunchTemplateData data(ClusterSpec spec, SupportingResources resources, String imageId, String rootDevice,
                                          UserData.Script boot) {
        List<Tag> tags = Tags.ec2(serverTags(spec));
        return RequestLaunchTemplateData.builder()
                .imageId(imageId)
                .instanceType(spec.instanceType())
                .iamInstanceProfile(p -> p.arn(resources.instanceProfileArn()))
                .securityGroupIds(resources.securityGroupId())
                .userData(boot.base64())
                .metadataOptions(m -> m.httpTokens(LaunchTemplateHttpTokensState.REQUIRED).httpPutResponseHopLimit(1)
                        .instanceMetadataTags(LaunchTemplateInstanceMetadataTagsState.ENABLED))
                .blockDeviceMappings(b -> b.deviceName(rootDevice).ebs(e -> e
                        .volumeType(VolumeType.GP3).encrypted(true).deleteOnTermination(true)))
                .tagSpecifications(
                        t -> t.resourceType(ResourceType.INSTANCE).tags(tags),
                        t -> t.resourceType(ResourceType.VOLUME).tags(tags))
                .build();
    }

    /** The servers' tags: the cluster's (with the join tag auto-join looks for), their role and a Name. */
    public static Map<String, String> serverTags(ClusterSpec spec) {
        Map<String, String> tags = new LinkedHashMap<>(Tags.forCluster(spec));
        tags.put(Tags.ROLE, "server");
        tags.put("Name", "consul-" + spec.clusterName() + "-server");
        return tags;
    }

    /** What decides whether a new version is needed: everything {@link #data} puts into a version. */
    static String fingerprint(ClusterSpec spec, SupportingResources resources, String imageId, String rootDevice,
                              UserData.Script boot) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("imageId", imageId);
        settings.put("instanceType", spec.instanceType());
        settings.put("instanceProfileArn", resources.instanceProfileArn());
        settings.put("securityGroupId", resources.securityGroupId());
        settings.put("userData", boot.text());
        settings.put("rootDevice", rootDevice);
        settings.put("tags", serverTags(spec));
        settings.put("layout", 2); // bump when data() changes shape
        try {
            return ClientTokens.sha256Hex(Json.MAPPER.writeValueAsString(settings)).substring(0, 16);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String description(ClusterSpec spec, String imageId, String fingerprint) {
        return "Consul " + spec.consulVersion() + " servers from " + imageId + " on " + spec.instanceType()
                + " (settings " + fingerprint + ")";
    }

    private static String token(String seed) {
        return ClientTokens.of("lt-", seed, 40);
    }
}
