package io.consulfactory.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Invokes a handler as the Lambda runtime does: JSON bytes in through {@code handleRequest}, JSON bytes out.
 * Exceptions propagate as they would become the invocation's error (its type and message).
 */
public final class LocalLambda {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalLambda() {
    }

    public static JsonNode invoke(RequestStreamHandler handler, JsonNode input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(input)), out,
                    new LocalContext(handler.getClass().getSimpleName()));
            return JSON.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T invoke(RequestStreamHandler handler, Object input, Class<T> resultType) {
        try {
            return JSON.treeToValue(invoke(handler, JSON.valueToTree(input)), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
