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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local Consul agent's HTTP API as the boot script reads it, on 127.0.0.1 at an ephemeral port. Each
 * scenario says what the agent sees at each check ({@link View}); a check starts with GET /v1/status/leader,
 * and the other endpoints answer from the same view until the next one. Response shapes follow Consul's API
 * docs (developer.hashicorp.com/consul/api-docs: status, agent, operator/raft, operator/autopilot),
 * including autopilot health's HTTP 429 with a body while the cluster is unhealthy and the 500 that the
 * raft and autopilot endpoints give without a leader.
 *
 * <p>ACLs as Consul enforces them (developer.hashicorp.com/consul/docs/security/acl, api-docs/acl/tokens and
 * api-docs/acl/policies): a request's {@code X-Consul-Token} that is no token gives 403 "ACL not found"; a
 * token's policies grant what their rules say and the rest falls to the default policy (so does a request
 * without a token, the anonymous token); a denial is 403 "Permission denied: token with AccessorID '…' lacks
 * permission '…'"; with ACLs disabled the /v1/acl endpoints answer 401 "ACL support disabled". Each endpoint
 * needs what its API page lists (agent/self agent:read, raft and autopilot operator:read, autopilot's PUT
 * operator:write; members are filtered by node:read). The initial management token may do anything.
 *
 * <p>Security as /v1/agent/self shows it: {@code DebugConfig} is the agent's sanitised RuntimeConfig
 * (hashicorp/consul agent/config/runtime.go: EncryptVerifyIncoming/Outgoing, TLS.InternalRPC.{CertFile,
 * VerifyIncoming, VerifyOutgoing, VerifyServerHostname}, ACLsEnabled, ACLResolverSettings.ACLDefaultPolicy),
 * and serf's stats give {@code Stats.serf_lan.encrypted} as the string "true" or "false".
 *
 * <p>Snapshots as developer.hashicorp.com/consul/api-docs/snapshot has them: {@code GET /v1/snapshot} answers the
 * archive ({@code application/x-gzip}) with its raft index in {@code X-Consul-Index}, {@code PUT /v1/snapshot} restores
 * the body; both need {@code acl:write} (Consul's authorizer checks snapshots against the {@code acl} rule at write)
 * and a leader.
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

    /** A token in Consul's ACL store. */
    record Token(String accessorId, String secretId, String description, List<String> policies, boolean management) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE = Pattern.compile(
            "(\\w+?)(_prefix\\s+\"\"\\s*\\{\\s*policy)?\\s*=\\s*\"(read|write|deny)\"\\s*}?");

    private final HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private IntFunction<View> views = check -> View.healthyFollower(3);
    private View view = View.healthyFollower(3);
    private int checks;
    private int minQuorum;
    private int modifyIndex = 17;
    private int stage;
    private boolean aclsEnabled;
    private String defaultPolicy = "allow";
    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final Map<String, String> policies = new LinkedHashMap<>();
    private int accessors;
    private boolean anotherServerFirst;
    private byte[] snapshot = UserData.gzip("state.bin of a snapshot " + java.util.UUID.randomUUID()); // Consul's are .tar.gz
    private int snapshotIndex = 142;
    private final List<byte[]> restored = new ArrayList<>();

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

    /**
     * The agent runs with the 2-security.json of {@code stage} (0: none): what /v1/agent/self reports, and
     * ACLs enabled from stage 1, denying by default at stage 3.
     */
    synchronized FakeConsul stage(int stage) {
        this.stage = stage;
        aclsEnabled = stage >= 1;
        defaultPolicy = stage >= 3 ? "deny" : "allow";
        return this;
    }

    /** No token and no policy in the ACL store. */
    synchronized FakeConsul resetAcls() {
        tokens.clear();
        policies.clear();
        return this;
    }

    /** The initial management token, as the leader makes it from acl.tokens.initial_management. */
    synchronized FakeConsul managementToken(String secretId) {
        tokens.put(secretId, new Token(nextAccessor(), secretId, "Initial Management Token", List.of(), true));
        return this;
    }

    synchronized FakeConsul policy(String name, String rules) {
        policies.put(name, rules);
        return this;
    }

    synchronized FakeConsul token(String secretId, String description, String... policyNames) {
        tokens.put(secretId, new Token(nextAccessor(), secretId, description, List.of(policyNames), false));
        return this;
    }

    /** Another server makes each token just before this one's PUT lands (the race two first boots can run). */
    synchronized FakeConsul anotherServerMakesTokensFirst() {
        anotherServerFirst = true;
        return this;
    }

    synchronized Map<String, Token> tokens() {
        return Map.copyOf(tokens);
    }

    synchronized Map<String, String> policies() {
        return Map.copyOf(policies);
    }

    /** What GET /v1/snapshot answers from now on. */
    synchronized FakeConsul snapshot(byte[] archive, int index) {
        snapshot = archive.clone();
        snapshotIndex = index;
        return this;
    }

    synchronized byte[] snapshot() {
        return snapshot.clone();
    }

    /** The bodies of every PUT /v1/snapshot that restored. */
    synchronized List<byte[]> restored() {
        return List.copyOf(restored);
    }

    private String nextAccessor() {
        return String.format("00000000-0000-4000-8000-%012d", ++accessors);
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
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String body = new String(bytes, StandardCharsets.UTF_8);
        String secret = exchange.getRequestHeaders().getFirst("X-Consul-Token");
        boolean archive = path.equals("/v1/snapshot");
        requests.add(method + " " + path + (query == null ? "" : "?" + query) + (method.equals("PUT") && !archive ? " " + body : ""));
        boolean noLeader = view.leader().isEmpty();
        if (path.startsWith("/v1/acl/")) {
            acl(exchange, method, path, secret, body);
            return;
        }
        if (aclsEnabled && secret != null && !tokens.containsKey(secret) && !path.equals("/v1/status/leader")) {
            sendText(exchange, 403, "ACL not found");
            return;
        }
        String needed = switch (method + " " + path) {
            case "GET /v1/agent/self" -> "agent:read";
            case "GET /v1/operator/raft/configuration", "GET /v1/operator/autopilot/health",
                 "GET /v1/operator/autopilot/configuration" -> "operator:read";
            case "PUT /v1/operator/autopilot/configuration" -> "operator:write";
            case "GET /v1/snapshot", "PUT /v1/snapshot" -> "acl:write";
            default -> null;
        };
        if (needed != null && !allows(secret, needed)) {
            denied(exchange, secret, needed);
            return;
        }
        switch (method + " " + path) {
            case "GET /v1/status/leader" -> {
                view = views.apply(++checks);
                send(exchange, 200, JSON.valueToTree(view.leader()));
            }
            case "GET /v1/agent/self" -> send(exchange, 200, self());
            case "GET /v1/agent/members" -> send(exchange, 200, allows(secret, "node:read") ? members() : JSON.createArrayNode());
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
            case "GET /v1/snapshot" -> {
                if (noLeader) {
                    sendText(exchange, 500, "No cluster leader");
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "application/x-gzip");
                    exchange.getResponseHeaders().set("X-Consul-Index", String.valueOf(snapshotIndex));
                    reply(exchange, 200, snapshot);
                }
            }
            case "PUT /v1/snapshot" -> {
                if (noLeader) {
                    sendText(exchange, 500, "No cluster leader");
                } else {
                    restored.add(bytes);
                    reply(exchange, 200, new byte[0]);
                }
            }
            default -> sendText(exchange, 404, "unknown endpoint");
        }
    }

    /** Whether the token (null: anonymous) may {@code permission} ("operator:read", "node:write", ...). */
    private boolean allows(String secret, String permission) {
        if (!aclsEnabled) {
            return true;
        }
        Token token = secret == null ? null : tokens.get(secret);
        if (token != null && token.management()) {
            return true;
        }
        String resource = permission.substring(0, permission.indexOf(':'));
        boolean write = permission.endsWith(":write");
        String granted = null;
        for (String name : token == null ? List.<String>of() : token.policies()) {
            Matcher m = RULE.matcher(policies.getOrDefault(name, ""));
            while (m.find()) {
                if (m.group(1).equals(resource)) {
                    granted = m.group(3).equals("deny") || granted == null || granted.equals("read") ? m.group(3) : granted;
                }
            }
        }
        if (granted != null) {
            return granted.equals("write") || granted.equals("read") && !write;
        }
        return defaultPolicy.equals("allow");
    }

    private void denied(HttpExchange exchange, String secret, String permission) throws IOException {
        Token token = secret == null ? null : tokens.get(secret);
        String accessor = token == null ? "00000000-0000-0000-0000-000000000002" : token.accessorId(); // the anonymous token
        sendText(exchange, 403, "Permission denied: token with AccessorID '" + accessor + "' lacks permission '" + permission + "'");
    }

    /** /v1/acl/token/self, /v1/acl/policy/name/:name and the PUTs that create a policy and a token. */
    private void acl(HttpExchange exchange, String method, String path, String secret, String body) throws IOException {
        if (!aclsEnabled) {
            sendText(exchange, 401, "ACL support disabled");
            return;
        }
        if (secret != null && !tokens.containsKey(secret)) {
            sendText(exchange, 403, "ACL not found");
            return;
        }
        if (method.equals("GET") && path.equals("/v1/acl/token/self")) {
            Token token = tokens.get(secret);
            if (token == null) {
                sendText(exchange, 403, "ACL not found");
            } else {
                send(exchange, 200, tokenJson(token));
            }
            return;
        }
        boolean write = method.equals("PUT");
        if (!allows(secret, write ? "acl:write" : "acl:read")) {
            denied(exchange, secret, write ? "acl:write" : "acl:read");
            return;
        }
        if (method.equals("GET") && path.startsWith("/v1/acl/policy/name/")) {
            String name = path.substring("/v1/acl/policy/name/".length());
            if (policies.containsKey(name)) {
                send(exchange, 200, JSON.createObjectNode().put("ID", "policy-" + name).put("Name", name).put("Rules", policies.get(name)));
            } else {
                sendText(exchange, 404, "Requested policy does not exist");
            }
        } else if (write && path.equals("/v1/acl/policy")) {
            JsonNode policy = JSON.readTree(body);
            String name = policy.path("Name").asText();
            if (policies.containsKey(name)) {
                sendText(exchange, 500, "Invalid Policy: A Policy with Name \"" + name + "\" already exists");
                return;
            }
            policies.put(name, policy.path("Rules").asText());
            send(exchange, 200, JSON.createObjectNode().put("ID", "policy-" + name).put("Name", name).put("Rules", policies.get(name)));
        } else if (write && path.equals("/v1/acl/token")) {
            JsonNode request = JSON.readTree(body);
            String secretId = request.path("SecretID").asText();
            if (anotherServerFirst && !tokens.containsKey(secretId)) {
                List<String> same = new ArrayList<>();
                request.path("Policies").forEach(link -> same.add(link.path("Name").asText()));
                tokens.put(secretId, new Token(nextAccessor(), secretId, "made by another server", same, false));
            }
            if (tokens.containsKey(secretId)) {
                sendText(exchange, 500, "Invalid Token: SecretID is already in use");
                return;
            }
            List<String> names = new ArrayList<>();
            for (JsonNode link : request.path("Policies")) {
                if (!policies.containsKey(link.path("Name").asText())) {
                    sendText(exchange, 500, "Invalid Policy: A Policy with Name \"" + link.path("Name").asText() + "\" does not exist");
                    return;
                }
                names.add(link.path("Name").asText());
            }
            Token token = new Token(nextAccessor(), secretId, request.path("Description").asText(), names, false);
            tokens.put(secretId, token);
            send(exchange, 200, tokenJson(token));
        } else {
            sendText(exchange, 404, "unknown endpoint");
        }
    }

    private static JsonNode tokenJson(Token token) {
        ObjectNode json = JSON.createObjectNode().put("AccessorID", token.accessorId()).put("SecretID", token.secretId())
                .put("Description", token.description()).put("Local", false);
        ArrayNode links = json.putArray("Policies");
        if (token.management()) {
            links.addObject().put("ID", "00000000-0000-0000-0000-000000000001").put("Name", "global-management");
        }
        token.policies().forEach(name -> links.addObject().put("ID", "policy-" + name).put("Name", name));
        return json;
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
        ObjectNode debug = self.putObject("DebugConfig").put("EncryptVerifyIncoming", stage >= 3).put("EncryptVerifyOutgoing", stage >= 2)
                .put("ACLsEnabled", aclsEnabled);
        debug.putObject("ACLResolverSettings").put("ACLsEnabled", aclsEnabled).put("ACLDefaultPolicy", defaultPolicy)
                .put("ACLDownPolicy", "extend-cache");
        ObjectNode rpc = debug.putObject("TLS").putObject("InternalRPC").put("CertFile", stage >= 1 ? "/opt/consul/tls/server.pem" : "")
                .put("KeyFile", stage >= 1 ? "hidden" : "").put("VerifyIncoming", stage >= 3).put("VerifyOutgoing", stage >= 2)
                .put("VerifyServerHostname", stage >= 2);
        rpc.put("CAFile", stage >= 1 ? "/opt/consul/tls/ca.pem" : "");
        ObjectNode stats = self.putObject("Stats");
        stats.putObject("serf_lan").put("encrypted", String.valueOf(stage >= 1)).put("members", String.valueOf(view.lanMembers()));
        stats.putObject("agent").put("check_monitors", "0");
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
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
