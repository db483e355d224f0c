package io.consulfactory.local.bench;

import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Timings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several clusters deployed at once against one throttling account: every execution succeeds, riding out
 * EC2's RequestLimitExceeded with the SDK's retries and the state machine's, and each cluster ends with one
 * group and all its servers.
 */
@ExtendWith(LocalAwsExtension.class)
class ScaleRunTest {

    /** EC2 at a tenth of its documented rates: RunInstances one token, refilled every five seconds. */
    private static final double BUSY_ACCOUNT = 0.1;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void fourClustersAtOnceAllSucceedThroughThrottling(LocalAws aws) {
        Ec2Timings quick = new Ec2Timings(Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(60));

        ScaleRun.Figures figures = ScaleRun.run(aws, 4, quick, BUSY_ACCOUNT);
        figures.print(System.out);

        assertEquals(List.of(), figures.failed(), "every execution succeeds");
        assertEquals(4, figures.succeeded());
        assertTrue(figures.throttled() > 0, "EC2 throttled some calls: " + figures.throttledByAction());
        assertTrue(figures.throttledByAction().containsKey("ec2:RunInstances"),
                "four builders at once find RunInstances' one token taken: " + figures.throttledByAction());
        for (ScaleRun.ClusterGroups cluster : figures.groups()) {
            assertEquals(1, cluster.groups().size(), cluster.cluster() + " has exactly one group: " + cluster.groups());
            assertEquals(3, cluster.desired(), cluster.cluster());
            assertEquals(3, cluster.inService(), cluster.cluster() + "'s servers are all in service");
        }
        assertEquals(0, aws.clock().participants(), "every execution left the clock");
    }
}
