package io.consulfactory.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.bake.ImageStatus;
import io.consulfactory.bake.InstallStatus;
import io.consulfactory.cluster.ClusterStatus;
import io.consulfactory.cluster.ConsulView;
import io.consulfactory.snapshot.SnapshotStatus;
import io.consulfactory.teardown.Removal;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poll results' JSON is what it was when each record declared its own status strings: every golden value below
 * is what the old records (status a {@code String}, built by their positional constructors) wrote through
 * {@link Json#MAPPER} the way {@link JsonHandler} writes a result. The state machine chooses on that JSON and hands it
 * back to the next check ({@code $.install}, {@code $.imageStatus}, {@code $.cluster}, {@code $.snapshot},
 * {@code $.restore}, {@code $.serverGroup}, {@code $.securityGroups}), so the new records must write it byte for
 * byte and read it back into an equal value.
 */
class PollStateJsonTest {

    private static final ConsulView VIEW = new ConsulView("10.0.1.10:8300", "i-0aaa", 3,
            List.of("consul-i-0aaa", "consul-i-0bbb", "consul-i-0ccc"), 1, 3, "verified", "verified", "deny");
    private static final String VIEW_JSON = "{\"leader\":\"10.0.1.10:8300\",\"leaderInstanceId\":\"i-0aaa\",\"voters\":3,"
            + "\"servers\":[\"consul-i-0aaa\",\"consul-i-0bbb\",\"consul-i-0ccc\"],\"failureTolerance\":1,\"minQuorum\":3,"
            + "\"gossip\":\"verified\",\"tls\":\"verified\",\"acl\":\"deny\"}";

    private record Golden(String name, Object value, String json) {
    }

    private static List<Golden> goldens() {
        Map<String, List<String>> removed = new LinkedHashMap<>();
        removed.put("autoScalingGroups", List.of("consul-dc1"));
        removed.put("lifecycleHooks", List.of());
        Map<String, List<String>> gone = new LinkedHashMap<>();
        gone.put("autoScalingGroups", List.of());
        gone.put("lifecycleHooks", List.of("consul-dc1-launching"));
        String removals = "\"removed\":{\"autoScalingGroups\":[\"consul-dc1\"],\"lifecycleHooks\":[]},"
                + "\"alreadyGone\":{\"autoScalingGroups\":[],\"lifecycleHooks\":[\"consul-dc1-launching\"]}";
        SnapshotStatus requested = SnapshotStatus.requested("snap-1", "asked 3 servers");
        SnapshotStatus waiting = requested.pending("no answer yet");
        return List.of(
                new Golden("InstallStatus.first", InstallStatus.first(),
                        "{\"status\":\"PENDING\",\"reason\":\"not checked yet\",\"instanceState\":\"unknown\",\"checks\":0,"
                                + "\"quietChecks\":0,\"nextCheckSeconds\":0}"),
                new Golden("InstallStatus.pending", InstallStatus.pending("booting", "pending", 2, 0, 15),
                        "{\"status\":\"PENDING\",\"reason\":\"booting\",\"instanceState\":\"pending\",\"checks\":2,"
                                + "\"quietChecks\":0,\"nextCheckSeconds\":15}"),
                new Golden("InstallStatus.ready", InstallStatus.ready("Consul 1.21.0 installed; builder stopped", "stopped", 7, 1),
                        "{\"status\":\"READY\",\"reason\":\"Consul 1.21.0 installed; builder stopped\",\"instanceState\":\"stopped\","
                                + "\"checks\":7,\"quietChecks\":1,\"nextCheckSeconds\":0}"),
                new Golden("InstallStatus.failed", InstallStatus.failed("the bake script failed on i-0abc: gpg", "stopped", 5, 0),
                        "{\"status\":\"FAILED\",\"reason\":\"the bake script failed on i-0abc: gpg\",\"instanceState\":\"stopped\","
                                + "\"checks\":5,\"quietChecks\":0,\"nextCheckSeconds\":0}"),
                new Golden("ImageStatus.pending", ImageStatus.pending("image ami-0abc is being made", "pending", 3, 15),
                        "{\"status\":\"PENDING\",\"reason\":\"image ami-0abc is being made\",\"imageState\":\"pending\",\"checks\":3,"
                                + "\"nextCheckSeconds\":15}"),
                new Golden("ImageStatus.ready", ImageStatus.ready("image ami-0abc is available", "available", 4),
                        "{\"status\":\"READY\",\"reason\":\"image ami-0abc is available\",\"imageState\":\"available\",\"checks\":4,"
                                + "\"nextCheckSeconds\":0}"),
                new Golden("ImageStatus.failed", ImageStatus.failed("image ami-0abc is failed: boom", "failed", 2),
                        "{\"status\":\"FAILED\",\"reason\":\"image ami-0abc is failed: boom\",\"imageState\":\"failed\",\"checks\":2,"
                                + "\"nextCheckSeconds\":0}"),
                new Golden("ClusterStatus.pending", ClusterStatus.pending("waiting for 1 server", 2, "InProgress", 3, 30, VIEW),
                        "{\"status\":\"PENDING\",\"reason\":\"waiting for 1 server\",\"inService\":2,\"refreshStatus\":\"InProgress\","
                                + "\"checks\":3,\"nextCheckSeconds\":30,\"consul\":" + VIEW_JSON + ",\"failedInstanceId\":null,"
                                + "\"nextSecurityStage\":null}"),
                new Golden("ClusterStatus.ready", ClusterStatus.ready("3 servers in service", 3, "Successful", 5, VIEW, 2),
                        "{\"status\":\"READY\",\"reason\":\"3 servers in service\",\"inService\":3,\"refreshStatus\":\"Successful\","
                                + "\"checks\":5,\"nextCheckSeconds\":0,\"consul\":" + VIEW_JSON + ",\"failedInstanceId\":null,"
                                + "\"nextSecurityStage\":2}"),
                new Golden("ClusterStatus.failed", ClusterStatus.failed("no group", 0, null, 1, null),
                        "{\"status\":\"FAILED\",\"reason\":\"no group\",\"inService\":0,\"refreshStatus\":null,\"checks\":1,"
                                + "\"nextCheckSeconds\":0,\"consul\":null,\"failedInstanceId\":null,\"nextSecurityStage\":null}"),
                new Golden("ClusterStatus.serverFailed",
                        ClusterStatus.serverFailed("i-0def", "server i-0def could not join", 2, "InProgress", 4, VIEW),
                        "{\"status\":\"FAILED\",\"reason\":\"server i-0def could not join\",\"inService\":2,"
                                + "\"refreshStatus\":\"InProgress\",\"checks\":4,\"nextCheckSeconds\":0,\"consul\":" + VIEW_JSON
                                + ",\"failedInstanceId\":\"i-0def\",\"nextSecurityStage\":null}"),
                new Golden("SnapshotStatus.requested", requested,
                        "{\"status\":\"PENDING\",\"requestId\":\"snap-1\",\"key\":null,\"reason\":\"asked 3 servers\",\"checks\":0,"
                                + "\"nextCheckSeconds\":45}"),
                new Golden("SnapshotStatus.pending", waiting,
                        "{\"status\":\"PENDING\",\"requestId\":\"snap-1\",\"key\":null,\"reason\":\"no answer yet\",\"checks\":1,"
                                + "\"nextCheckSeconds\":15}"),
                new Golden("SnapshotStatus.ready", waiting.ready("dc1/20260101T000000Z-42.snap"),
                        "{\"status\":\"READY\",\"requestId\":\"snap-1\",\"key\":\"dc1/20260101T000000Z-42.snap\",\"reason\":null,"
                                + "\"checks\":2,\"nextCheckSeconds\":0}"),
                new Golden("SnapshotStatus.failed", waiting.failed("the leader said no"),
                        "{\"status\":\"FAILED\",\"requestId\":\"snap-1\",\"key\":null,\"reason\":\"the leader said no\",\"checks\":2,"
                                + "\"nextCheckSeconds\":0}"),
                new Golden("SnapshotStatus.failedAtOnce", SnapshotStatus.failedAtOnce("snap-1", "no server in service"),
                        "{\"status\":\"FAILED\",\"requestId\":\"snap-1\",\"key\":null,\"reason\":\"no server in service\",\"checks\":0,"
                                + "\"nextCheckSeconds\":0}"),
                new Golden("Removal.done", Removal.done(removed, gone, 2),
                        "{\"status\":\"DONE\"," + removals + ",\"checks\":2,\"nextCheckSeconds\":0,\"waitingFor\":null}"),
                new Golden("Removal.pending", Removal.pending(removed, gone, 1, 20, "servers leaving"),
                        "{\"status\":\"PENDING\"," + removals + ",\"checks\":1,\"nextCheckSeconds\":20,"
                                + "\"waitingFor\":\"servers leaving\"}"));
    }

    @TestFactory
    Stream<DynamicTest> everyPollResultWritesTheJsonItAlwaysWrote() {
        return goldens().stream().map(g -> DynamicTest.dynamicTest(g.name(), () -> {
            JsonNode tree = Json.MAPPER.valueToTree(g.value()); // as JsonHandler writes a result
            assertEquals(g.json(), Json.MAPPER.writeValueAsString(tree));
        }));
    }

    @TestFactory
    Stream<DynamicTest> theNextCheckReadsTheOldJsonBack() {
        return goldens().stream().map(g -> DynamicTest.dynamicTest(g.name(), () -> {
            Object read = Json.readDocument(Json.EVENTS.forType(g.value().getClass()), g.json());
            assertEquals(g.value(), read);
        }));
    }

    @Test
    void everyStateIsWrittenAsItsName() throws IOException {
        for (PollState state : PollState.values()) {
            assertEquals("\"" + state.name() + "\"", Json.MAPPER.writeValueAsString(state));
            assertEquals(state, Json.MAPPER.readValue("\"" + state.name() + "\"", PollState.class));
        }
        Set<String> written = goldens().stream().map(g -> Json.MAPPER.valueToTree(g.value()).path("status").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Arrays.stream(PollState.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new)), written,
                "the goldens cover every state");
    }

    /** What the Choice states compare a step's {@code status} with is a state's name: a typo there would loop forever. */
    @Test
    void theStateMachinesChooseOnStateNames() throws IOException {
        Set<String> names = Arrays.stream(PollState.values()).map(Enum::name).collect(Collectors.toSet());
        List<String> compared = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "statemachine"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".asl.json")).sorted().toList()) {
                collectStatusComparisons(Json.MAPPER.readTree(file.toFile()), compared);
            }
        }
        assertFalse(compared.isEmpty(), "no Choice on a status found");
        for (String value : compared) {
            assertTrue(names.contains(value), value + " is no PollState");
        }
    }

    private static void collectStatusComparisons(JsonNode node, List<String> into) {
        if (node.isObject() && node.path("Variable").asText().endsWith(".status") && node.has("StringEquals")) {
            into.add(node.get("StringEquals").asText());
        }
        node.forEach(child -> collectStatusComparisons(child, into));
    }
}
