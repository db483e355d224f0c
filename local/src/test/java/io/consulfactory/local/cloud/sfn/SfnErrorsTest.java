package io.consulfactory.local.cloud.sfn;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.SfnException;

import static io.consulfactory.local.cloud.CatalogueAssertions.answers;

/** Every error of the local Step Functions, through the SDK, answered with the catalogue's code, status and message. */
@ExtendWith(LocalAwsExtension.class)
class SfnErrorsTest {

    private static final String MACHINE = LocalWorkflow.STATE_MACHINE_ARN;

    private final SfnClient sfn = AwsClients.sfn();

    @Test
    void anOperationTheServiceDoesNotServeIsUnknown() {
        answers(SfnErrors.unknownOperation("ListStateMachines"), SfnException.class, () -> sfn.listStateMachines());
    }

    @Test
    void aStateMachineArnOfAnotherShapeIsInvalid() {
        answers(SfnErrors.invalidArn("arn:aws:lambda:us-east-1:123456789012:function:f"), InvalidArnException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn("arn:aws:lambda:us-east-1:123456789012:function:f")
                        .name("n").input("{}")));
    }

    @Test
    void aNameWithASpaceIsInvalid() {
        answers(SfnErrors.invalidName("rebake now"), InvalidNameException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(MACHINE).name("rebake now").input("{}")));
    }

    @Test
    void inputThatIsNoJsonValueIsInvalid() {
        answers(SfnErrors.inputNotJson("no JSON value"), InvalidExecutionInputException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(MACHINE).name("empty").input("")));
    }

    @Test
    void inputOver256KibIsInvalid() {
        String input = "{\"clusterName\":\"" + "x".repeat(262_145 - 18) + "\"}";
        answers(SfnErrors.inputTooLarge(262_145, ExecutionInput.MAX_BYTES), InvalidExecutionInputException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(MACHINE).name("big").input(input)));
    }

    @Test
    void theSameNameWithAnotherInputAlreadyExists() {
        String arn = sfn.startExecution(r -> r.stateMachineArn(MACHINE).name("rebake-1").input("{\"a\":1}")).executionArn();

        answers(SfnErrors.executionAlreadyExists(arn), ExecutionAlreadyExistsException.class,
                () -> sfn.startExecution(r -> r.stateMachineArn(MACHINE).name("rebake-1").input("{\"a\":2}")));
    }
}
