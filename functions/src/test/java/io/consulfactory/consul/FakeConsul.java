package io.consulfactory.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The local Consul agent's HTTP API as the boot script reads it, on 127.0.0.1 at an ephemeral port. Each
 * scenario says what the agent sees at each check ({@link View}); a check starts with GET /v1/status/leader,
 * and the other endpoints answer from the same view until the next one. Response shapes follow Consul's API
 * docs (developer.hashicorp.com/consul/api-docs: status, agent, operator/raft, operator/autopilot),
 * including autopilot health's HTTP 429 with a body while the cluster is unhealthy and the 500 that the
 * raft and autopilot endpoints give without a leader.
 */
final class FakeConsul implements AutoCloseable {

    static final String NODE_ID = "2d7e4a1c-9b3f-4c5e-8a61-0f5b7c9d1e23";
    static final String LEADER = "10.0.2.10:8300";
    static final String OWN_ADDRESS = "10.0.2.37:8300";

    /** What the agent sees at one check. */
    record View(String leader, int voters, boolean voter, boolean leading, boolean serverHealthy, boolean clusterHealthy,
                int failureTolerance, int lanMembers) {

        /** A healthy cluster of {@code servers} voters, this server one of them but not the leader. */
        static View healthyFollower(int servers) {
            return new View(LEADER, servers, true, false, true, true, (servers - 1) / 2, servers);
        }

        View asLeader() {
            return new View(OWN_ADDRESS, voters, voter, true, serverHealthy, clusterHealthy, failureTolerance, lanMembers);
        }

        /** Alone or in a minority: no raft leader, {@code members} alive LAN members. */
        View withoutLeader(int members) {
            return new View("", 0, false, false, false, false, 0, members);
        }

        /** Joined raft, not promoted yet (autopilot's server stabilisation time). */
        View nonVoter() {
            return new View(leader, voters - 1, false, false, serverHealthy, clusterHealthy, failureTolerance, lanMembers);
        }

        View serverUnhealthy() {
            return new View(leader, voters, voter, leading, false, false, failureTolerance, lanMembers);
        }

        View clusterUnhealthy() {
            return new View(leader, voters, voter, leading, serverHealthy, false, failureTolerance, lanMembers);
        }

        View failureTolerance(int tolerance) {
            return new View(leader, voters, voter, leading, serverHealthy, clusterHealthy, tolerance, lanMembers);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private IntFunction<View> views = check -> View.healthyFollower(3);
    private View view = View.healthyFollower(3);
    private int checks;
    private int minQuorum;
    private int modifyIndex = 17;

    FakeConsul() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What the agent sees at check 1, 2, ... */
    synchronized FakeConsul answering(IntFunction<View> byCheck) {
        views = byCheck;
        return this;
    }

    synchronized FakeConsul answering(View always) {
        return answering(check -> always);
    }

    synchronized FakeConsul minQuorum(int value) {
        minQuorum = value;
        return this;
    }

    synchronized int minQuorum() {
        return minQuorum;
    }

    synchronized int modifyIndex() {
        return modifyIndex;
    }

    /** Checks begun so far (GETs of /v1/status/leader). */
    synchronized int checks() {
        return checks;
    }

    /** "METHOD /path?query" and, for a PUT, " " + its body. */
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
        String query = exchange.getRequestURI().getQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(method + " " + path + (query == null ? "" : "?" + query) + (method.equals("PUT") ? " " + body : ""));
        boolean noLeader = view.leader().isEmpty();
        switch (method + " " + path) {
            case "GET /v1/status/leader" -> {
                view = views.apply(++checks);
                send(exchange, 200, JSON.valueToTree(view.leader()));
            }
            case "GET /v1/agent/self" -> send(exchange, 200, self());
            case "GET /v1/agent/members" -> send(exchange, 200, members());
            case "GET /v1/operator/raft/configuration" -> {
                if (noLeader) {
                    sendText(exchange, 500, "No cluster leader");
                } else {
                    send(exchange, 200, raft());
                }
            }
            case "GET /v1/operator/autopilot/health" -> {
                if (noLeader) {
                    sendText(exchange, 500, "No cluster leader");
                } else {
                    send(exchange, view.clusterHealthy() ? 200 : 429, health());
                }
            }
            case "GET /v1/operator/autopilot/configuration" -> send(exchange, 200, autopilot());
            case "PUT /v1/operator/autopilot/configuration" -> send(exchange, 200, JSON.valueToTree(casUpdate(query, body)));
            default -> sendText(exchange, 404, "unknown endpoint");
        }
    }

    private boolean casUpdate(String query, String body) throws IOException {
        if (query == null || !query.equals("cas=" + modifyIndex)) {
            return false;
        }
        minQuorum = JSON.readTree(body).path("MinQuorum").asInt();
        modifyIndex++;
        return true;
    }

    private JsonNode self() {
        ObjectNode self = JSON.createObjectNode();
        self.putObject("Config").put("Datacenter", "eu-prod").put("NodeID", NODE_ID)
                .put("NodeName", "consul-0abc123def4567890").put("Server", true);
        self.putObject("Member").put("Name", "consul-0abc123def4567890").put("Addr", "10.0.2.37").put("Status", 1);
        return self;
    }

    private JsonNode members() {
        ArrayNode members = JSON.createArrayNode();
        for (int i = 0; i < view.lanMembers(); i++) {
            members.addObject().put("Name", i == 0 ? "consul-0abc123def4567890" : "consul-peer" + i)
                    .put("Addr", "10.0.2." + (37 + i)).put("Port", 8301).put("Status", 1)
                    .putObject("Tags").put("role", "consul");
        }
        // A replaced server that failed: not one of the LAN members the script counts.
        members.addObject().put("Name", "consul-0dead").put("Addr", "10.0.2.99").put("Port", 8301).put("Status", 4);
        return members;
    }

    private JsonNode raft() {
        ObjectNode raft = JSON.createObjectNode().put("Index", 142);
        ArrayNode servers = raft.putArray("Servers");
        servers.addObject().put("ID", NODE_ID).put("Node", "consul-0abc123def4567890").put("Address", OWN_ADDRESS)
                .put("Leader", view.leading()).put("Voter", view.voter()).put("ProtocolVersion", "3");
        int others = view.voters() - (view.voter() ? 1 : 0);
        for (int i = 1; i <= others; i++) {
            servers.addObject().put("ID", "peer-" + i).put("Node", "consul-peer" + i).put("Address", "10.0.2." + (9 + i) + ":8300")
                    .put("Leader", !view.leading() && i == 1).put("Voter", true).put("ProtocolVersion", "3");
        }
        return raft;
    }

    private JsonNode health() {
        ObjectNode health = JSON.createObjectNode().put("Healthy", view.clusterHealthy())
                .put("FailureTolerance", view.failureTolerance());
        ArrayNode servers = health.putArray("Servers");
        servers.addObject().put("ID", NODE_ID).put("Name", "consul-0abc123def4567890").put("Address", OWN_ADDRESS)
                .put("SerfStatus", "alive").put("Version", "1.20.2").put("Leader", view.leading())
                .put("LastContact", "0s").put("LastTerm", 3).put("LastIndex", 142).put("Healthy", view.serverHealthy())
                .put("Voter", view.voter()).put("StableSince", "2026-01-05T09:02:40Z");
        int others = view.voters() - (view.voter() ? 1 : 0);
        for (int i = 1; i <= others; i++) {
            servers.addObject().put("ID", "peer-" + i).put("Name", "consul-peer" + i).put("Address", "10.0.2." + (9 + i) + ":8300")
                    .put("SerfStatus", "alive").put("Leader", !view.leading() && i == 1).put("Healthy", true).put("Voter", true);
        }
        return health;
    }

    private JsonNode autopilot() {
        return JSON.createObjectNode().put("CleanupDeadServers", true).put("LastContactThreshold", "200ms")
                .put("MaxTrailingLogs", 250).put("MinQuorum", minQuorum).put("ServerStabilizationTime", "10s")
                .put("RedundancyZoneTag", "").put("DisableUpgradeMigration", false).put("UpgradeVersionTag", "")
                .put("CreateIndex", 5).put("ModifyIndex", modifyIndex);
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply(exchange, status, JSON.writeValueAsBytes(body));
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        reply(exchange, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
