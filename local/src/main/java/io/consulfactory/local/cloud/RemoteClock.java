package io.consulfactory.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The clock of a local AWS in another process, through its control endpoint ({@link ControlApi}): now is its
 * now, and a wait moves it forward, so a workflow run from here waits on it as on its own {@link LocalClock}.
 * Simplification: one runner at a time (a wait simply moves the clock, as {@link LocalClock#sleep} does with no
 * one else taking part).
 */
public final class RemoteClock implements TimeSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param endpoint the local AWS's endpoint, {@code http://127.0.0.1:4566} */
    public RemoteClock(URI endpoint) {
        this.clock = endpoint.resolve(ControlApi.PREFIX + "clock");
    }

    @Override
    public Instant now() {
        return call(HttpRequest.newBuilder(clock).GET());
    }

    @Override
    public void sleep(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a sleep cannot be negative: " + duration);
        }
        post(Map.of("advanceSeconds", duration.toNanos() / 1e9));
    }

    @Override
    public void sleepUntil(Instant until) {
        post(Map.of("advanceTo", until.toString()));
    }

    private void post(Map<String, Object> body) {
        try {
            call(HttpRequest.newBuilder(clock).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            if (body == null || !body.has("now")) {
                throw new IllegalStateException(clock + " answered " + response.statusCode() + " " + response.body()
                        + ": not the clock of a local AWS (LocalAwsMain)");
            }
            return Instant.parse(body.get("now").asText());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the local AWS's clock at " + clock + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + clock, e);
        }
    }
}
