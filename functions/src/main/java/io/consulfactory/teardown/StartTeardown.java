package io.consulfactory.teardown;

import io.consulfactory.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * The teardown's first step. It looks at every resource that carries one of the cluster's names and refuses the
 * whole teardown, before changing anything, when one of them is not the factory's ({@link ForeignResourceException}).
 * Then it marks the cluster record {@code teardown=in-progress}, so the rebake schedule leaves the cluster alone
 * from now on, and decides whether a final snapshot can be taken: only from a group with servers in service.
 */
public final class StartTeardown {

    public static final String TAG_KEY = "teardown";
    public static final String TAG_VALUE = "in-progress";

    private final AutoScalingClient autoScaling;
    private final Ec2Client ec2;
    private final IamClient iam;
    private final SecretsManagerClient secrets;
    private final SsmClient ssm;

    public StartTeardown(AutoScalingClient autoScaling, Ec2Client ec2, IamClient iam, SecretsManagerClient secrets, SsmClient ssm) {
        this.autoScaling = autoScaling;
        this.ec2 = ec2;
        this.iam = iam;
        this.secrets = secrets;
        this.ssm = ssm;
    }

    public TeardownPlan start(TeardownRequest request) {
        ClusterNames names = new ClusterNames(request.clusterName());
        List<String> foreign = new ArrayList<>();

        Optional<AutoScalingGroup> group = call("autoscaling:DescribeAutoScalingGroups", () -> autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(names.groupName()))).autoScalingGroups().stream().findFirst();
        group.ifPresent(g -> {
            Map<String, String> tags = g.tags().stream().collect(Collectors.toMap(TagDescription::key, TagDescription::value, (a, b) -> b));
            if (!names.ours(tags)) {
                foreign.add(names.whyNotOurs("Auto Scaling group", g.autoScalingGroupName(), null, tags));
            }
        });
        for (LaunchTemplate t : call("ec2:DescribeLaunchTemplates", () -> ec2.describeLaunchTemplates(r -> r
                .filters(f -> f.name("launch-template-name").values(names.groupName())))).launchTemplates()) {
            Map<String, String> tags = Ec2Tags.of(t.tags());
            if (!names.ours(tags)) {
                foreign.add(names.whyNotOurs("launch template", t.launchTemplateName(), t.launchTemplateId(), tags));
            }
        }
        for (SecurityGroup g : call("ec2:DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r
                .filters(f -> f.name("group-name").values(names.serverSecurityGroupName(), names.clientSecurityGroupName()))))
                .securityGroups()) {
            Map<String, String> tags = Ec2Tags.of(g.tags());
            if (!names.ours(tags)) {
                foreign.add(names.whyNotOurs("security group", g.groupName(), g.groupId() + " in " + g.vpcId(), tags));
            }
        }
        try {
            String path = call("iam:GetRole", () -> iam.getRole(r -> r.roleName(names.nodeRoleName()))).role().path();
            if (!ClusterNames.ourIamPath(path)) {
                foreign.add(names.whyNotOursIam("IAM role", names.nodeRoleName(), path));
            }
        } catch (NoSuchEntityException e) {
            // gone already, or never made
        }
        try {
            String path = call("iam:GetInstanceProfile", () -> iam.getInstanceProfile(r -> r
                    .instanceProfileName(names.nodeRoleName()))).instanceProfile().path();
            if (!ClusterNames.ourIamPath(path)) {
                foreign.add(names.whyNotOursIam("IAM instance profile", names.nodeRoleName(), path));
            }
        } catch (NoSuchEntityException e) {
            // gone already, or never made
        }
        for (String secret : names.secretNames()) {
            try {
                DescribeSecretResponse found = call("secretsmanager:DescribeSecret", () -> secrets.describeSecret(r -> r.secretId(secret)));
                Map<String, String> tags = found.tags().stream().collect(Collectors.toMap(
                        software.amazon.awssdk.services.secretsmanager.model.Tag::key,
                        software.amazon.awssdk.services.secretsmanager.model.Tag::value, (a, b) -> b));
                if (!names.ours(tags)) {
                    foreign.add(names.whyNotOurs("secret", secret, found.arn(), tags));
                }
            } catch (ResourceNotFoundException e) {
                // gone already, or never made
            }
        }
        if (!foreign.isEmpty()) {
            throw new ForeignResourceException(request.clusterName(), foreign);
        }

        boolean marked = mark(names.recordName());
        int inService = group.map(g -> (int) g.instances().stream()
                .filter(i -> i.lifecycleStateAsString().equals("InService")).count()).orElse(0);
        String skipped = request.skipFinalSnapshot() ? "skipFinalSnapshot is true"
                : group.isEmpty() ? "the cluster has no Auto Scaling group"
                : inService == 0 ? "no server of the group is in service" : null;
        return new TeardownPlan(request.clusterName(), request.skipFinalSnapshot(), request.secretRecoveryDays(),
                skipped == null, skipped, inService, marked);
    }

    /** The record's {@code teardown=in-progress} tag: false when there is no record (a teardown that got past it). */
    private boolean mark(String recordName) {
        try {
            call("ssm:AddTagsToResource", () -> ssm.addTagsToResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER)
                    .resourceId(recordName).tags(t -> t.key(TAG_KEY).value(TAG_VALUE))));
            return true;
        } catch (AwsServiceException e) {
            if (AwsErrors.hasCode(e, "InvalidResourceId")) {
                return false;
            }
            throw e;
        }
    }
}
