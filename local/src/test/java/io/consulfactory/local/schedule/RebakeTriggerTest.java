package io.consulfactory.local.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.LocalWorkflow;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Network;
import io.consulfactory.local.cloud.sfn.SfnService;
import io.consulfactory.local.cloud.ssm.SsmService;
import io.consulfactory.schedule.RebakeDecision;
import io.consulfactory.schedule.RebakeTrigger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schedule starts a rebake only when something changed, once per cluster and day, from the recorded spec. */
@ExtendWith(LocalAwsExtension.class)
class RebakeTriggerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalAws aws;
    private LocalWorkflow workflow;

    @BeforeEach
    void deployACluster(LocalAws aws) throws Exception {
        this.aws = aws;
        Network network = aws.ec2().seedDefaultNetwork();
        workflow = new LocalWorkflow(aws, LocalWorkflow.definitionFile(), LocalWorkflow.stackDefaults(network.vpcId(), network.subnetIds()));
        assertEquals("SUCCEEDED", workflow.run("deploy", JSON.readTree("{\"datacenter\":\"eu-prod\"}"), (s, t, l, r, o) -> { }).status());
    }

    private List<RebakeDecision> trigger(String stackVersion) {
        return new RebakeTrigger(AwsClients.ssm(), AwsClients.ec2(), AwsClients.autoScaling(), AwsClients.sfn(),
                new RebakeTrigger.Settings(LocalWorkflow.STATE_MACHINE_ARN, "consul-dc1", stackVersion))
                .run(aws.clock().now());
    }

    @Test
    void nothingChangedStartsNothing() {
        List<RebakeDecision> decisions = trigger("1.20.2");

        assertEquals(List.of("UP_TO_DATE"), decisions.stream().map(RebakeDecision::action).toList());
        assertTrue(aws.sfn().executions().isEmpty());
    }

    @Test
    void aNewBaseImageStartsOneRebakeADayFromTheRecordedSpecAndTheRebakeRollsTheCluster() throws Exception {
        String newer = aws.ec2().publishUbuntuImage("x86_64");
        aws.ssm().publish(SsmService.UBUNTU_AMD64, newer);

        RebakeDecision first = trigger("1.20.2").get(0);
        trigger("1.20.2");

        assertEquals("STARTED", first.action());
        assertTrue(first.reasons().get(0).endsWith("-> " + newer), first.reasons().toString());
        List<SfnService.Execution> started = aws.sfn().executions();
        assertEquals(1, started.size(), "one rebake per cluster and day");
        assertTrue(started.get(0).name().matches("rebake-consul-dc1-\\d{8}"), started.get(0).name());
        JsonNode input = JSON.readTree(started.get(0).input());
        assertEquals("eu-prod", input.get("datacenter").asText(), "the recorded spec, not the defaults");

        var rebake = workflow.run(started.get(0).name(), input, (s, t, l, r, o) -> { });
        assertEquals("SUCCEEDED", rebake.status(), rebake.error() + " " + rebake.cause());
        assertEquals("UP_TO_DATE", trigger("1.20.2").get(0).action(), "after the rebake the cluster runs the new base");
    }

    /** A teardown tags the record first (StartTeardown): the schedule must not launch servers it is removing. */
    @Test
    void aClusterBeingTornDownIsNotRebaked() {
        AwsClients.ssm().addTagsToResource(r -> r.resourceType("Parameter").resourceId("/consul-cluster-factory/clusters/consul-dc1")
                .tags(t -> t.key("teardown").value("in-progress")));

        RebakeDecision decision = trigger("1.21.0").get(0);

        assertEquals("TEARING_DOWN", decision.action(), decision.toString());
        assertTrue(aws.sfn().executions().isEmpty(), "no rebake started");
        assertTrue(aws.calls().of("states", "StartExecution").isEmpty());

        AwsClients.ssm().removeTagsFromResource(r -> r.resourceType("Parameter").resourceId("/consul-cluster-factory/clusters/consul-dc1")
                .tagKeys("teardown"));
        assertEquals("STARTED", trigger("1.21.0").get(0).action(), "once the mark is gone, the version change is seen again");
    }

    @Test
    void aNewConsulVersionForTheStacksClusterStartsARebake() throws Exception {
        RebakeDecision decision = trigger("1.21.0").get(0);

        assertEquals("STARTED", decision.action());
        assertEquals(List.of("Consul 1.20.2 -> 1.21.0"), decision.reasons());
        assertEquals("1.21.0", JSON.readTree(aws.sfn().executions().get(0).input()).get("consulVersion").asText());
    }

    @Test
    void anOldImageIsRebakedEvenWhenNothingElseChangedAndTheRebakeBakesInsteadOfReusingIt() throws Exception {
        aws.clock().advance(Duration.ofDays(31));

        RebakeDecision decision = trigger("1.20.2").get(0);

        assertEquals("STARTED", decision.action());
        assertTrue(decision.reasons().get(0).contains("days old"), decision.reasons().toString());
        SfnService.Execution started = aws.sfn().executions().get(0);
        var rebake = workflow.run(started.name(), JSON.readTree(started.input()), (s, t, l, r, o) -> { });
        assertEquals("SUCCEEDED", rebake.status(), rebake.error() + " " + rebake.cause());
        assertEquals(2, aws.calls().of("ec2", "RunInstances").stream().filter(c -> c.succeeded()).count(),
                "the same recipe, but aged out: baked again");
        assertEquals("UP_TO_DATE", trigger("1.20.2").get(0).action(), "the cluster runs the fresh image");
    }
}
