package io.consulfactory.cluster;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a rolling refresh is on its last server, the cluster is checked closely again (see CheckCluster). */
class CheckClusterTest {

    private static boolean last(Integer percentage, int servers) {
        return CheckCluster.lastReplacement(InstanceRefresh.builder().percentageComplete(percentage).build(), servers);
    }

    @Test
    void aRefreshIsOnItsLastServerOnceAllButOneAreReplacedWhateverAwsRoundsTheirShareTo() {
        assertFalse(last(0, 3));
        assertFalse(last(33, 3));
        assertTrue(last(66, 3));
        assertTrue(last(67, 3));
        assertFalse(last(60, 5));
        assertTrue(last(80, 5));
        assertFalse(last(71, 7));
        assertTrue(last(85, 7));
        assertTrue(last(86, 7));
        assertTrue(last(100, 7));
        assertFalse(last(null, 3));
    }
}
