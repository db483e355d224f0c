package io.consulfactory.local.statemachine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.InstanceView;
import io.consulfactory.local.cloud.ec2.Network;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Consul version HashiCorp never released fails the bake as the real download does: the builder's script
 * prints its FAILED line for the 404 and powers off, the workflow fails with that reason and cleans up.
 */
@ExtendWith(LocalAwsExtension.class)
class UnknownConsulVersionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"1.99.0, t3.small, amd64", "1.20.99, t4g.small, arm64"})
    void failsTheBakeWithTheDownloadsReason(String version, String type, String arch, LocalAws aws) throws Exception {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));

        LocalStateMachine.Result result = workflow.run("unknown-" + arch, JSON.readTree("{\"consulVersion\":\"" + version
                + "\",\"instanceType\":\"" + type + "\"}"), (s, t, l, r, o) -> { });

        assertEquals("FAILED", result.status());
        assertEquals("BakeFailed", result.error());
        String line = "CONSUL_BAKE_RESULT=FAILED reason=download of consul_" + version + "_linux_" + arch + ".zip failed (exit 22)";
        assertTrue(result.cause().contains("download of consul_" + version + "_linux_" + arch + ".zip failed (exit 22)"),
                result.cause());
        InstanceView builder = aws.ec2().instances().stream().filter(i -> "builder".equals(i.tags().get("role"))).findFirst()
                .orElseThrow();
        assertTrue(List.of("shutting-down", "terminated").contains(builder.state()), "cleaned up: " + builder.state());
        String console = new String(java.util.Base64.getDecoder().decode(io.consulfactory.aws.AwsClients.ec2()
                .getConsoleOutput(r -> r.instanceId(builder.instanceId()).latest(true)).output()), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(console.contains(line + "\r\n"), "the script's own line on the console: " + console);
    }
}
