package io.consulfactory.local.consul;

import io.consulfactory.local.cloud.AwsError;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.ec2.Ec2Hosts;
import io.consulfactory.local.cloud.ec2.Ec2Hosts.Host;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Consul servers running on the local AWS's simulated instances. A server agent runs on every instance that
 * runs the factory's boot script (user data with {@code consul-boot:}) from an image the factory baked; it
 * reads the config the image holds, finds the others by EC2 tag, gossips where security groups let it,
 * bootstraps, elects, replicates, runs autopilot, and writes the contract's console lines
 * (/work/contract/CONSOLE_PROTOCOL.md) onto its instance's console, from its state. Advanced by
 * {@link LocalAws#simulate()} in its 5-second steps after EC2 and Auto Scaling; every public method takes
 * the local AWS's lock.
 *
 * <p>Security (issue 14): a server whose boot user data carries the contract's {@code SECURITY_*} assignments
 * reads the cluster's secrets through a {@link SecretReader} at boot and runs with a gossip key, TLS and ACLs
 * as its {@code 2-security.json} says ({@link SecuritySettings}, {@link ServerSecurity}); who talks to whom
 * follows {@link SecurityRules}; the first leader with ACLs enabled bootstraps the ACL system with the initial
 * management token and its reporter creates the other tokens. User data without them is a server of an earlier
 * release: no key, no TLS, no ACLs, and console lines without security fields.
 *
 * <p>Snapshots (issue 15): a server whose boot user data names a {@code SNAPSHOT_BUCKET} saves, while it leads, a
 * snapshot of the replicated state every hour from its start as leader and on request (the
 * {@value #SNAPSHOT_REQUEST_TAG} instance tag), uploads it to that bucket of the local S3 under
 * {@code <cluster>/}, and restores one on request ({@value #RESTORE_REQUEST_TAG}); see {@link #snapshots}.
 *
 * <p>Simplifications, besides those of each part: one step is the unit of time (gossip failure detection,
 * elections and replication happen within a step); links are symmetric (8300 and 8301 both ways); ACL tokens
 * are SecretIDs with the contract's policies, not policies evaluated rule by rule; no WAN federation or client
 * agents; a server never restarts (EC2 here cannot start a stopped instance).
 */
public final class ConsulModel {

    /** The user data of the servers' boot script holds this (functions' userdata/boot.sh). */
    static final String BOOT_SCRIPT_MARK = "consul-boot:";
    /** The contract: N reaches the servers as this instance tag. */
    public static final String SERVER_COUNT_TAG = "consul-server-count";
    /** The tag the test view groups servers by (the factory's cluster name). */
    public static final String CLUSTER_TAG = "consul-cluster";
    /** Issue 15: a snapshot request, a new id each time, on every server of the cluster (read as IMDS gives tags). */
    public static final String SNAPSHOT_REQUEST_TAG = "consul-snapshot-request";
    /** Issue 15: the key of a snapshot to restore, under the cluster's own prefix, on every server of the cluster. */
    public static final String RESTORE_REQUEST_TAG = "consul-restore-request";
    /** Issue 15: the boot user data's shell assignment naming the snapshot bucket. */
    static final String SNAPSHOT_BUCKET = "SNAPSHOT_BUCKET";
    /** Issue 15: how often the leader saves a snapshot, counted from when it became leader. */
    static final Duration SNAPSHOT_INTERVAL = Duration.ofHours(1);
    /** The last line systemd writes for a unit that gave up restarting (Ubuntu 24.04, systemd 255). */
    public static final String FAILED_UNIT_JOURNAL = "Failed to start consul.service - HashiCorp Consul server.";
    /** What journalctl prints for a unit that never ran. */
    static final String NO_JOURNAL = "-- No entries --";

    private final LocalAws aws;
    private final Ec2Hosts ec2;
    private final GossipNetwork network;
    private final Autopilot autopilot;
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final List<RaftGroup> groups = new ArrayList<>();
    private final Map<String, String> failingImages = new HashMap<>();
    private final java.util.Set<String> gossipBlockedImages = new java.util.HashSet<>();
    private ConsulTimings timings = ConsulTimings.defaults();
    private int nextGroupId = 1;
    private SecretReader secrets;

    /** A model whose servers find no secrets (until {@link #secrets(SecretReader)} wires a Secrets Manager in). */
    public ConsulModel(LocalAws aws) {
        this(aws, SecretReader.NONE);
    }

    public ConsulModel(LocalAws aws, SecretReader secrets) {
        this.aws = aws;
        this.secrets = secrets;
        this.ec2 = aws.ec2().hosts();
        this.network = new GossipNetwork(ec2);
        this.autopilot = new Autopilot(network);
    }

    /** Forgets every agent, raft group and knob (with the local AWS's reset). */
    public void reset() {
        synchronized (aws) {
            agents.clear();
            groups.clear();
            failingImages.clear();
            gossipBlockedImages.clear();
            network.reset();
            timings = ConsulTimings.defaults();
            nextGroupId = 1;
        }
    }

    public void timings(ConsulTimings timings) {
        synchronized (aws) {
            this.timings = timings;
        }
    }

    public ConsulTimings timings() {
        synchronized (aws) {
            return timings;
        }
    }

    /**
     * Where servers booting from now on read the cluster's secrets (the local Secrets Manager, as
     * {@code secretsManager()::currentSecretString}). Wiring, not a knob: {@link #reset()} keeps it.
     */
    public void secrets(SecretReader reader) {
        synchronized (aws) {
            this.secrets = reader;
        }
    }

    // ---- test knobs ----

    /** Consul fails to start on instances launched from this image from now on: systemd gives up on the unit. */
    public void failToStart(String imageId) {
        failToStart(imageId, FAILED_UNIT_JOURNAL);
    }

    /** As {@link #failToStart(String)}, with the consul unit's last journal line. */
    public void failToStart(String imageId, String journalLine) {
        synchronized (aws) {
            failingImages.put(imageId, journalLine);
        }
    }

    /** The instance's Consul traffic (8300, 8301) is cut, both ways, until {@link #restoreGossip}. */
    public void blockGossip(String instanceId) {
        synchronized (aws) {
            aws.simulate();
            network.block(instanceId);
        }
    }

    /**
     * Servers launched from this image from now on cannot gossip (as if the image held a firewall that drops
     * 8300/8301): each is cut off as it boots, as {@link #blockGossip} cuts one server.
     */
    public void blockGossipFrom(String imageId) {
        synchronized (aws) {
            gossipBlockedImages.add(imageId);
        }
    }

    public void restoreGossip(String instanceId) {
        synchronized (aws) {
            aws.simulate();
            network.unblock(instanceId);
        }
    }

    /**
     * The server crashes now: its agent dies without leaving (serf sees it fail, raft keeps it as a peer) and
     * its host fails, so EC2 stops the instance ({@link Ec2Hosts#failHardware}); an Auto Scaling group's EC2
     * health check then replaces it.
     */
    public void crash(String instanceId) {
        synchronized (aws) {
            aws.simulate();
            Agent a = agents.get(instanceId);
            if (a != null && (a.status == Agent.Status.BOOTING || a.status == Agent.Status.ALIVE
                    || a.status == Agent.Status.NOT_RUNNING)) {
                a.status = Agent.Status.DEAD;
                stopScript(a);
            }
            ec2.failHardware(instanceId);
        }
    }

    // ---- the KV marker ----

    /** Writes a key through the cluster's leader: committed on the voters it reaches, then on every server it reaches. */
    public void kvPut(String clusterName, String key, String value) {
        synchronized (aws) {
            aws.simulate();
            RaftGroup g = leading(clusterName);
            RaftGroup.Peer leader = g.peer(g.leader);
            leader.replica = leader.replica.put(key, value);
            replicate(g);
        }
    }

    /** Reads a key from the cluster's leader (Consul's default consistency mode). */
    public Optional<String> kvGet(String clusterName, String key) {
        synchronized (aws) {
            aws.simulate();
            return Optional.ofNullable(leading(clusterName).leaderReplica().kv().get(key));
        }
    }

    private RaftGroup leading(String clusterName) {
        RaftGroup g = current(clusterName);
        if (g == null && agents.values().stream().noneMatch(a -> a.alive() && clusterName.equals(a.clusterName))) {
            throw ConsulError.noServers(clusterName);
        }
        if (g == null || g.leader == null) {
            throw ConsulError.noClusterLeader(clusterName);
        }
        return g;
    }

    // ---- read-only views ----

    /** The cluster as its current raft group has it (see {@link ClusterView}). Cheap: sample it every step. */
    public ClusterView cluster(String clusterName) {
        synchronized (aws) {
            aws.simulate();
            RaftGroup g = current(clusterName);
            Map<String, SecurityView> security = new LinkedHashMap<>();
            for (Agent a : agents.values()) {
                if (a.alive() && clusterName.equals(a.clusterName)) {
                    security.put(a.instanceId, a.security.view());
                }
            }
            List<ClusterView.Partition> partitions = partitions(clusterName);
            if (g == null) {
                return new ClusterView(clusterName, null, null, List.of(), List.of(), 0, 0, false, Map.of(), List.of(),
                        Map.copyOf(security), 0, partitions);
            }
            List<String> voters = new ArrayList<>();
            List<String> nonVoters = new ArrayList<>();
            List<ClusterView.RaftPeer> peers = new ArrayList<>();
            RaftGroup.Replica newest = RaftGroup.Replica.EMPTY;
            for (RaftGroup.Peer p : g.peers.values()) {
                (p.voter ? voters : nonVoters).add(p.agent.instanceId);
                peers.add(new ClusterView.RaftPeer(p.agent.instanceId, p.agent.node, p.agent.raftAddress(), p.voter,
                        serfStatus(g, p.agent), p.agent == g.leader));
                if (p.agent.alive() && p.replica.index() > newest.index()) {
                    newest = p.replica;
                }
            }
            RaftGroup.Replica data = g.leader != null ? g.leaderReplica() : newest;
            return new ClusterView(clusterName, g.leader == null ? null : g.leader.instanceId,
                    g.leader == null ? null : g.leader.raftAddress(), List.copyOf(voters), List.copyOf(nonVoters),
                    autopilot.failureTolerance(g), g.autopilot == null ? 0 : g.autopilot.minQuorum(),
                    autopilot.clusterHealthy(g), data.kv(), List.copyOf(peers), Map.copyOf(security), g.aclTokens.size(),
                    partitions);
        }
    }

    /** One server agent, or empty when no agent runs (or ran) on the instance. */
    public Optional<ServerView> server(String instanceId) {
        synchronized (aws) {
            aws.simulate();
            Agent a = agents.get(instanceId);
            if (a == null) {
                return Optional.empty();
            }
            ServerApi api = api(a);
            String result = a.script == null || a.script.phase == BootScript.Phase.CHECKING ? null : a.script.phase.name();
            return Optional.of(new ServerView(a.instanceId, a.node, a.status.name().toLowerCase().replace('_', '-'),
                    api.running() ? api.lanMembers() : 0, api.leaderKnown() ? api.leader() : null, api.voter(), result,
                    a.security.view()));
        }
    }

    /**
     * Every direction in which one running server of the cluster refuses another's gossip or RPC because of
     * their security (gossip key, TLS), with the refusal; security groups and {@link #blockGossip} are not
     * listed. Empty when every pair talks.
     */
    private List<ClusterView.Partition> partitions(String clusterName) {
        List<Agent> running = agents.values().stream().filter(a -> a.alive() && clusterName.equals(a.clusterName)).toList();
        List<ClusterView.Partition> partitions = new ArrayList<>();
        for (Agent from : running) {
            for (Agent to : running) {
                if (from == to) {
                    continue;
                }
                String gossip = SecurityRules.gossipRefusal(from.security, to.security);
                if (gossip != null) {
                    partitions.add(new ClusterView.Partition(from.instanceId, to.instanceId, "gossip", gossip));
                }
                String rpc = SecurityRules.rpcRefusal(from.security, to.security);
                if (rpc != null) {
                    partitions.add(new ClusterView.Partition(from.instanceId, to.instanceId, "rpc", rpc));
                }
            }
        }
        return List.copyOf(partitions);
    }

    private String serfStatus(RaftGroup g, Agent a) {
        if (a.status == Agent.Status.LEFT) {
            return "left";
        }
        boolean alive = g.leader == null ? a.alive() : autopilot.serfAlive(g, a);
        return alive ? "alive" : "failed";
    }

    /**
     * The raft group of the cluster's servers that answers for it: the one with a leader, else the one with
     * the most running servers, else the newest. Servers that bootstrapped apart (a split) form other groups.
     */
    private RaftGroup current(String clusterName) {
        RaftGroup best = null;
        for (Agent a : agents.values()) {
            RaftGroup g = a.group;
            if (g == null || g == best || !clusterName.equals(a.clusterName)) {
                continue;
            }
            if (best == null || rank(g) > rank(best) || rank(g) == rank(best) && g.id > best.id) {
                best = g;
            }
        }
        return best;
    }

    private static long rank(RaftGroup g) {
        return (g.leader != null ? 1_000_000L : 0) + g.peers.keySet().stream().filter(Agent::alive).count();
    }

    // ---- the simulation ----

    /** Moves every server to {@code now}: called by the local AWS's simulation, after EC2 and Auto Scaling. */
    public void advanceTo(Instant now) {
        network.newStep();
        List<Host> hosts = ec2.all();
        Map<String, Host> byId = new HashMap<>();
        for (Host h : hosts) {
            byId.put(h.instanceId(), h);
            if (h.runningSince() != null && h.userData() != null && h.userData().contains(BOOT_SCRIPT_MARK)
                    && !agents.containsKey(h.instanceId())) {
                agents.put(h.instanceId(), new Agent(h.instanceId(), h.privateIp(), h.tags().get(CLUSTER_TAG), h.imageId(),
                        h.runningSince().plus(timings.bootScript())));
            }
        }
        for (Agent a : agents.values()) {
            Host h = byId.get(a.instanceId);
            boolean running = h != null && h.running();
            switch (a.status) {
                case BOOTING -> {
                    if (!running) {
                        a.status = Agent.Status.DEAD;
                    } else if (!now.isBefore(a.bootAt)) {
                        boot(a, h, now);
                    }
                }
                case ALIVE -> {
                    if (!running) {
                        shutDown(a);
                    }
                }
                case NOT_RUNNING -> {
                    if (!running) {
                        a.status = Agent.Status.DEAD;
                        stopScript(a);
                    }
                }
                default -> {
                }
            }
        }
        Map<String, Agent> aliveByIp = new HashMap<>();
        for (Agent a : agents.values()) {
            if (a.alive()) {
                aliveByIp.put(a.ip, a);
            }
        }
        for (Agent a : agents.values()) {
            if (a.alive() && !a.joined && !now.isBefore(a.nextJoinAttempt)) {
                retryJoin(a, hosts, aliveByIp, now);
            }
        }
        for (Agent a : agents.values()) {
            if (a.alive() && a.group == null && a.bootstrapExpect > 0) {
                maybeBootstrap(a, now);
            }
        }
        for (RaftGroup g : groups) {
            step(g, now);
        }
        groups.removeIf(g -> g.peers.isEmpty());
        for (Agent a : agents.values()) {
            if (a.script != null) {
                report(a, byId.get(a.instanceId), now);
            }
        }
        agents.values().removeIf(a -> forgotten(a, byId));
    }

    /** An agent that is over, in no raft configuration, on an instance EC2 no longer describes. */
    private static boolean forgotten(Agent a, Map<String, Host> byId) {
        boolean over = a.status == Agent.Status.DEAD || a.status == Agent.Status.LEFT;
        if (over && a.group == null && !byId.containsKey(a.instanceId)) {
            if (a.pool != null) {
                a.pool.members.remove(a);
            }
            return true;
        }
        return false;
    }

    /**
     * The boot script, on the instance, at its time: reads the image's config and N from the instance's
     * {@code consul-server-count} tag (IMDS tags/instance), writes bootstrap_expect = min_quorum = N, writes the
     * security config and the cluster's secrets (issue 14's boot.sh, when its user data carries them), starts
     * Consul, and starts reporting. Where boot.sh stops before starting Consul (its {@code die}: no config, no or
     * a bad tag), it prints its FAILED note and the FAILED join line at once, as boot.sh does.
     */
    private void boot(Agent a, Host h, Instant now) {
        a.script = new BootScript(now);
        ServerConfig config = ServerConfig.fromBakeScript(ec2.builderUserData(a.imageId));
        Integer n = serverCount(h);
        if (n == null) {
            die(a, now, "the instance has no " + SERVER_COUNT_TAG + " tag (or not a server count from 1 to 9): the Auto"
                    + " Scaling group must carry it with PropagateAtLaunch");
            return;
        }
        if (config == null) {
            die(a, now, "/opt/consul/consul.d/0-consul.json is missing: was this image baked by the factory?");
            return;
        }
        SecuritySettings settings;
        try {
            settings = SecuritySettings.fromUserData(h.userData());
        } catch (IllegalArgumentException e) {
            notRunning(a, null, FAILED_UNIT_JOURNAL); // Consul refuses a config file it cannot parse
            return;
        }
        ServerSecurity security = ServerSecurity.INSECURE;
        if (settings != null) {
            try {
                // consul-secrets fetch runs before Consul starts; without its files boot.sh stops (its die).
                security = ServerSecurity.read(settings, secrets);
            } catch (ServerSecurity.SecretsUnreadable e) {
                die(a, now, e.getMessage());
                return;
            }
        }
        String journal = failingImages.get(a.imageId);
        if (journal != null) {
            // systemctl enable --now fails; boot.sh goes on polling, and reports the journal's last line at its bound.
            notRunning(a, null, journal);
            return;
        }
        if (gossipBlockedImages.contains(a.imageId)) {
            network.block(a.instanceId);
        }
        a.config = config;
        a.security = security;
        a.serverCount = n;
        a.advertisedExpect = n;
        a.bootstrapExpect = n;
        // 1-servers.json comes after 0-consul.json in the config dir: its min_quorum wins.
        a.autopilot = config.autopilot().withMinQuorum(n);
        a.status = Agent.Status.ALIVE;
        String bucket = SecuritySettings.assignment(h.userData(), SNAPSHOT_BUCKET);
        a.script.snapshotBucket = bucket == null || bucket.isEmpty() ? null : bucket;
        new LanPool(a);
        a.nextJoinAttempt = now;
        ec2.appendConsole(a.instanceId, ConsoleLines.consulStarted(a.node, a.ip));
    }

    /** boot.sh's {@code die}: its note, the FAILED join line, and no Consul. */
    private void die(Agent a, Instant now, String why) {
        notRunning(a, ConsoleLines.bootFailed(why), NO_JOURNAL);
        a.script.phase = BootScript.Phase.FAILED;
        a.script.lastReason = why;
        ec2.appendConsole(a.instanceId, ConsoleLines.joinFailed(a.node, now, why));
    }

    private void notRunning(Agent a, String bootLine, String journal) {
        a.status = Agent.Status.NOT_RUNNING;
        a.journal = journal;
        if (bootLine != null) {
            ec2.appendConsole(a.instanceId, bootLine);
        }
    }

    /** N from the instance's tag, or {@code null} when it is missing or not a positive number. */
    private static Integer serverCount(Host h) {
        String value = h == null ? null : h.tags().get(SERVER_COUNT_TAG);
        if (value == null || !value.matches("[1-9]")) { // boot.sh's rule
            return null;
        }
        return Integer.valueOf(value);
    }

    /**
     * The instance stops or terminates under a running agent: systemd sends SIGTERM. With leave_on_terminate ("when
     * the agent receives a TERM signal, it will send a Leave message to the rest of the cluster and gracefully
     * leave", false by default on servers: developer.hashicorp.com/consul/docs/reference/agent/configuration-file)
     * the server leaves: serf marks it left and it is removed from the raft peers "in a graceful manner"
     * (developer.hashicorp.com/consul/commands/leave), which needs a leader to commit; without, it just stops
     * and stays a failed peer.
     */
    private void shutDown(Agent a) {
        stopScript(a);
        if (!a.config.leaveOnTerminate()) {
            a.status = Agent.Status.DEAD;
            return;
        }
        RaftGroup g = a.group;
        // The leave goes out by serf; the leader reconciles the left member out of raft.
        boolean committed = g != null && g.leader != null && network.gossips(a, g.leader);
        a.status = Agent.Status.LEFT;
        if (committed) {
            g.remove(a);
        }
    }

    private static void stopScript(Agent a) {
        if (a.script != null) {
            a.script.stopped = true;
        }
    }

    /**
     * Cloud auto-join as go-discover's aws provider does it (github.com/hashicorp/go-discover provider/aws;
     * developer.hashicorp.com/consul/docs/install/cloud-auto-join): DescribeInstances in the region for
     * {@code tag:<key>=<value>} and {@code instance-state-name=running}, their private IPs; the agent joins those
     * it reaches. Simplification: the tag value matches exactly (EC2's filters would also take wildcards). retry_join tries again every retry_interval until
     * a join succeeds, then never again: gossip keeps the membership
     * (developer.hashicorp.com/consul/docs/reference/agent/configuration-file/join). Simplification: a join
     * that reaches only this server itself does not count as one. The local AWS holds every instance in
     * {@link LocalAws#DEFAULT_REGION}: another region finds none.
     */
    private void retryJoin(Agent a, List<Host> hosts, Map<String, Agent> aliveByIp, Instant now) {
        ServerConfig.RetryJoin join = a.config.retryJoin();
        boolean joined = false;
        if (join != null && join.tagKey() != null && join.tagValue() != null
                && (join.region() == null || join.region().isEmpty() || join.region().equals(LocalAws.DEFAULT_REGION))) {
            for (Host h : hosts) {
                if (!h.running() || h.privateIp().equals(a.ip) || !join.tagValue().equals(h.tags().get(join.tagKey()))) {
                    continue;
                }
                Agent other = aliveByIp.get(h.privateIp());
                if (other != null && network.gossips(a, other)) { // a join is serf's push/pull over 8301
                    other.pool.absorb(a.pool);
                    joined = true;
                }
            }
        }
        a.joined = joined;
        if (!joined) {
            a.nextJoinAttempt = now.plus(timings.retryInterval());
        }
    }

    /**
     * bootstrap_expect as Consul's maybeBootstrap does it (agent/consul/server_serf.go): once the LAN pool holds
     * that many servers of this datacenter (a conflicting expect stops it), it asks each for its raft peers;
     * a server it cannot ask means trying again later, a server with peers means an existing cluster and
     * bootstrap is off for good. Otherwise it bootstraps raft with all of them as voters.
     */
    private void maybeBootstrap(Agent a, Instant now) {
        List<Agent> servers = new ArrayList<>();
        for (Agent m : a.pool.members) {
            if (m.config == null || !m.config.datacenter().equals(a.config.datacenter())) {
                continue;
            }
            if (m.advertisedExpect != 0 && m.advertisedExpect != a.bootstrapExpect) {
                return;
            }
            servers.add(m);
        }
        if (servers.size() < a.bootstrapExpect) {
            return;
        }
        for (Agent m : servers) {
            if (!network.linked(a, m)) {
                return;
            }
            if (m.group != null) {
                a.bootstrapExpect = 0;
                return;
            }
        }
        RaftGroup g = new RaftGroup(nextGroupId++, now);
        for (Agent m : servers) {
            g.add(m, true);
            m.bootstrapExpect = 0;
        }
        groups.add(g);
    }

    /** One step of a raft group: election, membership, replication, then the leader's autopilot. */
    private void step(RaftGroup g, Instant now) {
        elect(g, now);
        if (g.leader == null) {
            autopilot.updateHealth(g, now);
            return;
        }
        if (g.autopilot == null) {
            // "loaded by the leader from the agent's autopilot settings when initially bootstrapping"
            // (developer.hashicorp.com/consul/docs/manage/scale/autopilot)
            g.autopilot = g.leader.autopilot;
        }
        initializeAcls(g);
        for (RaftGroup.Peer p : List.copyOf(g.peers.values())) {
            if (p.agent.status == Agent.Status.LEFT) {
                g.remove(p.agent); // the leader reconciles a left member by removing it from raft
            }
        }
        boolean added = addNewServers(g);
        replicate(g);
        autopilot.updateHealth(g, now);
        if (added) {
            autopilot.pruneDeadServers(g); // raft-autopilot raft.go AddServer: "will trigger autopilot to remove dead servers"
        }
        if (!now.isBefore(g.lastReconcile.plus(timings.autopilotInterval()))) {
            autopilot.promoteStableServers(g, now);
            autopilot.pruneDeadServers(g);
            g.lastReconcile = now;
        }
    }

    /**
     * Raft leadership: the leader keeps it while it reaches a majority of the voters (dead ones count in the
     * configuration); without one, a running voter that reaches a majority and is at least as up to date as
     * every voter it reaches wins (raft's election restriction), the most up to date first. Simplification:
     * elections finish within one step; terms are counted, not campaigned.
     */
    private void elect(RaftGroup g, Instant now) {
        List<RaftGroup.Peer> voters = g.voters();
        int quorum = voters.size() / 2 + 1;
        if (g.leader != null) {
            RaftGroup.Peer lp = g.peer(g.leader);
            if (lp == null || !lp.voter || reachable(g.leader, voters) < quorum) {
                g.leader = null;
            }
        }
        if (g.leader != null) {
            return;
        }
        RaftGroup.Peer best = null;
        for (RaftGroup.Peer c : voters) {
            if (!c.agent.alive() || reachable(c.agent, voters) < quorum || !upToDate(c, voters)) {
                continue;
            }
            if (best == null || c.replica.index() > best.replica.index()) {
                best = c;
            }
        }
        if (best != null) {
            g.leader = best.agent;
            g.term++;
            g.autopilotSince = now; // autopilot starts on the new leader
            g.lastReconcile = now;
        }
    }

    private int reachable(Agent a, List<RaftGroup.Peer> voters) {
        int n = 0;
        for (RaftGroup.Peer v : voters) {
            if (network.linked(a, v.agent)) {
                n++;
            }
        }
        return n;
    }

    private boolean upToDate(RaftGroup.Peer candidate, List<RaftGroup.Peer> voters) {
        for (RaftGroup.Peer v : voters) {
            if (v.replica.index() > candidate.replica.index() && network.linked(candidate.agent, v.agent)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The leader adds every running server of its datacenter in its LAN pool that is in no raft configuration,
     * as a non-voter (raft-autopilot raft.go AddServer: "Servers added by this method will start in a
     * non-voting state"); autopilot promotes it once stable. Serf's member event is enough: the configuration
     * change commits on the voters, so a server that gossips but whose RPC TLS refuses is added and stays an
     * unhealthy non-voter.
     */
    private boolean addNewServers(RaftGroup g) {
        boolean added = false;
        for (Agent m : g.leader.pool.members) {
            if (m.alive() && m.group == null && m.config.datacenter().equals(g.leader.config.datacenter())
                    && network.gossips(m, g.leader)) {
                g.add(m, false);
                m.bootstrapExpect = 0; // "Raft data found, disabling bootstrap mode"
                added = true;
            }
        }
        return added;
    }

    /**
     * A leader with ACLs enabled creates the initial management token if it does not exist ({@code
     * acl.tokens.initial_management}: "This token will be created with management-level permissions if it does
     * not exist. It allows operators to bootstrap the ACL system with a token Secret ID that is well-known",
     * developer.hashicorp.com/consul/docs/reference/agent/configuration-file/acl); a leader without ACLs leaves
     * the ACL state alone.
     */
    private static void initializeAcls(RaftGroup g) {
        ServerSecurity s = g.leader.security;
        if (s.aclEnabled()) {
            g.aclTokens.add(s.tokens().initialManagement());
        }
    }

    /**
     * The contract's {@code acl-bootstrap} in the leader's reporter: with the initial management token it creates
     * the agent, status and operator tokens of its server secret (PUT /v1/acl/policy and /v1/acl/token with their
     * SecretIDs), idempotently.
     */
    private static void aclBootstrap(Agent a) {
        RaftGroup g = a.group;
        ServerSecurity s = a.security;
        if (g != null && g.leader == a && s.aclEnabled() && g.aclTokens.contains(s.tokens().initialManagement())) {
            g.aclTokens.add(s.tokens().agent());
            g.aclTokens.add(s.tokens().status());
            g.aclTokens.add(s.tokens().operator());
            if (s.tokens().snapshot() != null) {
                g.aclTokens.add(s.tokens().snapshot());
            }
        }
    }

    /**
     * Whether a request {@code a}'s reporter makes with one of its tokens is allowed. Without ACLs on {@code a}
     * the reporter sends none, and nothing asks. The operator and autopilot reads are forwarded to the leader,
     * which resolves the token (agent/consul/operator_raft_endpoint.go: ForwardRPC before ResolveToken): a
     * leader without ACLs allows it; one with ACLs allows a token in raft's ACL state. A SecretID it does not
     * hold is "ACL not found" (403) whatever the default policy (agent/consul/acl_server.go
     * ResolveIdentityFromToken: only the anonymous token falls back to it).
     */
    private boolean tokenAccepted(Agent a, Function<ServerSecurity.Tokens, String> token) {
        if (!a.security.aclEnabled()) {
            return true;
        }
        RaftGroup g = a.group;
        if (g == null || g.leader == null || !network.linked(a, g.leader)) {
            return false;
        }
        return !g.leader.security.aclEnabled() || g.aclTokens.contains(token.apply(a.security.tokens()));
    }

    /** Every server the leader reaches holds what the leader holds (a new server gets it all, as a snapshot would). */
    private void replicate(RaftGroup g) {
        RaftGroup.Replica leading = g.leaderReplica();
        for (RaftGroup.Peer p : g.peers.values()) {
            if (p.agent != g.leader && network.linked(p.agent, g.leader)) {
                p.replica = leading;
            }
        }
    }

    // ---- the boot script's reporter ----

    private void report(Agent a, Host h, Instant now) {
        BootScript s = a.script;
        if (s.stopped) {
            return;
        }
        if (s.phase == BootScript.Phase.CHECKING && !now.isBefore(s.nextCheck)) {
            aclBootstrap(a);
            ServerApi api = api(a);
            String reason = BootScript.failure(api, currentServerCount(a, h));
            if (reason == null) {
                s.passesInARow++;
            } else {
                s.passesInARow = 0;
                s.lastReason = reason;
            }
            if (s.passesInARow >= timings.joinChecksInARow()) {
                s.phase = BootScript.Phase.OK;
                s.nextStatus = now.plus(timings.statusInterval());
                ec2.appendConsole(a.instanceId, ConsoleLines.joinOk(a.node, api, now));
                snapshots(a, h, now); // boot.sh runs the leader's backups once right after the join, too
            } else if (!now.isBefore(s.started.plus(timings.joinBound()))) {
                s.phase = BootScript.Phase.FAILED;
                ec2.appendConsole(a.instanceId, ConsoleLines.joinFailed(a.node, now, s.lastReason));
            } else {
                s.nextCheck = next(s.nextCheck, now, timings.joinCheckInterval());
            }
        } else if (s.phase == BootScript.Phase.OK && !now.isBefore(s.nextStatus)) {
            aclBootstrap(a);
            reconcileMinQuorum(a, h);
            ec2.appendConsole(a.instanceId, ConsoleLines.status(a.node, api(a), now));
            s.nextStatus = next(s.nextStatus, now, timings.statusInterval());
            snapshots(a, h, now);
        }
    }

    // ---- snapshots (issue 15), on the reporter's status tick

    /**
     * The contract's snapshot duties of the status timer, on a boot script that knows a snapshot bucket: the leader
     * saves one at once (right after its join, or at its first status tick as leader) and then hourly; a {@value #SNAPSHOT_REQUEST_TAG} id a server has not seen before is
     * answered by it if it leads, answered FAILED if it knows no leader, and left to the leader if it knows another;
     * likewise a {@value #RESTORE_REQUEST_TAG} key. Each server sees each id once (its own memory, as a file on the
     * server would be), so a request is answered once: by the leader of the tick that first sees it. A leader that
     * is lost between a follower's tick and its own leaves the request unanswered: the caller asks again with a new id.
     */
    private void snapshots(Agent a, Host h, Instant now) {
        BootScript s = a.script;
        if (s.snapshotBucket == null || h == null) {
            return;
        }
        RaftGroup g = a.group;
        boolean leaderKnown = g != null && g.leader != null && network.linked(a, g.leader);
        boolean leading = leaderKnown && g.leader == a;
        // As consul-secrets backups does with its state file: a leader that has not saved one within the hour saves
        // one at this tick (so a new leader saves at once), and the server remembers it whether it leads later or not.
        if (leading && (s.lastHourlySnapshot == null || !now.isBefore(s.lastHourlySnapshot.plus(SNAPSHOT_INTERVAL)))) {
            saveSnapshot(a, "hourly", now);
            s.lastHourlySnapshot = now;
        }
        String request = h.tags().get(SNAPSHOT_REQUEST_TAG);
        if (request != null && !request.isEmpty() && !request.equals(s.answeredSnapshotRequest)) {
            s.answeredSnapshotRequest = request;
            if (leading) {
                saveSnapshot(a, request, now);
            } else if (!leaderKnown) {
                ec2.appendConsole(a.instanceId, ConsoleLines.snapshotFailed(request, now, ConsulError.NO_LEADER));
            }
        }
        String restore = h.tags().get(RESTORE_REQUEST_TAG);
        if (restore != null && !restore.isEmpty() && !restore.equals(s.answeredRestoreRequest)) {
            s.answeredRestoreRequest = restore;
            if (leading) {
                restoreSnapshot(a, restore, now);
            } else if (!leaderKnown) {
                ec2.appendConsole(a.instanceId, ConsoleLines.restoreFailed(restore, now, ConsulError.NO_LEADER));
            }
        }
    }

    /**
     * Why the leader's snapshot token may not save or restore, or {@code null}: with ACLs the reporter sends the server
     * secret's {@code snapshot_token}, which raft's ACL state must hold (its policy is the contract's, not evaluated).
     */
    private static String snapshotTokenRefusal(Agent a) {
        if (!a.security.aclEnabled()) {
            return null;
        }
        String token = a.security.tokens().snapshot();
        if (token == null) {
            return "the server secret has no snapshot_token";
        }
        return a.group.aclTokens.contains(token) ? null : "ACL: Permission denied (the snapshot token is not accepted)";
    }

    /** {@code consul snapshot save} on the leader, then the upload to {@code s3://<bucket>/<cluster>/<time>-<index>.snap}. */
    private void saveSnapshot(Agent a, String request, Instant now) {
        String reason = a.clusterName == null ? "the instance has no " + CLUSTER_TAG + " tag" : snapshotTokenRefusal(a);
        if (reason == null) {
            RaftGroup g = a.group;
            long index = g.leaderReplica().index();
            String key = Snapshots.key(a.clusterName, now, index);
            try {
                aws.s3().putObject(a.script.snapshotBucket, key, Snapshots.save(a.clusterName, a.config.datacenter(), g));
                ec2.appendConsole(a.instanceId, ConsoleLines.snapshotSaved(request, key, index, now));
                return;
            } catch (AwsError e) {
                reason = uploadFailure("upload", a.script.snapshotBucket, key, e);
            }
        }
        ec2.appendConsole(a.instanceId, ConsoleLines.snapshotFailed(request, now, reason));
    }

    /**
     * The leader downloads the snapshot and runs {@code consul snapshot restore}: raft's state becomes the snapshot's
     * (KV and ACL tokens), committed as one new log entry and replicated to every server the leader reaches. Only a
     * key under the cluster's own prefix is restored (the node role may read nothing else).
     */
    private void restoreSnapshot(Agent a, String key, Instant now) {
        String prefix = a.clusterName + "/";
        String reason = a.clusterName == null ? "the instance has no " + CLUSTER_TAG + " tag"
                : !key.startsWith(prefix) ? "the key is outside the cluster's prefix " + prefix : snapshotTokenRefusal(a);
        if (reason == null) {
            String bucket = a.script.snapshotBucket;
            if (aws.s3().bucket(bucket).isEmpty()) {
                reason = "download of s3://" + bucket + "/" + key + " failed: NoSuchBucket";
            } else {
                Optional<byte[]> data = aws.s3().getObject(bucket, key);
                if (data.isEmpty()) {
                    reason = "download of s3://" + bucket + "/" + key + " failed: NoSuchKey";
                } else {
                    try {
                        Snapshots.State state = Snapshots.read(data.get());
                        RaftGroup g = a.group;
                        RaftGroup.Peer leader = g.peer(a);
                        leader.replica = new RaftGroup.Replica(Math.max(leader.replica.index(), state.index()) + 1, state.kv());
                        g.aclTokens.clear();
                        g.aclTokens.addAll(state.aclTokens());
                        replicate(g);
                        ec2.appendConsole(a.instanceId, ConsoleLines.restored(key, now));
                        return;
                    } catch (IllegalArgumentException e) {
                        reason = e.getMessage();
                    }
                }
            }
        }
        ec2.appendConsole(a.instanceId, ConsoleLines.restoreFailed(key, now, reason));
    }

    private static String uploadFailure(String what, String bucket, String key, AwsError e) {
        return what + " to s3://" + bucket + "/" + key + " failed: " + e.code();
    }

    private static Instant next(Instant due, Instant now, Duration every) {
        Instant next = due.plus(every);
        return next.isAfter(now) ? next : now.plus(every);
    }

    /** N as the reporter reads it at each check: the tag now, or what the server booted with. */
    private static int currentServerCount(Agent a, Host h) {
        Integer tagged = serverCount(h);
        return tagged != null ? tagged : a.serverCount;
    }

    /**
     * The contract: on its status tick, the leader's reporter keeps autopilot's MinQuorum equal to its instance's
     * {@code consul-server-count} tag (PUT /v1/operator/autopilot/configuration with cas), with ACLs sending the
     * operator token.
     */
    private void reconcileMinQuorum(Agent a, Host h) {
        RaftGroup g = a.group;
        Integer n = serverCount(h);
        if (g != null && g.leader == a && g.autopilot != null && n != null && g.autopilot.minQuorum() != n
                && tokenAccepted(a, ServerSecurity.Tokens::operator)) {
            g.autopilot = g.autopilot.withMinQuorum(n);
        }
    }

    /** What the server's HTTP API answers now. */
    private ServerApi api(Agent a) {
        if (!a.alive()) {
            return new ServerApi(false, a.journal == null ? NO_JOURNAL : a.journal, "", 0, false, false, false, 0, 0, 0,
                    false, a.security.consoleFields());
        }
        RaftGroup g = a.group;
        RaftGroup.Peer p = g == null ? null : g.peer(a);
        boolean leaderKnown = g != null && g.leader != null && network.linked(a, g.leader);
        return new ServerApi(true, null, leaderKnown ? g.leader.raftAddress() : "", a.pool.aliveAsSeenBy(a, network),
                p != null && p.voter, leaderKnown && p != null && p.healthy, leaderKnown && autopilot.clusterHealthy(g),
                leaderKnown ? autopilot.failureTolerance(g) : 0, g == null ? 0 : g.voters().size(),
                g == null || g.autopilot == null ? 0 : g.autopilot.minQuorum(),
                tokenAccepted(a, ServerSecurity.Tokens::status), a.security.consoleFields());
    }
}
