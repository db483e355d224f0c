package io.consulfactory.local.bench;

import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Timings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wait loops on the local clock with AWS's realistic timings, shifted so resources become ready at
 * every point of the poll interval: the workflow moves on within 15 s of each resource being ready, and a
 * deploy stays under 150 state transitions (counts on the local clock, not timings of this machine).
 */
@ExtendWith(LocalAwsExtension.class)
class WorkflowFiguresTest {

    @Test
    void movesOnWithin15SecondsOfEachResourceBeingReadyAndDeploysInUnder150Transitions(LocalAws aws) {
        WorkflowFigures.Sweep sweep = WorkflowFigures.sweep(aws, Ec2Timings.realistic(), 3);

        for (WorkflowFigures.Figures run : sweep.runs()) {
            assertEquals("SUCCEEDED", run.deploy().status());
            assertEquals("SUCCEEDED", run.rebake().status());
            assertEquals(List.of("install", "image", "cluster"), run.deploy().loops().stream().map(WorkflowFigures.Loop::name).toList());
            assertEquals(List.of("install", "image", "cluster"), run.rebake().loops().stream().map(WorkflowFigures.Loop::name).toList());
            assertTrue(run.deploy().transitions() < WorkflowFigures.TRANSITIONS_TARGET, "deploy transitions " + run.deploy().transitions());
            // AWS time on the local clock, not wall time: the gate, not a long warmup, paces the rolling refresh.
            assertTrue(run.rebake().clusterTime().toSeconds() <= WorkflowFigures.REFRESH_TARGET
                    * WorkflowFigures.REFRESH_BEFORE_THE_GATE.toSeconds(), "refresh " + run.rebake().clusterTime());
            for (WorkflowFigures.Loop loop : run.deploy().loops()) {
                assertFalse(loop.delay().isNegative(), loop + " moved on before its resource was ready");
            }
        }
        assertTrue(sweep.worstDelaySeconds() <= WorkflowFigures.DELAY_TARGET.toSeconds(), "delays " + sweep.delays());
        // Shifted timings really land between checks: otherwise this test could not see a slow poll.
        assertTrue(sweep.delays().values().stream().flatMap(List::stream).anyMatch(d -> d > 0), "delays " + sweep.delays());
    }
}
