package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.LocalAws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EC2 as the software that runs on its simulated instances meets it (the Consul model, local/consul): the
 * instances with what their operating system knows (address, tags through the metadata service, user data,
 * the disk their image holds), the network between them, their consoles, and a host failure. Each method
 * takes {@link LocalAws}'s lock (the models call them while it simulates, already holding it).
 */
public final class Ec2Hosts {

    /**
     * One instance as a guest sees it, at the moment it was asked for. {@code tags} are the instance's tags
     * (what the metadata service's {@code tags/instance} answers); {@code runningSince} is when it first ran,
     * or {@code null} if it has not.
     */
    public record Host(String instanceId, String state, Instant runningSince, String privateIp, String vpcId,
                       String imageId, List<String> groupIds, Map<String, String> tags, String userData) {

        public boolean running() {
            return state.equals("running");
        }
    }

    private final LocalAws aws;
    private final Ec2Instances instances;
    private final Ec2Images images;
    private final Ec2SecurityGroups groups;
    private final Ec2Tags tags;

    Ec2Hosts(LocalAws aws, Ec2Instances instances, Ec2Images images, Ec2SecurityGroups groups, Ec2Tags tags) {
        this.aws = aws;
        this.instances = instances;
        this.images = images;
        this.groups = groups;
        this.tags = tags;
    }

    /** Every instance EC2 still describes, in launch order. */
    public List<Host> all() {
        synchronized (aws) {
            List<Host> hosts = new ArrayList<>();
            for (Ec2Instances.Instance i : instances.all()) {
                hosts.add(host(i));
            }
            return hosts;
        }
    }

    /** The instance, or {@code null} once EC2 has forgotten it. */
    public Host find(String instanceId) {
        synchronized (aws) {
            Ec2Instances.Instance i = instances.find(instanceId);
            return i == null ? null : host(i);
        }
    }

    private Host host(Ec2Instances.Instance i) {
        return new Host(i.id, i.state.awsName, i.entered.get(Ec2Instances.State.RUNNING), i.privateIp, i.vpcId, i.imageId,
                i.groupIds, Map.copyOf(tags.of(i.id)), i.userData);
    }

    /**
     * What the image's disk holds, as the user data of the builder it was made from (the bake script that
     * installed it); {@code null} for public images and unknown ones.
     */
    public String builderUserData(String imageId) {
        synchronized (aws) {
            return images.builderUserData(imageId);
        }
    }

    /**
     * Whether a packet from one running instance reaches another on a protocol ({@code tcp}, {@code udp}) and
     * port: same VPC (the local AWS has no peering) and both instances' security groups allow it.
     */
    public boolean permits(String fromInstanceId, String toInstanceId, String protocol, int port) {
        synchronized (aws) {
            Ec2Instances.Instance from = instances.find(fromInstanceId);
            Ec2Instances.Instance to = instances.find(toInstanceId);
            if (from == null || to == null || !from.vpcId.equals(to.vpcId)) {
                return false;
            }
            return groups.permits(from.groupIds, from.privateIp, to.groupIds, to.privateIp, protocol, port);
        }
    }

    /** A line written to the running instance's console; ignored when it does not run. */
    public void appendConsole(String instanceId, String line) {
        synchronized (aws) {
            Ec2Instances.Instance i = instances.find(instanceId);
            if (i != null) {
                instances.appendConsole(i, line);
            }
        }
    }

    /** The instance's host fails now: see {@link Ec2Instances#failHardware}. */
    public void failHardware(String instanceId) {
        synchronized (aws) {
            Ec2Instances.Instance i = instances.find(instanceId);
            if (i != null) {
                instances.failHardware(i, aws.clock().now());
            }
        }
    }
}
