package io.consulfactory.local.cloud.sfn;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Execution input over 256 KiB, or not JSON, is refused by StartExecution and by the local runner alike. */
@ExtendWith(LocalAwsExtension.class)
class ExecutionInputTest {

    private static final String MACHINE = LocalWorkflow.STATE_MACHINE_ARN;

    private final SfnClient sfn = AwsClients.sfn();

    /** {"clusterName":"…"} of exactly {@code bytes} bytes. */
    private static String inputOf(int bytes) {
        String frame = "{\"clusterName\":\"\"}";
        return "{\"clusterName\":\"" + "x".repeat(bytes - frame.length()) + "\"}";
    }

    @Test
    void startExecutionTakes256KibAndRefusesOneByteMore() {
        assertTrue(sfn.startExecution(r -> r.stateMachineArn(MACHINE).name("at-the-limit").input(inputOf(262_144)))
                .executionArn().endsWith(":at-the-limit"));

        InvalidExecutionInputException e = assertThrows(InvalidExecutionInputException.class, () -> sfn.startExecution(r -> r
                .stateMachineArn(MACHINE).name("over-the-limit").input(inputOf(262_145))));
        assertEquals("InvalidExecutionInput", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("262145 bytes"), e.awsErrorDetails().errorMessage());
    }

    @Test
    void multiByteCharactersCountAsTheirUtf8Bytes() {
        String twoByteChars = "{\"clusterName\":\"" + "é".repeat(131_070) + "\"}"; // 18 + 262140 bytes
        assertEquals("InvalidExecutionInput", assertThrows(InvalidExecutionInputException.class, () -> sfn.startExecution(r -> r
                .stateMachineArn(MACHINE).name("accents").input(twoByteChars))).awsErrorDetails().errorCode());
    }

    @Test
    void inputThatIsNotJsonIsRefused() {
        for (String bad : new String[]{"{\"a\":1,}", "{\"a\":1} trailing", "not json"}) {
            assertThrows(InvalidExecutionInputException.class, () -> sfn.startExecution(r -> r.stateMachineArn(MACHINE)
                    .name("bad").input(bad)), bad);
        }
    }

    @Test
    void theLocalRunnerRefusesTheSameInputBeforeAnyState(LocalAws aws) {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        ObjectNode big = JsonNodeFactory.instance.objectNode().put("clusterName", "x".repeat(262_144));
        int before = aws.calls().size();

        AwsError e = assertThrows(AwsError.class, () -> workflow.run("too-big", big, (s, t, l, r, o) -> {
            throw new AssertionError("no state runs: " + s);
        }));

        assertEquals("InvalidExecutionInput", e.code());
        assertEquals(before, aws.calls().size(), "no AWS call");
    }
}
