package io.consulfactory.resources;

import io.consulfactory.lambda.Json;
import io.consulfactory.spec.ClusterSpec;
import io.consulfactory.spec.ClusterSpecParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The node role's one inline policy, exactly: auto-join, the cluster's two secrets, its snapshots' prefix (contract 15). */
class NodePolicyTest {

    @Test
    void theNodeRoleMayPutAndGetOnlyItsClustersSnapshots() throws Exception {
        ClusterSpec spec = ClusterSpecParser.parse("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"vpc-0a1b2c3d\","
                + "\"subnetIds\":[\"subnet-0a1b2c3d\"]}", null);
        Policies.Scope scope = Policies.Scope.of("arn:aws:iam::123456789012:role/consul-cluster-factory/consul-consul-dc1-node",
                "us-east-1", spec);

        assertEquals(Json.MAPPER.readTree("""
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "ConsulCloudAutoJoin", "Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"},
                  {"Sid": "ReadClusterSecrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": [
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:consul-cluster-factory/consul-dc1/client-??????",
                    "arn:aws:secretsmanager:us-east-1:123456789012:secret:consul-cluster-factory/consul-dc1/server-??????"]},
                  {"Sid": "ClusterSnapshots", "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"],
                   "Resource": "arn:aws:s3:::consul-cluster-factory-snapshots-123456789012-us-east-1/consul-dc1/*"}]}
                """), Policies.nodePolicy(scope, "consul-cluster-factory-snapshots-123456789012-us-east-1"));
    }
}
