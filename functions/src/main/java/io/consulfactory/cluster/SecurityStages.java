package io.consulfactory.cluster;

import io.consulfactory.resources.ResourceConflictException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

import java.util.Optional;

/**
 * How a cluster becomes secure without losing quorum: HashiCorp's staged way, one rolling refresh per stage,
 * each new server through the join gate. A server of one stage always talks to a server of the next one, so a
 * roll from stage k to k+1 never partitions the cluster; stage 0 and stage 3 cannot talk, which is why a running
 * insecure cluster is never rolled straight to the end.
 *
 * <table>
 *   <tr><th>stage</th><th>gossip (encrypt_verify_incoming / _outgoing)</th><th>TLS (verify_incoming / _outgoing, verify_server_hostname)</th><th>ACL default policy</th></tr>
 *   <tr><td>0</td><td>no key (a cluster made by an earlier release; never published)</td><td>none</td><td>disabled</td></tr>
 *   <tr><td>1</td><td>key; false / false</td><td>certificates; false / false, false</td><td>allow</td></tr>
 *   <tr><td>2</td><td>key; false / true</td><td>false / true, true</td><td>allow</td></tr>
 *   <tr><td>3</td><td>key; true / true</td><td>true / true, true</td><td>deny</td></tr>
 * </table>
 * Sources: developer.hashicorp.com/consul/docs/security/encryption/gossip (enable on an existing datacenter),
 * developer.hashicorp.com/consul/docs/security/encryption/mtls (existing datacenter: verify_incoming last),
 * developer.hashicorp.com/consul/docs/security/acl (default_policy allow while tokens are put in place).
 *
 * <p>The stage every server in service runs is the group's tag {@link #TAG}: set when the group is made (its
 * first servers are launched at the final stage) and, for a running cluster, by the cluster check once Consul
 * reports every server of a roll in place. A group without the tag was made before servers were secured.
 */
public final class SecurityStages {

    public static final String TAG = "consul-security-stage";
    public static final int INSECURE = 0;
    public static final int FINAL = io.consulfactory.consul.SecurityConfig.FINAL_STAGE;

    /** What Consul reports (console fields {@code gossip= tls= acl=}) on a server of a stage. */
    public record Expected(String gossip, String tls, String acl) {

        /** A server that says nothing of its security runs an earlier release's boot script: all off. */
        public boolean matches(ServerReport report) {
            return gossip.equals(report.fields().getOrDefault("gossip", "off"))
                    && tls.equals(report.fields().getOrDefault("tls", "off"))
                    && acl.equals(report.fields().getOrDefault("acl", "off"));
        }

        @Override
        public String toString() {
            return "gossip=" + gossip + " tls=" + tls + " acl=" + acl;
        }
    }

    private SecurityStages() {
    }

    /** The stage the group's servers run: its tag, {@link #INSECURE} for a group older than the tag. */
    public static int running(AutoScalingGroup group) {
        return group.tags().stream().filter(t -> TAG.equals(t.key())).findFirst()
                .map(t -> parse(group.autoScalingGroupName(), t.value())).orElse(INSECURE);
    }

    /** The stage an execution publishes first: the final one for a new cluster, else the next after the running one. */
    public static int first(Optional<AutoScalingGroup> group) {
        return group.map(g -> Math.min(running(g) + 1, FINAL)).orElse(FINAL);
    }

    public static Expected expected(int stage) {
        return switch (stage) {
            case 1, 2 -> new Expected("on", "on", "allow");
            case FINAL -> new Expected("verified", "verified", "deny");
            default -> new Expected("off", "off", "off");
        };
    }

    /**
     * A tag someone edited is not guessed at: a roll is safe only from the stage the servers really run (a stage-3
     * server refuses a stage-1 server's plaintext gossip), so the execution stops before anything changes.
     */
    private static int parse(String group, String value) {
        if (value != null && value.matches("[0-" + FINAL + "]")) {
            return Integer.parseInt(value);
        }
        throw new ResourceConflictException("the Auto Scaling group " + group + " has the tag " + TAG + "="
                + io.consulfactory.spec.Shown.value(String.valueOf(value)) + ", not a stage from " + INSECURE + " to " + FINAL + ": set it to"
                + " the stage its servers run (" + INSECURE + " for servers without gossip encryption, TLS and ACLs), then run again");
    }
}
