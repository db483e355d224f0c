package io.consulfactory.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.bake.Image;
import io.consulfactory.cluster.ClusterRecord;
import io.consulfactory.cluster.ClusterStatus;
import io.consulfactory.cluster.Deployment;
import io.consulfactory.cluster.SecurityStages;
import io.consulfactory.lambda.PollState;
import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.StepByStep;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.consul.ClusterView;
import io.consulfactory.local.statemachine.LocalStateMachine;
import io.consulfactory.resources.SupportingResources;
import io.consulfactory.spec.ClusterSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster made by an earlier release (no gossip key, no TLS, no ACLs, the shared join tag service=consul-server)
 * becomes secure by one execution in HashiCorp's staged way without losing quorum or data, asserted on the local
 * Consul model; the same change rolled naively (straight to the final stage) is caught by the join gate.
 */
@ExtendWith(LocalAwsExtension.class)
class SecureUpgradeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "consul-dc1";

    private LocalAws aws;
    private Network network;
    private StepByStep steps;

    @BeforeEach
    void seed(LocalAws aws) {
        this.aws = aws;
        this.network = aws.ec2().seedDefaultNetwork();
        this.steps = new StepByStep(aws, network);
    }

    /** What an earlier release ran: its boot script had no security settings, so its servers run without any. */
    private record Insecure(ClusterSpec spec, SupportingResources resources, Image image, LaunchTemplate template) {
    }

    private Insecure insecureCluster() {
        LocalWorkflow.snapshotBucket(aws);
        ClusterSpec spec = steps.spec(",\"joinTag\":{\"key\":\"service\",\"value\":\"consul-server\"}");
        SupportingResources resources = steps.resources(spec);
        Image image = steps.bake(spec, resources, "earlier-release");
        LaunchTemplate secure = steps.publish(spec, resources, image);
        String boot = new String(Base64.getDecoder().decode(AwsClients.ec2().describeLaunchTemplateVersions(r -> r
                .launchTemplateId(secure.launchTemplateId()).versions(String.valueOf(secure.version())))
                .launchTemplateVersions().get(0).launchTemplateData().userData()), StandardCharsets.UTF_8);
        String earlier = StepByStep.earlierRelease(boot);
        assertTrue(earlier.length() < boot.length(), "the earlier boot script has no security settings");
        long version = AwsClients.ec2().createLaunchTemplateVersion(r -> r.launchTemplateId(secure.launchTemplateId())
                .sourceVersion(String.valueOf(secure.version()))
                .launchTemplateData(d -> d.userData(Base64.getEncoder().encodeToString(earlier.getBytes(StandardCharsets.UTF_8)))))
                .launchTemplateVersion().versionNumber();
        AwsClients.ec2().modifyLaunchTemplate(r -> r.launchTemplateId(secure.launchTemplateId()).defaultVersion(String.valueOf(version)));
        LaunchTemplate template = new LaunchTemplate(secure.launchTemplateId(), secure.launchTemplateName(), version,
                image.imageId(), SecurityStages.INSECURE);
        Deployment deployment = steps.deploy(spec, template);
        ClusterStatus status = steps.waitForCluster(spec, template, deployment, a -> { });
        assertEquals(PollState.READY, status.status(), status.reason());
        assertEquals("off", status.consul().gossip());
        assertEquals("off", status.consul().acl());
        new ClusterRecord(AwsClients.ssm()).save(spec);
        aws.consul().kvPut(CLUSTER, "marker", "kept");
        // Its servers save no snapshots (an earlier release's boot script): the operator takes one by hand, as the
        // README's "Backups and restore" says, before the change that replaces them.
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(aws.clock().now());
        AwsClients.s3().putObject(r -> r.bucket(LocalWorkflow.SNAPSHOT_BUCKET).key(CLUSTER + "/" + stamp + "-1.snap"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("consul snapshot save, by hand"));
        return new Insecure(spec, resources, image, template);
    }

    @Test
    void oneExecutionSecuresARunningInsecureClusterInThreeStagesWithoutLosingQuorumOrData() throws Exception {
        insecureCluster();
        LocalWorkflow workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(),
                LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        List<String> states = new ArrayList<>();
        List<String> lostQuorum = new ArrayList<>();
        LocalStateMachine.Result result = workflow.run("secure", JSON.readTree("{}"), (state, type, local, real, outcome) -> {
            states.add(state);
            ClusterView view = aws.consul().cluster(CLUSTER);
            long alive = view.raftPeers().stream().filter(p -> p.voter() && p.status().equals("alive")).count();
            if (!view.hasLeader() || alive < 3) {
                lostQuorum.add(state + " at " + aws.clock().now() + ": leader " + view.leaderInstanceId() + ", " + alive + " alive voters");
            }
        });

        assertEquals("SUCCEEDED", result.status(), result.error() + ": " + result.cause());
        assertEquals(List.of(), lostQuorum, "a leader and three alive voters at every state of the execution");
        JsonNode plan = result.output().get("changePlan");
        assertEquals(0, plan.at("/security/runningStage").asInt());
        assertEquals(1, plan.at("/security/firstStage").asInt());
        List<String> rolled = new ArrayList<>();
        plan.get("changes").forEach(c -> rolled.add(c.get("field").asText() + ":" + c.get("kind").asText()));
        assertTrue(rolled.contains("security:ROLL") && rolled.contains("joinTag:ROLL"), "the plan: " + rolled);
        assertEquals(3, states.stream().filter("PublishLaunchTemplate"::equals).count(), "one roll per stage: " + states);
        assertEquals(2, states.stream().filter("NextSecurityStage"::equals).count());

        JsonNode consul = result.output().at("/cluster/consul");
        assertEquals("verified", consul.get("gossip").asText());
        assertEquals("verified", consul.get("tls").asText());
        assertEquals("deny", consul.get("acl").asText());
        ClusterView view = aws.consul().cluster(CLUSTER);
        assertEquals(3, view.voters().size());
        assertEquals(Optional.of("kept"), aws.consul().kvGet(CLUSTER, "marker"), "no data lost");
        assertEquals("3", AwsClients.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("consul-" + CLUSTER))
                .autoScalingGroups().get(0).tags().stream().filter(t -> t.key().equals(SecurityStages.TAG)).findFirst().orElseThrow().value());
        assertTrue(aws.ec2().instances().stream().filter(i -> i.state().equals("running") && "server".equals(i.tags().get("role")))
                .allMatch(i -> CLUSTER.equals(i.tags().get("consul-cluster")) && !i.tags().containsKey("service")),
                "the servers carry the per-cluster join tag only");
    }

    @Test
    void aNaiveRollStraightToTheFinalStageIsTurnedAwayByTheJoinGateAndTheOldServersKeepServing() {
        Insecure cluster = insecureCluster();
        ClusterView before = aws.consul().cluster(CLUSTER);
        LaunchTemplate naive = steps.publish(cluster.spec(), cluster.resources(), cluster.image(), SecurityStages.FINAL);
        Deployment deployment = steps.deploy(cluster.spec(), naive);
        List<String> lostQuorum = new ArrayList<>();
        ClusterStatus status = steps.waitForCluster(cluster.spec(), naive, deployment, a -> {
            ClusterView view = a.consul().cluster(CLUSTER);
            if (!view.hasLeader()) {
                lostQuorum.add(a.clock().now().toString());
            }
        });

        assertEquals(PollState.FAILED, status.status());
        assertTrue(status.reason().contains("could not join Consul") && status.reason().contains("rolled back"), status.reason());
        assertEquals(List.of(), lostQuorum, "the old servers kept their leader throughout");
        ClusterView after = aws.consul().cluster(CLUSTER);
        assertEquals(before.voters(), after.voters(), "the old servers are still the voters");
        assertEquals(Optional.of("kept"), aws.consul().kvGet(CLUSTER, "marker"));
    }
}
