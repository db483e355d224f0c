package io.consulfactory.local.teardown;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The day a cluster must go and come back (issue 15), through both state machines as deployed: data written, the
 * cluster torn down (its final snapshot taken first), every server gone, then the cluster made again with
 * {@code "restoreFrom": "latest"}: the data is back, as Consul's model holds it.
 */
@ExtendWith(LocalAwsExtension.class)
class LostAndRestoredTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalStateMachine.Listener QUIET = (s, t, l, r, o) -> { };

    @Test
    void aClusterTornDownAndMadeAgainFromItsLatestSnapshotHasItsDataBack(LocalAws aws) throws Exception {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        LocalStateMachine.Result deployed = workflow.run("first", JSON.readTree("{\"clusterName\":\"dc1\"}"), QUIET);
        assertEquals("SUCCEEDED", deployed.status(), deployed.error() + ": " + deployed.cause());
        aws.consul().kvPut("dc1", "service-catalogue", "kept across the teardown");

        LocalStateMachine.Result gone = LocalWorkflow.teardown(aws).run("teardown",
                JSON.readTree("{\"clusterName\":\"dc1\",\"confirm\":\"dc1\"}"), QUIET);
        assertEquals("SUCCEEDED", gone.status(), gone.error() + ": " + gone.cause());
        assertTrue(aws.ec2().instances().stream().noneMatch(i -> i.state().equals("running")), "every server is gone");
        assertTrue(aws.s3().listKeys(LocalWorkflow.SNAPSHOT_BUCKET, "dc1/").size() >= 1, "the snapshots outlive the cluster");

        List<String> states = new ArrayList<>();
        LocalStateMachine.Result back = workflow.run("again", JSON.readTree("{\"clusterName\":\"dc1\",\"restoreFrom\":\"latest\"}"),
                (s, t, l, r, o) -> states.add(s));
        assertEquals("SUCCEEDED", back.status(), back.error() + ": " + back.cause());
        assertTrue(states.contains("RestoreSnapshot") && states.contains("CheckRestore"), states.toString());
        assertEquals(Optional.of("kept across the teardown"), aws.consul().kvGet("dc1", "service-catalogue"), "the data is back");
        assertEquals(3, aws.consul().cluster("dc1").voters().size());
        assertTrue(back.output().toString().contains("dc1/"), "the output names the snapshot restored: " + back.output());
    }
}
