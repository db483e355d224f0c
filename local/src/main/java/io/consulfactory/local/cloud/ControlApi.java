package io.consulfactory.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The local AWS's own endpoint, beside the AWS protocols: what a workflow runner in another process needs to share
 * this AWS's clock ({@link RemoteClock}). Not AWS: no SigV4, JSON in and out, under {@link #PREFIX} (as LocalStack
 * keeps its own under {@code /_localstack/}).
 * <ul>
 *   <li>{@code GET /_localaws/clock}: {@code {"now":"2026-01-05T09:00:00Z"}}</li>
 *   <li>{@code POST /_localaws/clock} with {@code {"advanceSeconds":90}} (a fraction allowed) or
 *       {@code {"advanceTo":"<instant>"}}: moves the clock forward (never back) and answers the new now</li>
 * </ul>
 */
final class ControlApi {

    static final String PREFIX = "/_localaws/";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status and JSON body. */
    record Answer(int status, String body) {
    }

    private final LocalClock clock;

    ControlApi(LocalClock clock) {
        this.clock = clock;
    }

    Answer handle(String method, String path, byte[] body) {
        try {
            if (!path.equals(PREFIX + "clock")) {
                return error(404, "no such control resource: " + path);
            }
            if (method.equals("GET")) {
                return now();
            }
            if (!method.equals("POST")) {
                return error(405, "GET or POST");
            }
            JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            if (request.has("advanceSeconds")) {
                double seconds = request.get("advanceSeconds").asDouble();
                if (!(seconds >= 0)) {
                    return error(400, "advanceSeconds must be 0 or more");
                }
                clock.advance(Duration.ofNanos((long) (seconds * 1e9)));
            } else if (request.has("advanceTo")) {
                Instant to = Instant.parse(request.get("advanceTo").asText());
                Instant now = clock.now();
                if (to.isAfter(now)) {
                    clock.advance(Duration.between(now, to));
                }
            } else {
                return error(400, "expected advanceSeconds or advanceTo");
            }
            return now();
        } catch (java.io.IOException | DateTimeParseException e) {
            return error(400, "bad request: " + e.getMessage());
        }
    }

    private Answer now() {
        return json(200, Map.of("now", clock.now().toString()));
    }

    private static Answer error(int status, String message) {
        return json(status, Map.of("message", message));
    }

    private static Answer json(int status, Object value) {
        try {
            return new Answer(status, JSON.writeValueAsString(value));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
