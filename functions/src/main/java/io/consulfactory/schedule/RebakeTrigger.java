package io.consulfactory.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.aws.AwsErrors;
import io.consulfactory.cluster.ClusterRecord;
import io.consulfactory.lambda.Json;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import io.consulfactory.teardown.StartTeardown;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * The scheduled rebake: for every cluster the factory runs (its recorded spec, see {@link ClusterRecord}),
 * starts a rebake execution only when something changed — the base image the SSM parameter points at, the
 * Consul version wanted — or the image is older than the cluster's {@code maxImageAgeDays} (the same limit
 * past which an execution bakes anew instead of reusing the image). One execution per cluster and day: its name
 * is {@code rebake-<cluster>-<yyyyMMdd>}, so a second trigger the same day starts nothing. A cluster being torn
 * down (its record tagged {@code teardown=in-progress}) is left alone.
 */
public final class RebakeTrigger {

    /**
     * @param stateMachineArn the workflow to start
     * @param stackCluster    the stack's own cluster, whose wanted Consul version is the stack's
     * @param stackVersion    the stack's Consul version parameter, or empty
     */
    public record Settings(String stateMachineArn, String stackCluster, String stackVersion) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final SsmClient ssm;
    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final SfnClient sfn;
    private final Settings settings;

    public RebakeTrigger(SsmClient ssm, Ec2Client ec2, AutoScalingClient autoScaling, SfnClient sfn, Settings settings) {
        this.ssm = ssm;
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
        this.sfn = sfn;
        this.settings = settings;
    }

    /** @param now the scheduled event's time: ages and the day in execution names count from it */
    public List<RebakeDecision> run(Instant now) {
        List<RebakeDecision> decisions = new ArrayList<>();
        for (Parameter record : call("ssm:GetParametersByPath", () -> ssm.getParametersByPathPaginator(r -> r
                .path(ClusterRecord.PATH).recursive(false)).stream().flatMap(page -> page.parameters().stream()).toList())) {
            if (tearingDown(record)) {
                String cluster = record.name().substring(ClusterRecord.PATH.length());
                decisions.add(new RebakeDecision(cluster, "TEARING_DOWN", List.of("its record is tagged "
                        + StartTeardown.TAG_KEY + "=" + StartTeardown.TAG_VALUE), null));
                continue;
            }
            decisions.add(decide(readSpec(record), now));
        }
        return decisions;
    }

    /** A teardown marks the record first (StartTeardown): a rebake then would launch servers it is removing. */
    private boolean tearingDown(Parameter record) {
        try {
            return call("ssm:ListTagsForResource", () -> ssm.listTagsForResource(r -> r
                    .resourceType(ResourceTypeForTagging.PARAMETER).resourceId(record.name()))).tagList().stream()
                    .anyMatch(t -> t.key().equals(StartTeardown.TAG_KEY) && t.value().equals(StartTeardown.TAG_VALUE));
        } catch (AwsServiceException e) {
            if (AwsErrors.hasCode(e, "InvalidResourceId")) {
                return true; // deleted since it was listed: a teardown got to it
            }
            throw e;
        }
    }

    private RebakeDecision decide(ClusterSpec spec, Instant now) {
        Optional<AutoScalingGroup> group = call("autoscaling:DescribeAutoScalingGroups", () -> autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(spec.autoScalingGroupName())))
                .autoScalingGroups().stream().findFirst();
        if (group.isEmpty() || group.get().launchTemplate() == null) {
            return new RebakeDecision(spec.clusterName(), "NOT_DEPLOYED", List.of(), null);
        }
        Image image = runningImage(group.get());
        Map<String, String> tags = image.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
        String wantedVersion = spec.clusterName().equals(settings.stackCluster()) && !settings.stackVersion().isBlank()
                ? settings.stackVersion() : spec.consulVersion();
        List<String> reasons = new ArrayList<>();
        if (!wantedVersion.equals(tags.get("consul-version"))) {
            reasons.add("Consul " + tags.get("consul-version") + " -> " + wantedVersion);
        }
        if (spec.baseImage().ssmParameter() != null) {
            String latest = call("ssm:GetParameter", () -> ssm.getParameter(r -> r.name(spec.baseImage().ssmParameter())))
                    .parameter().value();
            if (!latest.equals(tags.get("base-image-id"))) {
                reasons.add("base image " + tags.get("base-image-id") + " -> " + latest);
            }
        }
        Duration age = Duration.between(Instant.parse(image.creationDate()), now);
        if (age.compareTo(Duration.ofDays(spec.maxImageAgeDays())) > 0) {
            reasons.add("image " + image.imageId() + " is " + age.toDays() + " days old");
        }
        if (reasons.isEmpty()) {
            return new RebakeDecision(spec.clusterName(), "UP_TO_DATE", reasons, null);
        }
        String name = "rebake-" + spec.clusterName() + "-" + DAY.format(now);
        String input = input(spec, wantedVersion);
        try {
            String arn = call("states:StartExecution", () -> sfn.startExecution(r -> r
                    .stateMachineArn(settings.stateMachineArn()).name(name).input(input))).executionArn();
            return new RebakeDecision(spec.clusterName(), "STARTED", reasons, arn);
        } catch (AwsServiceException e) {
            if (!AwsErrors.hasCode(e, "ExecutionAlreadyExists")) {
                throw e;
            }
            return new RebakeDecision(spec.clusterName(), "ALREADY_STARTED", reasons, null);
        }
    }

    /** The image the group's launch template version runs. */
    private Image runningImage(AutoScalingGroup group) {
        String imageId = call("ec2:DescribeLaunchTemplateVersions", () -> ec2.describeLaunchTemplateVersions(r -> r
                .launchTemplateId(group.launchTemplate().launchTemplateId()).versions(group.launchTemplate().version())))
                .launchTemplateVersions().get(0).launchTemplateData().imageId();
        return call("ec2:DescribeImages", () -> ec2.describeImages(r -> r.imageIds(imageId))).images().get(0);
    }

    /** The recorded spec as the execution input, with the wanted Consul version: nothing falls back to a default. */
    private static String input(ClusterSpec spec, String consulVersion) {
        ObjectNode input = Json.MAPPER.valueToTree(spec);
        input.put("consulVersion", consulVersion);
        return input.toString();
    }

    private static ClusterSpec readSpec(Parameter record) {
        try {
            return Json.MAPPER.readValue(record.value(), ClusterSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the cluster record " + record.name() + " is not a cluster spec; delete it or"
                    + " run the workflow for that cluster again", e);
        }
    }
}
