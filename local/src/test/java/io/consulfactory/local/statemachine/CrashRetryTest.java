package io.consulfactory.local.statemachine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A function that does its AWS calls and then times out is run again by the state machine; every step being
 * idempotent, the workflow ends with exactly what a clean run makes.
 */
@ExtendWith(LocalAwsExtension.class)
class CrashRetryTest {

    @ParameterizedTest(name = "{0} times out after its work")
    @ValueSource(strings = {"ValidateInput", "EnsureSupportingResources", "PlanBake", "LaunchBuilder", "CheckConsulInstall", "CreateImage",
            "CheckImage", "PublishLaunchTemplate", "DeployAutoScalingGroup", "CheckCluster", "CleanUp"})
    void aStepThatTimesOutAfterItsWorkIsRetriedAndMakesNothingTwice(String function, LocalAws aws) throws Exception {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        workflow.crashAfterWork(function, 1);

        LocalStateMachine.Result result = workflow.run("crash", new ObjectMapper().readTree("{}"), (s, t, l, r, o) -> { });

        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
        var ec2 = AwsClients.ec2();
        assertEquals(1, aws.ec2().instances().stream().filter(i -> "builder".equals(i.tags().get("role"))).count(), "one builder");
        assertEquals(1, ec2.describeImages(r -> r.owners("self")).images().size(), "one image");
        assertEquals(1L, ec2.describeLaunchTemplates().launchTemplates().get(0).latestVersionNumber(), "one template version");
        assertEquals(1, AwsClients.autoScaling().describeAutoScalingGroups().autoScalingGroups().size(), "one group");
        assertEquals(3, aws.ec2().instances().stream().filter(i -> "server".equals(i.tags().get("role"))).count(), "three servers");
        assertEquals(1, ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("consul-consul-dc1")))
                .securityGroups().size(), "one security group");
    }
}
