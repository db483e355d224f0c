package io.consulfactory.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.lambda.LocalLambda;
import io.consulfactory.resources.EnsureSupportingResourcesHandler;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS CLI (a second, independent client: botocore) parses what the local AWS answers. It catches XML
 * shapes that only our SDK tolerates. `.ci/run` installs the CLI; without it these tests fail.
 */
@ExtendWith(LocalAwsExtension.class)
class AwsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode aws(LocalAws local, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", local.endpoint().toString(),
                "--region", LocalAws.DEFAULT_REGION, "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "AKIALOCALCLI00000001");
        env.put("AWS_SECRET_ACCESS_KEY", "local-secret");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "aws " + String.join(" ", args) + " timed out");
        assertEquals(0, process.exitValue(), "aws " + String.join(" ", args) + " failed: " + err);
        return JSON.readTree(out);
    }

    @Test
    void theCliReadsTheRoleProfileAndGroupTheStepMade(LocalAws local) throws Exception {
        Network network = local.ec2().seedDefaultNetwork();
        SupportingResources made = LocalLambda.invoke(new EnsureSupportingResourcesHandler(), Map.of("spec",
                ClusterSpecParser.parse("{\"clusterName\":\"consul-dc1\",\"vpcId\":\"" + network.vpcId()
                        + "\",\"subnetIds\":[\"" + network.subnetIds().get(0) + "\"]}", null)), SupportingResources.class);

        JsonNode role = aws(local, "iam", "get-role", "--role-name", made.roleName()).get("Role");
        assertEquals(made.roleArn(), role.get("Arn").asText());
        assertEquals("/consul-cluster-factory/", role.get("Path").asText());
        assertEquals("ec2.amazonaws.com", role.get("AssumeRolePolicyDocument").get("Statement").get(0)
                .get("Principal").get("Service").asText(), "the CLI decodes IAM's URL-encoded policy documents");

        JsonNode profile = aws(local, "iam", "get-instance-profile", "--instance-profile-name", made.instanceProfileName())
                .get("InstanceProfile");
        assertEquals(made.roleName(), profile.get("Roles").get(0).get("RoleName").asText());

        JsonNode group = aws(local, "ec2", "describe-security-groups", "--group-ids", made.securityGroupId())
                .get("SecurityGroups").get(0);
        assertEquals("consul-consul-dc1", group.get("GroupName").asText());
        assertTrue(group.get("IpPermissions").size() > 0);

        assertEquals(network.vpcId(), aws(local, "ec2", "describe-vpcs").get("Vpcs").get(0).get("VpcId").asText());
        assertEquals(3, aws(local, "ec2", "describe-subnets").get("Subnets").size());
        assertEquals(LocalAws.ACCOUNT_ID, aws(local, "sts", "get-caller-identity").get("Account").asText());
    }

    @Test
    void theCliSeesAwsErrorCodes(LocalAws local) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("aws", "--endpoint-url", local.endpoint().toString(), "--region",
                LocalAws.DEFAULT_REGION, "iam", "get-role", "--role-name", "nobody");
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIALOCALCLI00000001", "AWS_SECRET_ACCESS_KEY", "x",
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", "AWS_EC2_METADATA_DISABLED", "true"));
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);

        int exit = process.exitValue();
        assertTrue(exit == 254 || exit == 255, "a service error exits 254 (CLI v2) or 255 (v1), not " + exit + ": " + err);
        assertTrue(err.contains("NoSuchEntity"), err);
    }
}
