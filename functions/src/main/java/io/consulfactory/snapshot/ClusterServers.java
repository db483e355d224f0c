package io.consulfactory.snapshot;

import io.consulfactory.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.GetConsoleOutputResponse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import static io.consulfactory.aws.AwsErrors.call;
import static io.consulfactory.aws.AwsErrors.run;

/**
 * A cluster's servers as the backup steps reach them: the in-service instances of its Auto Scaling group, asked by
 * instance tag (the servers read their own tags from instance metadata) and heard on their serial consoles
 * ({@code GetConsoleOutput} with {@code Latest=true}). Every server gets the tag: only the leader acts on it, and
 * whichever server leads when its timer runs answers.
 */
final class ClusterServers {

    /** The cluster names ClusterSpecParser accepts. */
    static final Pattern CLUSTER_NAME = Pattern.compile("[a-z][a-z0-9-]{1,30}[a-z0-9]");

    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;

    ClusterServers(Ec2Client ec2, AutoScalingClient autoScaling) {
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
    }

    static String checkedName(String clusterName) {
        if (clusterName == null || !CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("clusterName '" + clusterName + "' is not a cluster name");
        }
        return clusterName;
    }

    /** The group's in-service instances ({@code consul-<cluster>}, as {@code ClusterSpec#autoScalingGroupName}). */
    List<String> inService(String clusterName) {
        String group = "consul-" + checkedName(clusterName);
        return call("autoscaling:DescribeAutoScalingGroups", () -> autoScaling.describeAutoScalingGroups(r -> r
                .autoScalingGroupNames(group))).autoScalingGroups().stream()
                .flatMap(g -> g.instances().stream())
                .filter(i -> "InService".equals(i.lifecycleStateAsString()))
                .map(i -> i.instanceId()).sorted().toList();
    }

    void tag(List<String> instances, String key, String value) {
        run("ec2:CreateTags", () -> ec2.createTags(r -> r.resources(instances).tags(t -> t.key(key).value(value))));
    }

    /** The live console buffer (the last 64 KB); empty while EC2 does not know the instance yet. */
    String console(String instanceId) {
        GetConsoleOutputResponse response;
        try {
            response = call("ec2:GetConsoleOutput", () -> ec2.getConsoleOutput(r -> r.instanceId(instanceId).latest(true)));
        } catch (AwsServiceException e) {
            if (AwsErrors.hasCode(e, "InvalidInstanceID.NotFound")) {
                return "";
            }
            throw e;
        }
        return response.output() == null ? "" : new String(Base64.getMimeDecoder().decode(response.output()), StandardCharsets.UTF_8);
    }
}
