package io.consulfactory.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.lambda.LocalLambda;
import io.consulfactory.resources.EnsureSupportingResourcesHandler;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpecParser;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.ssm.SsmService;
import io.consulfactory.local.reliability.ReliabilityReport;
import org.junit.jupiter.api.AfterAll;
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
    private static final ReliabilityReport.Section REPORT = new ReliabilityReport.Section("cli", "AWS CLI fidelity",
            "After a deploy and a rebake, the AWS CLI (botocore: a second, independent client) makes the main"
                    + " describe calls against the local AWS; each answer must parse and hold what the SDK sees.",
            "call", "read", "outcome");

    @AfterAll
    static void writeReport() {
        REPORT.write();
    }

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
                        + "\",\"subnetIds\":[\"" + network.subnetIds().get(0) + "\"]}", null),
                "snapshotBucket", io.consulfactory.local.LocalWorkflow.SNAPSHOT_BUCKET), SupportingResources.class);

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

    /** One describe call: the CLI's arguments, and what it must read from the answer. */
    private record Check(List<String> args, String pointer, String expected) {
    }

    @Test
    void theCliParsesEveryDescribeAnswerAfterADeployAndARebake(LocalAws local) throws Exception {
        Network network = local.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(local, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        assertEquals("SUCCEEDED", workflow.run("deploy", JSON.readTree("{}"), (s, t, l, r, o) -> { }).status());
        assertEquals("SUCCEEDED", workflow.run("rebake", JSON.readTree("{\"consulVersion\":\"1.21.0\"}"), (s, t, l, r, o) -> { }).status());
        var ec2 = AwsClients.ec2();
        var image = ec2.describeImages(r -> r.owners("self").filters(f -> f.name("tag:consul-version").values("1.21.0")))
                .images().get(0);
        var template = ec2.describeLaunchTemplates().launchTemplates().get(0);
        var server = local.ec2().instances().stream().filter(i -> "server".equals(i.tags().get("role"))
                && i.state().equals("running")).findFirst().orElseThrow();
        String builder = local.ec2().instances().stream().filter(i -> "builder".equals(i.tags().get("role")))
                .reduce((a, b) -> b).orElseThrow().instanceId();
        String group = "consul-consul-dc1";

        List<Check> checks = List.of(
                new Check(List.of("ec2", "describe-vpcs"), "/Vpcs/0/VpcId", network.vpcId()),
                new Check(List.of("ec2", "describe-subnets", "--subnet-ids", network.subnetIds().get(2)),
                        "/Subnets/0/AvailabilityZone", "us-east-1c"),
                new Check(List.of("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=" + group),
                        "/SecurityGroups/0/GroupName", group),
                new Check(List.of("ec2", "describe-instances", "--instance-ids", server.instanceId()),
                        "/Reservations/0/Instances/0/PrivateIpAddress", server.privateIp()),
                new Check(List.of("ec2", "describe-instances", "--filters", "Name=tag:role,Values=server",
                        "Name=instance-state-name,Values=running"), "/Reservations/0/Instances/0/State/Name", "running"),
                new Check(List.of("ec2", "get-console-output", "--instance-id", builder), "/InstanceId", builder),
                new Check(List.of("ec2", "describe-images", "--owners", "self", "--image-ids", image.imageId()),
                        "/Images/0/State", "available"),
                new Check(List.of("ec2", "describe-images", "--image-ids", image.imageId()),
                        "/Images/0/BlockDeviceMappings/0/Ebs/Encrypted", "true"),
                new Check(List.of("ec2", "describe-launch-templates", "--launch-template-names", group),
                        "/LaunchTemplates/0/LaunchTemplateId", template.launchTemplateId()),
                new Check(List.of("ec2", "describe-launch-template-versions", "--launch-template-name", group,
                        "--versions", "$Default"), "/LaunchTemplateVersions/0/LaunchTemplateData/ImageId", image.imageId()),
                new Check(List.of("ec2", "describe-launch-template-versions", "--launch-template-name", group,
                        "--versions", "$Latest"), "/LaunchTemplateVersions/0/LaunchTemplateData/MetadataOptions/HttpTokens",
                        "required"),
                new Check(List.of("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", group),
                        "/AutoScalingGroups/0/LaunchTemplate/LaunchTemplateId", template.launchTemplateId()),
                new Check(List.of("autoscaling", "describe-instance-refreshes", "--auto-scaling-group-name", group),
                        "/InstanceRefreshes/0/Status", "Successful"),
                new Check(List.of("iam", "get-role", "--role-name", "consul-consul-dc1-node"), "/Role/Path",
                        "/consul-cluster-factory/"),
                new Check(List.of("iam", "get-role-policy", "--role-name", "consul-consul-dc1-node", "--policy-name",
                        "consul-cloud-auto-join"), "/PolicyDocument/Statement/0/Action", "ec2:DescribeInstances"),
                new Check(List.of("iam", "get-instance-profile", "--instance-profile-name", "consul-consul-dc1-node"),
                        "/InstanceProfile/Roles/0/RoleName", "consul-consul-dc1-node"),
                new Check(List.of("ssm", "get-parameter", "--name", SsmService.UBUNTU_AMD64), "/Parameter/Type", "String"),
                new Check(List.of("ssm", "get-parameters-by-path", "--path", "/consul-cluster-factory/clusters"),
                        "/Parameters/0/Name", "/consul-cluster-factory/clusters/consul-dc1"),
                new Check(List.of("sts", "get-caller-identity"), "/Account", LocalAws.ACCOUNT_ID));

        for (Check check : checks) {
            JsonNode answer = aws(local, check.args().toArray(String[]::new));
            JsonNode value = answer.at(check.pointer());
            String read = value.isArray() ? value.get(0).asText() : value.asText();
            assertEquals(check.expected(), read, "aws " + String.join(" ", check.args()) + " at " + check.pointer());
            REPORT.row(ReliabilityReport.key(checks.indexOf(check)), "`aws " + String.join(" ", check.args())
                    .replace(image.imageId(), "<image>").replace(server.instanceId(), "<server>").replace(builder, "<builder>")
                    .replace(network.subnetIds().get(2), "<subnet>") + "`", "`" + check.pointer() + "`", "parsed, as the SDK reads it");
        }
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
