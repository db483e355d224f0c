package io.consulfactory.lambda;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The one Jackson mapper of the function package (thread-safe once configured). */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            // The state carries keys for every step; each handler reads only its own.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * How a function's event is read: as exactly one JSON document in which no object repeats a key. Jackson on
     * its own keeps the last of two equal keys and stops after the first document; JSON (RFC 8259 §4) leaves
     * both to the reader, and a reader that guesses runs what the sender did not mean.
     */
    public static final ObjectReader EVENTS = MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    /** Reads one JSON document with {@code reader} (bound to a type); anything after it is refused. */
    public static <T> T readDocument(ObjectReader reader, InputStream in) throws IOException {
        try (JsonParser parser = reader.createParser(in)) {
            return readDocument(reader, parser);
        }
    }

    /** The same, from text. */
    public static <T> T readDocument(ObjectReader reader, String text) throws IOException {
        try (JsonParser parser = reader.createParser(text)) {
            return readDocument(reader, parser);
        }
    }

    private static <T> T readDocument(ObjectReader reader, JsonParser parser) throws IOException {
        T value;
        try {
            value = reader.readValue(parser);
        } catch (JsonMappingException e) {
            // Binding to a type wraps what the parser refused: the parser's own exception says where and why.
            if (e.getCause() instanceof JsonProcessingException parsing && !(parsing instanceof JsonMappingException)) {
                throw parsing;
            }
            throw e;
        } catch (IllegalArgumentException | ArithmeticException e) {
            // Jackson lets a few number failures out unwrapped (1e9999999999 overflows BigDecimal's exponent).
            throw new JsonParseException(parser, String.valueOf(e.getMessage()), parser.currentTokenLocation(), e);
        }
        JsonToken next;
        try {
            next = parser.nextToken();
        } catch (JsonParseException e) {
            // Whatever follows does not even parse: it is still content after the document.
            throw new TrailingContentException(parser, e.getLocation());
        }
        if (next != null) {
            throw new TrailingContentException(parser, parser.currentTokenLocation());
        }
        return value;
    }

    /** Content after the end of the JSON document: a second document, or anything but whitespace. */
    public static final class TrailingContentException extends JsonParseException {
        TrailingContentException(JsonParser parser, JsonLocation where) {
            super(parser, "content after the end of the JSON document", where);
        }
    }

    /** Whether Jackson refused a key that an object already holds ({@link StreamReadFeature#STRICT_DUPLICATE_DETECTION}). */
    public static boolean isDuplicateKey(JsonProcessingException e) {
        // Jackson raises a plain JsonParseException for it; its message is the only mark (locked by a test).
        return e instanceof JsonParseException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Duplicate field ");
    }

    /**
     * Where the parser stood when it failed: the keys (String) and array indexes (Integer) from the document's
     * root, the innermost last; empty when unknown.
     */
    public static List<Object> path(JsonProcessingException e) {
        List<Object> path = new ArrayList<>();
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return path;
        }
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                path.add(0, c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                path.add(0, c.getCurrentIndex());
            }
        }
        return path;
    }
}
