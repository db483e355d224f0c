package io.consulfactory.local.cloud.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.AwsCli;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static io.consulfactory.local.cloud.autoscaling.GroupFixture.GROUP;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.HOOK;
import static io.consulfactory.local.cloud.autoscaling.GroupFixture.launchHook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS CLI (botocore) drives the new Auto Scaling calls and parses their answers: it catches request and
 * XML shapes only the Java SDK would tolerate.
 */
@ExtendWith(LocalAwsExtension.class)
class AutoScalingCliTest {

    @Test
    void theCliDrivesHooksProcessesTagsAndARollback(LocalAws local) throws Exception {
        GroupFixture f = new GroupFixture(local);
        f.createGroup(1, r -> r.lifecycleHookSpecificationList(launchHook(600, "ABANDON")));
        f.advance(Duration.ofSeconds(10));
        String id = f.ids().get(0);

        AwsCli.json(local, "autoscaling", "put-lifecycle-hook", "--auto-scaling-group-name", GROUP, "--lifecycle-hook-name",
                "drain", "--lifecycle-transition", "autoscaling:EC2_INSTANCE_TERMINATING", "--heartbeat-timeout", "300",
                "--default-result", "CONTINUE");
        JsonNode hooks = AwsCli.json(local, "autoscaling", "describe-lifecycle-hooks", "--auto-scaling-group-name", GROUP)
                .get("LifecycleHooks");
        assertEquals(2, hooks.size());
        assertEquals(30_000, hooks.get(1).get("GlobalTimeout").asInt());
        JsonNode instance = AwsCli.json(local, "autoscaling", "describe-auto-scaling-instances", "--instance-ids", id)
                .get("AutoScalingInstances").get(0);
        assertEquals("Pending:Wait", instance.get("LifecycleState").asText());
        assertEquals("HEALTHY", instance.get("HealthStatus").asText());

        AwsCli.json(local, "autoscaling", "record-lifecycle-action-heartbeat", "--auto-scaling-group-name", GROUP,
                "--lifecycle-hook-name", HOOK, "--lifecycle-action-token", local.autoScaling().lifecycleActionToken(GROUP, HOOK, id));
        AwsCli.json(local, "autoscaling", "complete-lifecycle-action", "--auto-scaling-group-name", GROUP,
                "--lifecycle-hook-name", HOOK, "--instance-id", id, "--lifecycle-action-result", "CONTINUE");
        f.advance(Duration.ofMinutes(2));
        assertEquals("InService", f.state(id));

        AwsCli.json(local, "autoscaling", "suspend-processes", "--auto-scaling-group-name", GROUP, "--scaling-processes", "AZRebalance");
        AwsCli.json(local, "autoscaling", "create-or-update-tags", "--tags",
                "ResourceId=" + GROUP + ",ResourceType=auto-scaling-group,Key=env,Value=prod,PropagateAtLaunch=true");
        JsonNode group = AwsCli.json(local, "autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", GROUP)
                .get("AutoScalingGroups").get(0);
        assertEquals("AZRebalance", group.get("SuspendedProcesses").get(0).get("ProcessName").asText());
        assertTrue(group.get("SuspendedProcesses").get(0).get("SuspensionReason").asText().startsWith("User suspended at "));
        JsonNode tags = AwsCli.json(local, "autoscaling", "describe-tags", "--filters", "Name=auto-scaling-group,Values=" + GROUP)
                .get("Tags");
        assertEquals("prod", tags.get(0).get("Value").asText());
        assertTrue(tags.get(0).get("PropagateAtLaunch").asBoolean());

        int version = f.newVersion();
        AwsCli.json(local, "autoscaling", "start-instance-refresh", "--auto-scaling-group-name", GROUP,
                "--desired-configuration", "{\"LaunchTemplate\":{\"LaunchTemplateId\":\"" + f.templateId + "\",\"Version\":\""
                        + version + "\"}}", "--preferences", "{\"MinHealthyPercentage\":100,\"MaxHealthyPercentage\":200}");
        f.advance(Duration.ofSeconds(10));
        String refreshId = AwsCli.json(local, "autoscaling", "rollback-instance-refresh", "--auto-scaling-group-name", GROUP)
                .get("InstanceRefreshId").asText();
        JsonNode refresh = AwsCli.json(local, "autoscaling", "describe-instance-refreshes", "--auto-scaling-group-name", GROUP)
                .get("InstanceRefreshes").get(0);
        assertEquals(refreshId, refresh.get("InstanceRefreshId").asText());
        assertEquals("RollbackInProgress", refresh.get("Status").asText());
        assertTrue(refresh.get("RollbackDetails").has("RollbackStartTime"));
    }
}
