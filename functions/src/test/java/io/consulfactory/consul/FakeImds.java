package io.consulfactory.consul;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The instance metadata service in IMDSv2-only mode (the launch template's HttpTokens=required), on 127.0.0.1:
 * PUT /latest/api/token with a TTL header gives a token that every GET must carry (else 401, as EC2 answers);
 * /latest/meta-data/<path> answers from files under a directory: a file with its content, a directory with
 * its entries one a line, anything else 404
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html).
 */
final class FakeImds implements AutoCloseable {

    static final String TOKEN = "TOKEN-42";

    private final HttpServer server;
    private final Path root;
    private final List<String> requests = new ArrayList<>();
    private int tokenFailures;
    private int tokenRequests;

    FakeImds(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Refuses the first {@code failures} token requests from now on (the service is slow or gone). */
    synchronized void failingFirst(int failures) {
        tokenFailures = failures;
        tokenRequests = 0;
    }

    /** "METHOD /path" of every request. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(method + " " + path);
        exchange.getRequestBody().readAllBytes();
        if (method.equals("PUT") && path.equals("/latest/api/token")) {
            if (++tokenRequests <= tokenFailures) {
                reply(exchange, 503, "Service Unavailable");
            } else if (exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds") == null) {
                reply(exchange, 400, "Bad Request");
            } else {
                reply(exchange, 200, TOKEN);
            }
            return;
        }
        if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
            reply(exchange, 401, "Unauthorized");
            return;
        }
        String prefix = "/latest/meta-data/";
        Path file = path.startsWith(prefix) ? root.resolve(path.substring(prefix.length())).normalize() : null;
        if (file == null || !file.startsWith(root)) {
            reply(exchange, 404, "Not Found");
        } else if (Files.isDirectory(file)) {
            try (Stream<Path> entries = Files.list(file)) {
                reply(exchange, 200, String.join("\n", entries.map(p -> p.getFileName().toString()).sorted().toList()));
            }
        } else if (Files.isRegularFile(file)) {
            reply(exchange, 200, Files.readString(file));
        } else {
            reply(exchange, 404, "Not Found");
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
