package io.consulfactory.bake;

import io.consulfactory.aws.AwsErrors;
import io.consulfactory.aws.ClientTokens;
import io.consulfactory.aws.Tags;
import io.consulfactory.consul.UserData;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Launches the builder: the planned base image with the bake script as user data, the node instance profile and
 * security group, IMDSv2 only, an encrypted gp3 root volume, and "stop" as its shutdown behaviour so the
 * script's power-off leaves a stopped instance to image. The client token is derived from the execution,
 * so a retried step gets the same instance back instead of a second builder.
 */
public final class LaunchBuilder {

    private final Ec2Client ec2;
    private final String region;

    public LaunchBuilder(Ec2Client ec2, String region) {
        this.ec2 = ec2;
        this.region = region;
    }

    /**
     * Launches into the spec's first subnet; when EC2 has no capacity for the type in that zone
     * (InsufficientInstanceCapacity, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html),
     * into the next subnet, until one has.
     *
     * @param execution what identifies this run of the workflow (the execution ARN or name)
     */
    public Builder launch(ClusterSpec spec, SupportingResources resources, BakePlan plan, String execution) {
        String token = clientToken(execution);
        Optional<Instance> earlier = launchedBefore(token);
        if (earlier.isPresent()) {
            // A retried step: the client token already launched a builder (in whichever subnet had capacity).
            Instance i = earlier.get();
            return new Builder(i.instanceId(), plan.baseImageId(), i.subnetId(), plan.recipe(), i.placement().availabilityZone(), List.of());
        }
        List<String> withoutCapacity = new ArrayList<>();
        RuntimeException last = null;
        for (String subnetId : spec.subnetIds()) {
            try {
                Instance instance = run(spec, resources, plan, token, subnetId);
                return new Builder(instance.instanceId(), plan.baseImageId(), subnetId, plan.recipe(),
                        instance.placement() == null ? null : instance.placement().availabilityZone(), withoutCapacity);
            } catch (RuntimeException e) {
                if (!noCapacity(e)) {
                    throw e;
                }
                last = e;
                withoutCapacity.add(subnetId);
            }
        }
        throw new NoCapacityException("ec2:RunInstances: no subnet of " + spec.clusterName() + " has capacity for a " + spec.instanceType()
                + " builder now (InsufficientInstanceCapacity in " + String.join(", ", withoutCapacity) + ": " + awsMessage(last)
                + "); run the execution again later, or give another instanceType or subnets in other zones", last);
    }

    /**
     * EC2 answers InsufficientInstanceCapacity with a 5xx, so the SDK retries it and AwsErrors reports it as
     * retryable: look through to AWS's code.
     */
    static boolean noCapacity(RuntimeException e) {
        return awsError(e).filter(aws -> AwsErrors.hasCode(aws, "InsufficientInstanceCapacity")).isPresent();
    }

    /** AWS's own words in an error the SDK or AwsErrors may have wrapped. */
    private static String awsMessage(Throwable e) {
        return awsError(e).filter(aws -> aws.awsErrorDetails() != null)
                .map(aws -> String.valueOf(aws.awsErrorDetails().errorMessage())).orElse(String.valueOf(e));
    }

    /** The AWS error itself, whether thrown as it is or wrapped (as AwsErrors wraps a retryable one). */
    private static Optional<AwsServiceException> awsError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException aws) {
                return Optional.of(aws);
            }
        }
        return Optional.empty();
    }

    private Instance run(ClusterSpec spec, SupportingResources resources, BakePlan plan, String token, String subnetId) {
        List<Tag> tags = builderTags(spec);
        try {
            return call("ec2:RunInstances", () -> ec2.runInstances(r -> r
                    .clientToken(token)
                    .imageId(plan.baseImageId())
                    .instanceType(spec.instanceType())
                    .minCount(1).maxCount(1)
                    .subnetId(subnetId)
                    .securityGroupIds(resources.securityGroupId())
                    .iamInstanceProfile(p -> p.arn(resources.instanceProfileArn()))
                    .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED).httpPutResponseHopLimit(1))
                    .blockDeviceMappings(b -> b.deviceName(plan.rootDeviceName()).ebs(e -> e
                            .volumeType(VolumeType.GP3).encrypted(true).deleteOnTermination(true)))
                    .instanceInitiatedShutdownBehavior(ShutdownBehavior.STOP)
                    .userData(UserData.bake(spec, region).base64())
                    .tagSpecifications(
                            t -> t.resourceType(ResourceType.INSTANCE).tags(tags),
                            t -> t.resourceType(ResourceType.VOLUME).tags(tags))))
                    .instances().get(0);
        } catch (AwsServiceException e) {
            if (AwsErrors.hasCode(e, "InvalidParameterValue") && String.valueOf(e.awsErrorDetails().errorMessage())
                    .toLowerCase(java.util.Locale.ROOT).contains("iaminstanceprofile")) {
                throw new InstanceProfileNotReadyException("EC2 does not see instance profile "
                        + resources.instanceProfileArn() + " yet (IAM propagation); retry in a few seconds", e);
            }
            throw e;
        }
    }

    /**
     * The builder this token launched, if any. Looked up first because a token that launched in one subnet would
     * be an IdempotentParameterMismatch when sent again with another (RunInstances' idempotency:
     * https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html).
     */
    private Optional<Instance> launchedBefore(String token) {
        return call("ec2:DescribeInstances", () -> ec2.describeInstances(r -> r.filters(f -> f.name("client-token").values(token))))
                .reservations().stream().flatMap(r -> r.instances().stream()).findFirst();
    }

    /**
     * The cluster's tags without the join tag: the builder never runs Consul, so auto-join should not find it. With
     * the default join tag (the cluster tag) it keeps that one: a server that finds the builder finds no agent there
     * and joins the others.
     */
    private static List<Tag> builderTags(ClusterSpec spec) {
        Map<String, String> tags = new LinkedHashMap<>(Tags.withoutJoinTag(spec));
        tags.put(Tags.ROLE, "builder");
        tags.put("Name", "consul-" + spec.clusterName() + "-builder");
        return Tags.ec2(tags);
    }

    /** RunInstances' idempotency token: at most 64 ASCII characters, the same for every retry of one execution. */
    public static String clientToken(String execution) {
        return ClientTokens.of("builder-", execution, 48);
    }
}
