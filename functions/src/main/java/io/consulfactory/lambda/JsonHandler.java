package io.consulfactory.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.consulfactory.aws.SnapStartPriming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Lambda doorway that reads its input and writes its result with the project's Jackson mapper (records
 * in, records out), so every handler has the same, explicit JSON mapping instead of the runtime's; and writes the
 * invocation's one log line ({@link InvocationLog}).
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler, SnapStartPriming.Primed {

    private final Class<I> inputType;
    private SnapStartPriming priming;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    protected abstract O handle(I input, Context context);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        InvocationLog log = InvocationLog.begin(functionName());
        String requestId = context == null ? null : context.getAwsRequestId();
        try {
            I request;
            try {
                request = Json.readDocument(eventReader(), input);
            } catch (JsonProcessingException e) {
                unreadableEvent(e);
                throw e;
            }
            log.input(Json.MAPPER.valueToTree(request));
            JsonNode result = Json.MAPPER.valueToTree(handle(request, context));
            Json.MAPPER.writeValue(output, result);
            log.ok(result, requestId);
        } catch (IOException | RuntimeException | Error e) {
            log.failed(e, requestId);
            throw e;
        }
    }

    /** The function's name in the log line: the handler's, less "Handler" (the template's logical id, less "Function"). */
    protected String functionName() {
        return getClass().getSimpleName().replaceFirst("Handler$", "");
    }

    /**
     * How this handler's event is read: {@link Json#EVENTS} (one document, no repeated key) for its input type.
     * A handler whose event carries text from outside (the execution input) may read numbers exactly, say.
     */
    protected ObjectReader eventReader() {
        return Json.EVENTS.forType(inputType);
    }

    /**
     * Called for an event that is not one well-formed JSON document of the input type, to throw what the state
     * machine should see instead; when it returns, the parser's own exception is thrown (Step Functions only
     * ever sends well-formed events, so for most handlers this is a bug to see as it is).
     */
    protected void unreadableEvent(JsonProcessingException e) {
    }

    /**
     * For the Lambda entry point (the no-argument constructor): before a SnapStart snapshot, bind this
     * handler's input type with Jackson and run these reads (see {@link SnapStartPriming}).
     */
    protected final void primeBeforeSnapshot(Runnable... reads) {
        List<Runnable> all = new ArrayList<>();
        all.add(() -> {
            try {
                Json.MAPPER.readValue("{}", inputType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        all.addAll(List.of(reads));
        priming = SnapStartPriming.register(getClass().getSimpleName(), all);
    }

    /** The priming registered by the Lambda entry point, or {@code null} for a handler built by a test. */
    @Override
    public SnapStartPriming priming() {
        return priming;
    }
}
