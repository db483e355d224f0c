package io.consulfactory.teardown;

import io.consulfactory.aws.Tags;
import io.consulfactory.cluster.ClusterRecord;
import io.consulfactory.consul.SecretNames;
import io.consulfactory.spec.ClusterSpec;

import java.util.List;
import java.util.Map;

/**
 * The names a cluster's resources have (the same rules as {@link ClusterSpec}'s), and the rule that tells the
 * factory's own from a same-named stranger: both of its tags ({@code managed-by=consul-cluster-factory} and
 * {@code consul-cluster=<name>}) on EC2, Auto Scaling and Secrets Manager resources, the factory's path in IAM.
 */
public record ClusterNames(String clusterName) {

    /** The Auto Scaling group and the launch template. */
    public String groupName() {
        return "consul-" + clusterName;
    }

    public String serverSecurityGroupName() {
        return "consul-" + clusterName;
    }

    public String clientSecurityGroupName() {
        return "consul-" + clusterName + "-clients";
    }

    /** The node role and its instance profile. */
    public String nodeRoleName() {
        return "consul-" + clusterName + "-node";
    }

    public String clientPolicyName() {
        return "consul-" + clusterName + "-client";
    }

    /** The client policy's ARN in the account (and partition) of {@code arnInAccount}. */
    public String clientPolicyArn(String arnInAccount) {
        String[] parts = arnInAccount.split(":", 6);
        return "arn:" + parts[1] + ":iam::" + parts[4] + ":policy" + ClusterSpec.IAM_PATH + clientPolicyName();
    }

    public String recordName() {
        return ClusterRecord.parameterName(clusterName);
    }

    /** The client, server and CA key secrets. */
    public List<String> secretNames() {
        return List.of(SecretNames.client(clusterName), SecretNames.server(clusterName), SecretNames.caKey(clusterName));
    }

    /** Whether tags say the factory made this for this cluster. */
    public boolean ours(Map<String, String> tags) {
        return Tags.MANAGED_BY_VALUE.equals(tags.get(Tags.MANAGED_BY)) && clusterName.equals(tags.get(Tags.CLUSTER));
    }

    /** Why a same-named resource with these tags is not the factory's (for {@link ForeignResourceException}). */
    public String whyNotOurs(String kind, String name, String id, Map<String, String> tags) {
        return kind + " '" + name + "'" + (id == null || id.equals(name) ? "" : " (" + id + ")") + " is not the factory's:"
                + " it lacks the tags " + Tags.MANAGED_BY + "=" + Tags.MANAGED_BY_VALUE + " and " + Tags.CLUSTER + "="
                + clusterName + (tags.isEmpty() ? " (it has no tags)" : " (its tags: " + tags + ")");
    }

    public String whyNotOursIam(String kind, String name, String path) {
        return kind + " '" + name + "' is under path '" + path + "', not " + ClusterSpec.IAM_PATH + ", so it is not the factory's";
    }

    /** The IAM path the factory makes everything under. */
    public static boolean ourIamPath(String path) {
        return ClusterSpec.IAM_PATH.equals(path);
    }
}
