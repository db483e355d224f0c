package io.consulfactory.local.cloud.sfn;

import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.AwsError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.SfnException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every error of the local Step Functions, through the SDK, answered with the catalogue's code, status and message. */
@ExtendWith(LocalAwsExtension.class)
class SfnErrorsTest {

    private static final String MACHINE = LocalWorkflow.STATE_MACHINE_ARN;

    private final SfnClient sfn = AwsClients.sfn();

    private static <T extends AwsServiceException> void answers(AwsError expected, Class<T> type, Executable call) {
        T e = assertThrows(type, call);
        assertEquals(expected.code(), e.awsErrorDetails().errorCode());
        assertEquals(expected.status(), e.statusCode());
        assertEquals(expected.getMessage(), e.awsErrorDetails().errorMessage());
    }

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
