package io.consulfactory.cluster;

/**
 * How a rebake replaces servers without losing Consul's quorum: one at a time, the new server launched
 * before an old one is terminated (minimum healthy 100%, maximum one server above the group), and the
 * next replacement only after the new server had time to join and become a voter.
 */
final class RollingReplacement {

    /** Health checks count from this long after launch: boot plus the boot script, with room to spare. */
    static final int HEALTH_CHECK_GRACE_SECONDS = 180;
    /**
     * The next old server goes only this long after a new one is in service. Longer than the grace period, so
     * a new server has passed its health checks before an old one is terminated (a bad image fails the
     * refresh with every old server still serving), and far longer than a Consul join plus autopilot's
     * server_stabilization_time (10 s) before the new server votes.
     */
    static final int INSTANCE_WARMUP_SECONDS = 300;
    static final int MIN_HEALTHY_PERCENTAGE = 100;

    private RollingReplacement() {
    }

    /** One server above the group's size: 134% of 3, 120% of 5, 115% of 7. */
    static int maxHealthyPercentage(int servers) {
        return Math.min(200, 100 + (int) Math.ceil(100.0 / servers));
    }
}
