package io.consulfactory.plan;

import io.consulfactory.launch.PublishLaunchTemplate;
import io.consulfactory.spec.ClusterSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Classifies each difference between the spec a running cluster was deployed with and a new one. The rule:
 * a change may go ahead only if every new server can still join the old ones and Consul keeps its quorum
 * while it happens; what cannot is refused, with the way to get there.
 */
public final class ChangePlanner {

    private static final String NEW_CLUSTER = "deploy a new cluster (another clusterName) with it and move the data"
            + " with a snapshot (consul snapshot save, then consul snapshot restore on the new cluster)";

    private ChangePlanner() {
    }

    public static List<Change> compare(ClusterSpec running, ClusterSpec wanted) {
        List<Change> changes = new ArrayList<>();
        if (!running.vpcId().equals(wanted.vpcId())) {
            changes.add(new Change("vpcId", running.vpcId(), wanted.vpcId(), ChangeKind.REFUSED, "servers in another VPC"
                    + " cannot reach the running servers' gossip and RPC ports, so every replacement would fail to join and"
                    + " the cluster cannot move; " + NEW_CLUSTER));
        }
        Set<String> before = new TreeSet<>(running.subnetIds());
        Set<String> after = new TreeSet<>(wanted.subnetIds());
        if (!before.equals(after)) {
            changes.add(new Change("subnetIds", String.join(",", running.subnetIds()), String.join(",", wanted.subnetIds()),
                    ChangeKind.REFUSED, "Auto Scaling would move servers between subnets to rebalance its zones, terminating"
                    + " and launching outside the join gate, several at once; " + NEW_CLUSTER));
        }
        if (!running.datacenter().equals(wanted.datacenter())) {
            changes.add(new Change("datacenter", running.datacenter(), wanted.datacenter(), ChangeKind.REFUSED, "a server"
                    + " joins only the Raft peers of its own datacenter: " + wanted.datacenter() + " servers would form a new,"
                    + " empty cluster while the " + running.datacenter() + " servers leave; " + NEW_CLUSTER));
        }
        if (!running.joinTag().equals(wanted.joinTag())) {
            changes.add(joinTag(running, wanted));
        }
        if (running.serverCount() != wanted.serverCount()) {
            changes.add(new Change("serverCount", String.valueOf(running.serverCount()), String.valueOf(wanted.serverCount()),
                    ChangeKind.STEP, "one server at a time, each step once Consul reports the new number of voters and a leader"));
        }
        int order = compareVersions(wanted.consulVersion(), running.consulVersion());
        if (order < 0) {
            changes.add(new Change("consulVersion", running.consulVersion(), wanted.consulVersion(), ChangeKind.REFUSED,
                    "Consul promises compatibility going forward, not back: an older server can fail on Raft entries a newer"
                    + " leader wrote (developer.hashicorp.com/consul/docs/upgrade/compatibility, hashicorp/consul#2889);"
                    + " restore a snapshot into a new cluster of the older version instead"));
        } else if (order > 0) {
            changes.add(roll("consulVersion", running.consulVersion(), wanted.consulVersion(), "a new image"));
        }
        if (!running.instanceType().equals(wanted.instanceType())) {
            changes.add(roll("instanceType", running.instanceType(), wanted.instanceType(), "a new launch template version"));
        }
        if (!running.baseImage().equals(wanted.baseImage())) {
            changes.add(roll("baseImage", image(running.baseImage()), image(wanted.baseImage()), "a new image"));
        }
        inPlace(changes, "apiAllowedCidrs", running.apiAllowedCidrs(), wanted.apiAllowedCidrs(), "security group rules changed in place");
        inPlace(changes, "sshAllowedCidrs", running.sshAllowedCidrs(), wanted.sshAllowedCidrs(), "security group rules changed in place");
        inPlace(changes, "keepImages", running.keepImages(), wanted.keepImages(), "the factory's own setting");
        inPlace(changes, "maxImageAgeDays", running.maxImageAgeDays(), wanted.maxImageAgeDays(), "the factory's own setting");
        inPlace(changes, "allowSingleZone", running.allowSingleZone(), wanted.allowSingleZone(), "the factory's own setting");
        if (running.maxSnapshotAgeHours() != null) { // a record written before snapshots has none: nothing to compare
            inPlace(changes, "maxSnapshotAgeHours", running.maxSnapshotAgeHours(), wanted.maxSnapshotAgeHours(), "the factory's own setting");
        }
        return List.copyOf(changes);
    }

    /**
     * New servers look for the new tag only: refused unless the running servers already carry it. They carry every
     * tag the factory launched them with ({@link PublishLaunchTemplate#serverTags}), among them
     * {@code consul-cluster=<name>}, so the move from the old default {@code service=consul-server} to the new one is
     * a roll: the new servers find the old ones by the tag they already have.
     */
    private static Change joinTag(ClusterSpec running, ClusterSpec wanted) {
        String from = tag(running.joinTag());
        String to = tag(wanted.joinTag());
        String carried = PublishLaunchTemplate.serverTags(running).get(wanted.joinTag().key());
        if (wanted.joinTag().value().equals(carried)) {
            return new Change("joinTag", from, to, ChangeKind.ROLL, "the running servers already carry " + to + " (the factory"
                    + " tags every server so), so new servers find them by it: a new image, rolled out one server at a time"
                    + " through the join gate");
        }
        return new Change("joinTag", from, to, ChangeKind.REFUSED, "new servers would look for servers tagged " + to
                + ", which the running ones are not, and bootstrap apart from them; " + NEW_CLUSTER);
    }

    private static Change roll(String field, String from, String to, String what) {
        return new Change(field, from, to, ChangeKind.ROLL, what + ", rolled out one server at a time through the join gate");
    }

    private static void inPlace(List<Change> changes, String field, Object from, Object to, String how) {
        if (!Objects.equals(from, to)) {
            changes.add(new Change(field, String.valueOf(from), String.valueOf(to), ChangeKind.IN_PLACE, how));
        }
    }

    private static String tag(ClusterSpec.JoinTag tag) {
        return tag.key() + "=" + tag.value();
    }

    private static String image(ClusterSpec.BaseImage image) {
        return image.imageId() != null ? image.imageId() : image.ssmParameter();
    }

    /** Negative, zero or positive as {@code a} is older than, the same as or newer than {@code b} (x.y.z). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
