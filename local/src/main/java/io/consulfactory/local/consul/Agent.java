package io.consulfactory.local.consul;

import java.time.Instant;

/**
 * One Consul server agent on one simulated instance: from the boot script starting it to its end (a graceful
 * leave, a crash, the instance stopping). State only; {@link ConsulModel} moves it. Mutated under the local
 * AWS's lock.
 */
final class Agent {

    enum Status {
        /** The instance runs; the boot script has not started Consul yet. */
        BOOTING,
        /** Consul runs. */
        ALIVE,
        /** The boot script ran but Consul does not run (it failed to start, or the script died first). */
        NOT_RUNNING,
        /** Consul left the cluster gracefully (SIGTERM with leave_on_terminate) and stopped. */
        LEFT,
        /** Consul stopped without leaving: a crash, or an instance that went away under it. */
        DEAD
    }

    final String instanceId;
    /** Node name = hostname = {@code consul-<instance id without "i-">} (the boot script names the host). */
    final String node;
    final String ip;
    /** The instance's {@code consul-cluster} tag when the agent started, for the test view. */
    final String clusterName;
    final String imageId;
    final Instant bootAt;
    /** Set when Consul starts. */
    ServerConfig config;
    /** Set when Consul starts: its gossip key, TLS and ACL settings ({@link ServerSecurity#INSECURE} before). */
    ServerSecurity security = ServerSecurity.INSECURE;
    Status status = Status.BOOTING;
    /** The last journal line of the consul unit while it does not run. */
    String journal;
    /** N: the {@code consul-server-count} tag at boot, written as bootstrap_expect and autopilot min_quorum. */
    int serverCount;
    /** The {@code expect} this server advertises in its gossip tags: N, for good. */
    int advertisedExpect;
    /** bootstrap_expect as the running server holds it: 0 once it bootstrapped or saw an existing cluster. */
    int bootstrapExpect;
    ServerConfig.AutopilotConfig autopilot;
    LanPool pool;
    boolean joined;
    Instant nextJoinAttempt;
    RaftGroup group;
    BootScript script;

    Agent(String instanceId, String ip, String clusterName, String imageId, Instant bootAt) {
        this.instanceId = instanceId;
        this.node = "consul-" + instanceId.substring(2);
        this.ip = ip;
        this.clusterName = clusterName;
        this.imageId = imageId;
        this.bootAt = bootAt;
    }

    boolean alive() {
        return status == Status.ALIVE;
    }

    /** The raft address, as /v1/status/leader gives it. */
    String raftAddress() {
        return ip + ":8300";
    }

    @Override
    public String toString() {
        return node + "(" + status + ")";
    }
}
