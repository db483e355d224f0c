package io.consulfactory.cluster;

import io.consulfactory.aws.AwsErrors;
import io.consulfactory.lambda.PollState;
import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.ec2.Ec2Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * The cluster as Consul says it is, read from the servers' consoles, and the gate every new server passes.
 * Each check:
 * <ol>
 *   <li>admits each server held by the {@link JoinGate} that reported a join ({@code CONTINUE}); a server that
 *       reported it could not join is abandoned, a running refresh rolled back at once (the old servers are
 *       still the peers), or, outside a refresh, the group's launching suspended: the check is FAILED, naming
 *       the server and Consul's reason;</li>
 *   <li>waits for a refresh to end (a failed, cancelled or rolled back one is FAILED with AWS's reason);</li>
 *   <li>then asks the servers: READY when the group's servers are all in service on the wanted version, each
 *       with a recent report, all naming the same leader, and as many voters as servers; while the group is
 *       not yet at {@code serverCount}, that is the moment for the next step of one server ({@link Resize}).</li>
 * </ol>
 * FAILED also when the checks run out; PENDING otherwise.
 */
public final class CheckCluster {

    /**
     * Seconds between checks: the most the workflow lags behind the cluster, and while servers are being added,
     * the most a joined server waits in {@code Pending:Wait} for the check that admits it.
     */
    public static final int POLL_SECONDS = 15;

    /** Where the join gate holds a new server. */
    static final String WAITING = "Pending:Wait";

    private final AutoScalingClient autoScaling;
    private final Ec2Client ec2;
    private final JoinGate gate;
    private final ServerConsoles consoles;
    private final Resize resize;

    public CheckCluster(AutoScalingClient autoScaling, Ec2Client ec2) {
        this.autoScaling = autoScaling;
        this.ec2 = ec2;
        this.gate = new JoinGate(autoScaling);
        this.consoles = new ServerConsoles(ec2);
        this.resize = new Resize(autoScaling, ec2);
    }

    public ClusterStatus check(ClusterSpec spec, LaunchTemplate template, Deployment deployment, ClusterStatus previous,
                               int maxChecks) {
        // A READY before this check ended the previous security stage's roll: this roll counts its own checks.
        int checks = (previous == null || previous.status() == PollState.READY ? 0 : previous.checks()) + 1;
        String name = deployment.autoScalingGroupName();
        AutoScalingGroup group = call("autoscaling:DescribeAutoScalingGroups", () -> autoScaling.describeAutoScalingGroups(r -> r
                .autoScalingGroupNames(name))).autoScalingGroups().stream().findFirst().orElse(null);
        if (group == null) {
            return ClusterStatus.failed("Auto Scaling group " + name + " does not exist", 0, null, checks, null);
        }
        String version = String.valueOf(template.version());
        List<Instance> onVersion = group.instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString())
                && "Healthy".equals(i.healthStatus()) && DeployAutoScalingGroup.runs(i, template)).toList();
        int ready = onVersion.size();
        Optional<InstanceRefresh> refresh = refresh(name, deployment.instanceRefreshId());
        String refreshStatus = refresh.map(InstanceRefresh::statusAsString).orElse(null);
        boolean refreshing = refresh.isPresent() && DeployAutoScalingGroup.ACTIVE.contains(refresh.get().status());

        int waiting = 0;
        for (Instance instance : group.instances()) {
            if (!WAITING.equals(instance.lifecycleStateAsString())) {
                continue;
            }
            Optional<ServerReport> join = consoles.read(instance.instanceId()).reports().joinResult();
            if (join.isPresent() && join.get().kind() == ServerReport.Kind.JOINED) {
                gate.admit(name, instance.instanceId());
            } else if (join.isPresent()) {
                return turnAway(name, instance.instanceId(), join.get(), refreshing, ready, refreshStatus, checks);
            } else {
                waiting++;
            }
        }

        if (refresh.isPresent() && !refreshing && !"Successful".equals(refreshStatus)) {
            return ClusterStatus.failed("instance refresh " + deployment.instanceRefreshId() + " of " + name + " ended "
                    + refreshStatus + ": " + refresh.get().statusReason() + " The servers that were serving keep serving;"
                    + " look at the group's activity history.", ready, refreshStatus, checks, null);
        }
        if (!refreshing && group.instances().size() < group.desiredCapacity()) {
            Optional<String> refused = launchRefused(name);
            if (refused.isPresent()) {
                gate.stopLaunching(name);
                return ClusterStatus.failed("Auto Scaling could not launch a server for " + name + ": " + refused.get()
                        + " The group's Launch process is suspended (servers waiting in the join gate are abandoned when it"
                        + " times out); the next deploy resumes it.", ready, refreshStatus, checks, null);
            }
        }
        if (refreshing || waiting > 0) {
            String what = (refreshing ? "refresh " + refreshStatus + " (" + refresh.get().percentageComplete() + "%), " : "")
                    + (waiting > 0 ? waiting + " new server(s) joining Consul, " : "")
                    + ready + " of " + group.desiredCapacity() + " servers in service on version " + version;
            return pendingOrOut(what, ready, refreshStatus, checks, maxChecks, null);
        }

        Verdict verdict = consulVerdict(group, onVersion, version, template.securityStage());
        if (verdict.failed != null) {
            return verdict.failed.withCounts(ready, refreshStatus, checks);
        }
        if (!verdict.problems.isEmpty()) {
            return pendingOrOut(String.join("; ", verdict.problems), ready, refreshStatus, checks, maxChecks, verdict.view);
        }
        int desired = group.desiredCapacity();
        if (desired != spec.serverCount()) {
            int next = resize.step(group, spec.serverCount());
            return ClusterStatus.pending("Consul has " + desired + " voters and a leader; resizing one server at a time: "
                    + desired + " -> " + next + " of " + spec.serverCount(), ready, refreshStatus, checks, POLL_SECONDS, verdict.view);
        }
        ConsulView view = withLeaderInstance(verdict.view, onVersion);
        int stage = template.securityStage();
        if (SecurityStages.running(group) != stage) {
            // Consul reports every server of this roll in place: from now on the cluster runs this stage.
            call("autoscaling:CreateOrUpdateTags", () -> autoScaling.createOrUpdateTags(r -> r.tags(t -> t
                    .resourceId(name).resourceType("auto-scaling-group").key(SecurityStages.TAG)
                    .value(String.valueOf(stage)).propagateAtLaunch(false))));
        }
        if (stage < SecurityStages.FINAL) {
            return ClusterStatus.ready("security stage " + stage + " of " + SecurityStages.FINAL + " is in place on every"
                    + " server (" + SecurityStages.expected(stage) + "); rolling on to stage " + (stage + 1), ready,
                    refreshStatus, checks, view, stage + 1);
        }
        return ClusterStatus.ready(spec.serverCount() + " servers in service on " + template.launchTemplateId() + " version "
                + version + "; Consul: leader " + view.leader() + (view.leaderInstanceId() == null ? "" : " (" + view.leaderInstanceId() + ")")
                + ", " + view.voters() + " voters, failure tolerance " + view.failureTolerance() + "; gossip " + view.gossip()
                + ", TLS " + view.tls() + ", ACLs " + view.acl(), ready, refreshStatus, checks, view, null);
    }

    private ClusterStatus turnAway(String group, String instanceId, ServerReport report, boolean refreshing, int ready,
                                   String refreshStatus, int checks) {
        String done;
        if (refreshing) {
            rollBack(group); // first, so the refresh launches no other new server in the abandoned one's place
            done = "the instance refresh is being rolled back and the old servers are still Consul's peers";
        } else {
            done = "the group's Launch process is suspended so it does not launch servers that fail the same way;"
                    + " the next deploy resumes it";
        }
        gate.reject(group, instanceId);
        if (!refreshing) {
            gate.stopLaunching(group);
        }
        String reason = report.reason().replaceFirst("[.\\s]+$", ""); // it goes on with sentences of its own
        return ClusterStatus.serverFailed(instanceId, "server " + instanceId + " (" + report.node() + ") could not join Consul: "
                + reason + ". It was abandoned; " + done + ".", ready, refreshStatus, checks, null);
    }

    /**
     * Why the group's newest launch failed, when EC2 refused it for good (a quota, a wrong parameter): Auto
     * Scaling would go on trying and failing for as long as the checks last. InsufficientInstanceCapacity is
     * not for good: Auto Scaling tries other zones and capacity comes back.
     */
    private Optional<String> launchRefused(String group) {
        return call("autoscaling:DescribeScalingActivities", () -> autoScaling.describeScalingActivities(r -> r
                .autoScalingGroupName(group).maxRecords(1))).activities().stream().findFirst()
                .filter(a -> "Failed".equals(a.statusCodeAsString()))
                .map(a -> String.valueOf(a.statusMessage()))
                .filter(message -> !message.contains("InsufficientInstanceCapacity")
                        && !message.contains("sufficient") /* EC2's wording for capacity */);
    }

    private void rollBack(String group) {
        try {
            call("autoscaling:RollbackInstanceRefresh", () -> autoScaling.rollbackInstanceRefresh(r -> r.autoScalingGroupName(group)));
        } catch (AwsServiceException e) {
            // A retried check finds it rolling back already (no refresh in progress to roll back): done is done.
            if (!AwsErrors.hasCode(e, "ActiveInstanceRefreshNotFound")) {
                throw e;
            }
        }
    }

    private static ClusterStatus pendingOrOut(String what, int ready, String refreshStatus, int checks, int maxChecks,
                                              ConsulView view) {
        if (checks >= maxChecks) {
            return ClusterStatus.failed("the cluster is not ready after " + checks + " checks: " + what, ready, refreshStatus,
                    checks, view);
        }
        return ClusterStatus.pending(what, ready, refreshStatus, checks, POLL_SECONDS, view);
    }

    /** What the servers' reports say, or the problems that keep the cluster from being ready. */
    private static final class Verdict {
        final List<String> problems = new ArrayList<>();
        Failure failed;
        ConsulView view;
    }

    /** A server in service that says it is out of the cluster (only a server that bypassed the gate can be). */
    private record Failure(String instanceId, String reason) {
        ClusterStatus withCounts(int ready, String refreshStatus, int checks) {
            return ClusterStatus.serverFailed(instanceId, reason, ready, refreshStatus, checks, null);
        }
    }

    private Verdict consulVerdict(AutoScalingGroup group, List<Instance> onVersion, String version, int stage) {
        Verdict verdict = new Verdict();
        int desired = group.desiredCapacity();
        if (group.instances().size() != desired || onVersion.size() != desired) {
            verdict.problems.add(onVersion.size() + " of " + desired + " servers in service on version " + version
                    + (group.instances().size() != onVersion.size() ? " (" + group.instances().size() + " in the group)" : ""));
        }
        Map<String, ServerReport> reports = new LinkedHashMap<>();
        for (Instance instance : onVersion) {
            ServerConsoles.Read read = consoles.read(instance.instanceId());
            Optional<ServerReport> fresh = read.fresh();
            if (read.reports().latest().filter(r -> r.kind() == ServerReport.Kind.JOIN_FAILED).isPresent()) {
                verdict.failed = new Failure(instance.instanceId(), "server " + instance.instanceId() + " is in service but"
                        + " not in the Consul cluster: " + read.reports().latest().get().reason());
                return verdict;
            }
            if (fresh.isEmpty()) {
                verdict.problems.add(instance.instanceId() + " has no recent Consul report");
            } else {
                reports.put(instance.instanceId(), fresh.get());
            }
        }
        Set<String> leaders = new TreeSet<>();
        reports.values().forEach(r -> leaders.add(String.valueOf(r.leader())));
        if (leaders.size() > 1 || leaders.contains("null")) {
            verdict.problems.add("the servers do not agree on one leader: " + leaders);
        }
        Set<Integer> voters = new TreeSet<>();
        reports.values().forEach(r -> voters.add(r.voters()));
        if (!reports.isEmpty() && !voters.equals(Set.of(desired))) {
            verdict.problems.add("Consul reports " + voters + " voters, not " + desired);
        }
        reports.forEach((id, r) -> {
            if (!r.healthy()) {
                verdict.problems.add(id + " reports autopilot unhealthy");
            }
            if (r.kind() == ServerReport.Kind.STATUS && r.minQuorum() != desired) {
                verdict.problems.add(id + " reports autopilot min_quorum " + r.minQuorum() + ", not " + desired);
            }
            SecurityStages.Expected wanted = SecurityStages.expected(stage);
            if (!wanted.matches(r)) {
                verdict.problems.add(id + " reports gossip=" + r.fields().getOrDefault("gossip", "off") + " tls="
                        + r.fields().getOrDefault("tls", "off") + " acl=" + r.fields().getOrDefault("acl", "off")
                        + ", security stage " + stage + " wants " + wanted);
            }
        });
        if (!reports.isEmpty()) {
            ServerReport any = reports.values().iterator().next();
            int tolerance = reports.values().stream().mapToInt(ServerReport::failureTolerance).min().orElse(-1);
            int minQuorum = reports.values().stream().mapToInt(ServerReport::minQuorum).max().orElse(-1);
            verdict.view = new ConsulView(any.leader(), null, any.voters(),
                    reports.values().stream().map(ServerReport::node).sorted().toList(), tolerance, minQuorum,
                    agreed(reports.values(), "gossip"), agreed(reports.values(), "tls"), agreed(reports.values(), "acl"));
        }
        return verdict;
    }

    /** What every server reports for one field ({@code off} from a server that says nothing), or {@code mixed}. */
    private static String agreed(java.util.Collection<ServerReport> reports, String field) {
        Set<String> values = new TreeSet<>();
        reports.forEach(r -> values.add(r.fields().getOrDefault(field, "off")));
        return values.size() == 1 ? values.iterator().next() : "mixed";
    }

    /** The leader's instance, found by its private address (Consul names the leader by address). */
    private ConsulView withLeaderInstance(ConsulView view, List<Instance> servers) {
        if (view == null || view.leader() == null || servers.isEmpty()) {
            return view;
        }
        String address = view.leader().replaceFirst(":\\d+$", "");
        String leader = call("ec2:DescribeInstances", () -> ec2.describeInstances(r -> r.instanceIds(servers.stream()
                .map(Instance::instanceId).toList()))).reservations().stream().flatMap(r -> r.instances().stream())
                .filter(i -> address.equals(i.privateIpAddress())).map(software.amazon.awssdk.services.ec2.model.Instance::instanceId)
                .findFirst().orElse(null);
        return view.withLeaderInstance(leader);
    }

    private Optional<InstanceRefresh> refresh(String name, String refreshId) {
        if (refreshId == null) {
            return Optional.empty();
        }
        return call("autoscaling:DescribeInstanceRefreshes", () -> autoScaling.describeInstanceRefreshes(r -> r
                .autoScalingGroupName(name).instanceRefreshIds(refreshId))).instanceRefreshes().stream().findFirst();
    }
}
