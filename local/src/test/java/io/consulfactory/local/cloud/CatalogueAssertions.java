package io.consulfactory.local.cloud;

import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How the services' {@code *ErrorsTest}s hold a call's answer to the catalogue's error. */
public final class CatalogueAssertions {

    private CatalogueAssertions() {
    }

    /**
     * The call fails with the SDK's {@code type}, carrying exactly the catalogue's code, HTTP status and message, as
     * the SDK read them off the wire.
     */
    public static <T extends AwsServiceException> T answers(AwsError expected, Class<T> type, Executable call) {
        T e = assertThrows(type, call);
        assertEquals(expected.code(), e.awsErrorDetails().errorCode());
        assertEquals(expected.status(), e.statusCode());
        assertEquals(expected.getMessage(), e.awsErrorDetails().errorMessage());
        return e;
    }
}
