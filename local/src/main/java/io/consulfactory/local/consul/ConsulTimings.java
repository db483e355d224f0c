package io.consulfactory.local.consul;

import java.time.Duration;

/**
 * How long things take in the Consul model, on the local clock. The model moves in the local AWS's 5-second
 * simulation steps, so nothing happens faster than that: gossip failure detection, elections and
 * replication (sub-second in Consul with {@code raft_multiplier=1}) each take effect within one step.
 *
 * @param bootScript        from the instance entering {@code running} to the boot script starting Consul
 * @param retryInterval     between cloud auto-join attempts until one succeeds: {@code retry_interval}, 30 s by
 *                          default (developer.hashicorp.com/consul/docs/reference/agent/configuration-file/join)
 * @param joinCheckInterval between the boot script's join checks (contract: 5 s)
 * @param joinChecksInARow  passing checks in a row before {@code CONSUL_JOIN_RESULT=OK} (contract: 3)
 * @param joinBound         from the boot script starting to {@code CONSUL_JOIN_RESULT=FAILED} (contract: 600 s)
 * @param statusInterval    between {@code CONSUL_STATUS} lines after OK (contract: 30 s)
 * @param autopilotInterval between the leader's autopilot reconciliations (promotions, dead-server cleanup):
 *                          Consul's {@code AutopilotInterval}, 10 s (agent/consul/config.go)
 */
public record ConsulTimings(Duration bootScript, Duration retryInterval, Duration joinCheckInterval,
                            int joinChecksInARow, Duration joinBound, Duration statusInterval,
                            Duration autopilotInterval) {

    public static ConsulTimings defaults() {
        return new ConsulTimings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), 3,
                Duration.ofSeconds(600), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }
}
