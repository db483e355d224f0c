package io.consulfactory.local.consul;

/**
 * A read-only look at one server agent.
 *
 * @param status     {@code booting}, {@code alive}, {@code not-running}, {@code left} or {@code dead}
 * @param lanMembers the members alive in its LAN pool, itself included (0 when it does not run)
 * @param leader     the leader it knows ({@code 10.0.1.10:8300}), or {@code null}
 * @param joinResult {@code OK} or {@code FAILED} once its boot script reported, else {@code null}
 * @param security   its gossip encryption, TLS and ACL settings and fingerprints (stage 0 until Consul runs)
 */
public record ServerView(String instanceId, String node, String status, int lanMembers, String leader, boolean voter,
                         String joinResult, SecurityView security) {
}
