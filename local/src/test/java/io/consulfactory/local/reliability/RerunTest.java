package io.consulfactory.local.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.Call;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole execution started again with the same input, an hour later (a second click, a scheduled run,
 * a redeploy of the same stack): it finds everything the first made, reuses the image and changes nothing.
 */
@ExtendWith(LocalAwsExtension.class)
class RerunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INPUTS = List.of("{}", "{\"datacenter\":\"eu-west\",\"keepImages\":1}",
            "{\"serverCount\":5,\"sshAllowedCidrs\":[\"10.0.0.0/24\"]}", "{\"instanceType\":\"t4g.small\"}");
    private static final ReliabilityReport.Section REPORT = new ReliabilityReport.Section("rerun", "The same execution twice",
            "Each input run as an execution, then again with the same input an hour later. The second run's AWS"
                    + " calls that create, change or delete something are counted; resources compared as in the"
                    + " crash suite.",
            "input", "second run", "image", "calls that change something", "resources");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"datacenter\":\"eu-west\",\"keepImages\":1}",
            "{\"serverCount\":5,\"sshAllowedCidrs\":[\"10.0.0.0/24\"]}", "{\"instanceType\":\"t4g.small\"}"})
    void theSameInputTwiceCreatesNothingTheSecondTime(String input, LocalAws aws) throws Exception {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        assertEquals("SUCCEEDED", workflow.run("first", JSON.readTree(input), (s, t, l, r, o) -> { }).status());
        aws.clock().advance(Duration.ofHours(1));
        Inventory first = Inventory.of(aws);
        int before = aws.calls().size();
        List<String> states = new ArrayList<>();

        LocalStateMachine.Result again = workflow.run("again", JSON.readTree(input), (s, t, l, r, o) -> states.add(s));

        assertEquals("SUCCEEDED", again.status(), again.error() + ": " + again.cause());
        assertTrue(states.contains("ReuseImage"), "the image is reused: " + states);
        assertFalse(states.contains("LaunchBuilder"), "no builder: " + states);
        List<String> changes = aws.calls().since(before).stream().filter(Call::mutates).map(Call::iamAction).toList();
        assertEquals(List.of(), changes, "the second run changes nothing in AWS");
        assertEquals(first, Inventory.of(aws), "the same resources");
        REPORT.row(ReliabilityReport.key(INPUTS.indexOf(input)), "`" + input + "`", again.status(), "reused",
                String.valueOf(changes.size()), "the same as after the first run");
    }

    @AfterAll
    static void writeReport() {
        REPORT.write();
    }
}
