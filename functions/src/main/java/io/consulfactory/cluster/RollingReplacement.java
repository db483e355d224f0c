package io.consulfactory.cluster;

/**
 * How a rebake replaces servers without losing Consul's quorum: one at a time, the new server launched
 * before an old one is terminated (minimum healthy 100%, maximum one server above the group), and the
 * next replacement only after the new server is a healthy voter: the {@link JoinGate} holds it in
 * {@code Pending:Wait} until it says so, and an instance refresh waits for lifecycle hooks before it counts
 * the warmup (https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-overview.html).
 */
final class RollingReplacement {

    /**
     * EC2 health checks count from this long after a server enters service. Auto Scaling starts the grace
     * period only once the lifecycle hook completed, when the server has already joined, so it needs no time
     * for boot or join any more (it was 180 s): it covers only Auto Scaling's own move to InService.
     */
    static final int HEALTH_CHECK_GRACE_SECONDS = 30;
    /**
     * The next old server goes this long after a new one is in service. It was 300 s, to give an unproven
     * server time to join; the gate now admits only a server Consul reports as a voter (after autopilot's
     * server_stabilization_time and three agreeing checks), so what is left is one status line (30 s) of the
     * grown cluster before one of its old voters leaves.
     */
    static final int INSTANCE_WARMUP_SECONDS = 30;
    static final int MIN_HEALTHY_PERCENTAGE = 100;

    private RollingReplacement() {
    }

    /** One server above the group's size: 134% of 3, 120% of 5, 115% of 7. */
    static int maxHealthyPercentage(int servers) {
        return Math.min(200, 100 + (int) Math.ceil(100.0 / servers));
    }
}
