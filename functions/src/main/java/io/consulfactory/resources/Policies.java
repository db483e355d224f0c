package io.consulfactory.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.lambda.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The node role's IAM policy documents, built as data. */
final class Policies {

    /** Name of the node role's one inline policy. */
    static final String AUTO_JOIN_POLICY_NAME = "consul-cloud-auto-join";

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
     * The role's only permission: what Consul's cloud auto-join calls. DescribeInstances supports no
     * resource-level permissions, so the resource is "*"; it reads, never changes, anything.
     */
    static JsonNode autoJoinPolicy() {
        ObjectNode statement = Json.MAPPER.createObjectNode()
                .put("Sid", "ConsulCloudAutoJoin")
                .put("Effect", "Allow")
                .put("Action", "ec2:DescribeInstances")
                .put("Resource", "*");
        return document(statement);
    }

    private static JsonNode document(ObjectNode statement) {
        ObjectNode policy = Json.MAPPER.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        statements.add(statement);
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
