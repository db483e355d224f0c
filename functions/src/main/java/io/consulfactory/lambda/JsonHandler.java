package io.consulfactory.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A Lambda doorway that reads its input and writes its result with the project's Jackson mapper (records
 * in, records out), so every handler has the same, explicit JSON mapping instead of the runtime's.
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {

    private final Class<I> inputType;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    protected abstract O handle(I input, Context context);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        I request = Json.MAPPER.readValue(input, inputType);
        O result = handle(request, context);
        Json.MAPPER.writeValue(output, result);
    }
}
