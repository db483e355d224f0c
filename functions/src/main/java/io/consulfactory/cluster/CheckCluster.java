package io.consulfactory.cluster;

import io.consulfactory.launch.LaunchTemplate;
import io.consulfactory.spec.ClusterSpec;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;

import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * READY when the group has {@code serverCount} servers in service and healthy on the wanted template
 * version and no refresh is running; FAILED when this run's refresh failed, was cancelled or rolled back
 * (with AWS's reason), or when the checks run out; PENDING otherwise.
 */
public final class CheckCluster {

    /**
     * Seconds between checks when the cluster could be ready at the next one (servers booting, the refresh's
     * last replacement): the most the workflow can lag behind a ready cluster.
     */
    public static final int POLL_SECONDS = 15;

    /**
     * Seconds between checks while a rolling refresh still has more than one server to replace: each takes
     * a boot and a warmup (minutes), so nothing can be ready sooner and a closer look costs transitions.
     */
    public static final int REFRESH_POLL_SECONDS = 60;

    private final AutoScalingClient autoScaling;

    public CheckCluster(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    public ClusterStatus check(ClusterSpec spec, LaunchTemplate template, Deployment deployment, ClusterStatus previous,
                               int maxChecks) {
        int checks = (previous == null ? 0 : previous.checks()) + 1;
        String name = deployment.autoScalingGroupName();
        AutoScalingGroup group = call("autoscaling:DescribeAutoScalingGroups", () -> autoScaling.describeAutoScalingGroups(r -> r
                .autoScalingGroupNames(name))).autoScalingGroups().stream().findFirst().orElse(null);
        if (group == null) {
            return new ClusterStatus(ClusterStatus.FAILED, "Auto Scaling group " + name + " does not exist", 0, null, checks, 0);
        }
        String version = String.valueOf(template.version());
        int ready = (int) group.instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString())
                && "Healthy".equals(i.healthStatus()) && i.launchTemplate() != null
                && template.launchTemplateId().equals(i.launchTemplate().launchTemplateId())
                && version.equals(i.launchTemplate().version())).count();
        Optional<InstanceRefresh> refresh = refresh(name, deployment.instanceRefreshId());
        String refreshStatus = refresh.map(InstanceRefresh::statusAsString).orElse(null);
        if (refresh.isPresent() && !DeployAutoScalingGroup.ACTIVE.contains(refresh.get().status())
                && !"Successful".equals(refreshStatus)) {
            return new ClusterStatus(ClusterStatus.FAILED, "instance refresh " + deployment.instanceRefreshId() + " of " + name
                    + " ended " + refreshStatus + ": " + refresh.get().statusReason() + " The servers that were serving keep"
                    + " serving; look at the group's activity history.", ready, refreshStatus, checks, 0);
        }
        boolean refreshing = refresh.isPresent() && DeployAutoScalingGroup.ACTIVE.contains(refresh.get().status());
        if (!refreshing && ready == spec.serverCount() && group.instances().size() == spec.serverCount()) {
            return new ClusterStatus(ClusterStatus.READY, spec.serverCount() + " servers in service on " + template.launchTemplateId()
                    + " version " + version, ready, refreshStatus, checks, 0);
        }
        String waiting = (refreshing ? "refresh " + refreshStatus + " (" + refresh.get().percentageComplete() + "%), " : "")
                + ready + " of " + spec.serverCount() + " servers in service on version " + version;
        if (checks >= maxChecks) {
            return new ClusterStatus(ClusterStatus.FAILED, "the cluster is not ready after " + checks + " checks: " + waiting,
                    ready, refreshStatus, checks, 0);
        }
        return new ClusterStatus(ClusterStatus.PENDING, waiting, ready, refreshStatus, checks,
                refreshing && !lastReplacement(refresh.get(), spec.serverCount()) ? REFRESH_POLL_SECONDS : POLL_SECONDS);
    }

    /** Whether the refresh is on its last server: all but one replaced (AWS's percentage counts replaced servers). */
    static boolean lastReplacement(InstanceRefresh refresh, int servers) {
        Integer done = refresh.percentageComplete();
        return done != null && done * servers >= 100 * (servers - 1) - servers; // within rounding of (n-1)/n
    }

    private Optional<InstanceRefresh> refresh(String name, String refreshId) {
        if (refreshId == null) {
            return Optional.empty();
        }
        return call("autoscaling:DescribeInstanceRefreshes", () -> autoScaling.describeInstanceRefreshes(r -> r
                .autoScalingGroupName(name).instanceRefreshIds(refreshId))).instanceRefreshes().stream().findFirst();
    }
}
