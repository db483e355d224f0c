package io.consulfactory.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.lambda.Json;
import io.consulfactory.spec.ClusterSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The node role's and the client policy's IAM documents, built as data. */
final class Policies {

    /** Name of the node role's one inline policy. */
    static final String AUTO_JOIN_POLICY_NAME = "consul-cloud-auto-join";

    /**
     * Where the factory's IAM resources are and whose secrets they may read: the partition, region and account of
     * the ARNs. Taken from what the step already has (the node role's ARN, the EC2 client's region): no extra call.
     */
    record Scope(String partition, String region, String account, ClusterSpec spec) {

        /** From an ARN of the account's own (arn:partition:service:region:account:...) and the region the clients use. */
        static Scope of(String arnInAccount, String region, ClusterSpec spec) {
            String[] parts = arnInAccount.split(":", 6);
            return new Scope(parts[1], region, parts[4], spec);
        }

        /**
         * A secret's ARN for a policy: Secrets Manager ends every secret's ARN in "-" and 6 random characters, and
         * "??????" matches exactly those, so the name cannot be stretched to another secret the way "-*" could
         * (docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html).
         */
        String secretArn(String secretName) {
            return "arn:" + partition + ":secretsmanager:" + region + ":" + account + ":secret:" + secretName + "-??????";
        }

        String clientPolicyArn() {
            return "arn:" + partition + ":iam::" + account + ":policy" + ClusterSpec.IAM_PATH + spec.clientPolicyName();
        }
    }

    private Policies() {
    }

    /** EC2 instances may assume the role (through the instance profile). */
    static JsonNode trustPolicy() {
        ObjectNode statement = Json.MAPPER.createObjectNode()
                .put("Effect", "Allow")
                .put("Action", "sts:AssumeRole");
        statement.putObject("Principal").put("Service", "ec2.amazonaws.com");
        return document(statement);
    }

    /**
     * The servers' permissions: what Consul's cloud auto-join calls, reading the cluster's client and server secrets at
     * boot (never the CA key), and the leader's snapshots: putting and getting objects under the cluster's own prefix of
     * the stack's snapshot bucket, nothing else (no list, no delete, no other cluster's prefix; versioning keeps what an
     * overwrite would replace). DescribeInstances supports no resource-level permissions, so its resource is "*"; it
     * reads, never changes, anything. S3 object ARNs have no region or account
     * (docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html).
     */
    static JsonNode nodePolicy(Scope scope, String snapshotBucket) {
        ObjectNode snapshots = Json.MAPPER.createObjectNode()
                .put("Sid", "ClusterSnapshots")
                .put("Effect", "Allow");
        snapshots.putArray("Action").add("s3:PutObject").add("s3:GetObject");
        snapshots.put("Resource", "arn:" + scope.partition() + ":s3:::" + snapshotBucket + "/" + scope.spec().clusterName() + "/*");
        return document(autoJoin(), readSecrets("ReadClusterSecrets",
                scope.secretArn(scope.spec().clientSecretName()), scope.secretArn(scope.spec().serverSecretName())), snapshots);
    }

    /**
     * What a Consul client of the cluster needs: auto-join by the same tag, and the client secret (gossip key, CA)
     * only. Roles of the operator's own instances attach it by ARN.
     */
    static JsonNode clientPolicy(Scope scope) {
        return document(autoJoin(), readSecrets("ReadClientSecret", scope.secretArn(scope.spec().clientSecretName())));
    }

    private static ObjectNode autoJoin() {
        return Json.MAPPER.createObjectNode()
                .put("Sid", "ConsulCloudAutoJoin")
                .put("Effect", "Allow")
                .put("Action", "ec2:DescribeInstances")
                .put("Resource", "*");
    }

    private static ObjectNode readSecrets(String sid, String... secretArns) {
        ObjectNode statement = Json.MAPPER.createObjectNode()
                .put("Sid", sid)
                .put("Effect", "Allow")
                .put("Action", "secretsmanager:GetSecretValue");
        ArrayNode resources = statement.putArray("Resource");
        for (String arn : secretArns) {
            resources.add(arn);
        }
        return statement;
    }

    private static JsonNode document(ObjectNode... statement) {
        ObjectNode policy = Json.MAPPER.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        for (ObjectNode s : statement) {
            statements.add(s);
        }
        return policy;
    }

    /** IAM answers policy documents URL-encoded (RFC 3986); the SDK does not decode them. */
    static JsonNode fromIam(String encoded) {
        try {
            return Json.MAPPER.readTree(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("IAM returned a policy document that is not JSON", e);
        }
    }

    static String text(JsonNode policy) {
        return policy.toString();
    }
}
