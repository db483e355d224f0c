package io.consulfactory.local.bench;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every function of the template gets a real input to be measured with: the deploy's from the deploy of
 * {@code consul-dc1}, the teardown's, the snapshot's and the restore's from the operated second cluster, so that
 * measuring a Remove step never touches the cluster the other functions are measured on.
 */
@ExtendWith(LocalAwsExtension.class)
class DeployedCloudTest {

    private static final Set<String> OPERATIONS = Set.of("StartTeardown", "RequestSnapshot", "CheckSnapshot",
            "RemoveServerGroup", "RemoveImages", "RemoveSecurityGroups", "RemoveIdentity", "RemoveRecordAndSecrets",
            "RestoreSnapshot", "CheckRestore");

    @Test
    void everyFunctionHasAnInputAndTheOperationsNameTheSecondCluster(LocalAws aws) throws Exception {
        try (DeployedCloud cloud = DeployedCloud.deploy(aws)) {
            List<String> names = cloud.functions().stream().map(DeployedCloud.Function::name).toList();
            assertTrue(names.containsAll(OPERATIONS), names.toString());
            for (DeployedCloud.Function function : cloud.functions()) {
                assertNotNull(function.event(), function.name() + " has no input");
                if (function.name().equals("RebakeTrigger")) {
                    continue; // the schedule's event: the cluster is the stack's, from its environment
                }
                String input = Files.readString(function.event());
                String cluster = OPERATIONS.contains(function.name()) ? DeployedCloud.OPERATED : "consul-dc1";
                assertTrue(input.contains("\"" + cluster + "\""), function.name() + " names " + cluster + ": " + input);
                if (!cluster.equals("consul-dc1")) {
                    assertFalse(input.contains("\"consul-dc1\""), function.name() + ": " + input);
                }
            }
            long inService = AwsClients.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                    "consul-" + DeployedCloud.OPERATED)).autoScalingGroups().get(0).instances().stream()
                    .filter(i -> i.lifecycleStateAsString().equals("InService")).count();
            assertEquals(3, inService, "the operated cluster is left restored");

            ColdStart.Result result = ColdStart.measure(cloud,
                    new ColdStart.Options(1, List.of("RequestSnapshot", "RemoveImages"), false, false), null);
            for (ColdStart.FunctionResult f : result.functions()) {
                assertFalse(f.shipped().failed(), f.function() + ": " + f.shipped().failure());
                assertTrue(f.shipped().awsCalls() >= 1, f.function() + " called AWS: " + f.shipped());
            }
        }
    }
}
