package io.consulfactory.local.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.InstanceView;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.consul.ClusterView;
import io.consulfactory.local.statemachine.LocalStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two clusters deployed with the defaults into one VPC never find each other (issue 14): each has its own join tag
 * (consul-cluster=<name>), its own gossip key and CA, and Consul's own view shows each with its three servers only.
 */
@ExtendWith(LocalAwsExtension.class)
class TwoClustersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoClustersWithTheDefaultsInOneVpcStayTwoClusters(LocalAws aws) throws Exception {
        Network network = aws.ec2().seedDefaultNetwork();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        for (String cluster : List.of("blue", "green")) {
            LocalStateMachine.Result result = workflow.run(cluster, JSON.readTree("{\"clusterName\":\"" + cluster + "\"}"),
                    (s, t, l, r, o) -> { });
            assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
            assertEquals(3, result.output().at("/cluster/consul/voters").asInt(), cluster + " as its servers report it");
        }

        Set<String> seen = new HashSet<>();
        for (String cluster : List.of("blue", "green")) {
            ClusterView view = aws.consul().cluster(cluster);
            assertTrue(view.hasLeader(), cluster);
            assertEquals(3, view.voters().size(), cluster + ": " + view.voters());
            List<String> servers = aws.ec2().instances().stream()
                    .filter(i -> i.state().equals("running") && cluster.equals(i.tags().get("consul-cluster"))
                            && "server".equals(i.tags().get("role")))
                    .map(InstanceView::instanceId).toList();
            assertEquals(3, servers.size());
            for (ClusterView.RaftPeer peer : view.raftPeers()) {
                assertTrue(servers.contains(peer.instanceId()), cluster + "'s raft peers are its own servers: " + peer);
                assertTrue(seen.add(peer.instanceId()), "no server is a peer of both clusters: " + peer);
            }
            for (String id : servers) {
                InstanceView server = aws.ec2().instances().stream().filter(i -> i.instanceId().equals(id)).findFirst().orElseThrow();
                assertEquals(cluster, server.tags().get("consul-cluster"), "the join tag is the cluster's own");
                assertTrue(!server.tags().containsKey("service"), "no shared join tag");
            }
        }
        assertEquals(6, seen.size());
    }
}
