package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What stands between a launch and a new instance besides its own parameters: the account's On-Demand vCPU quota
 * and the capacity of each availability zone. The state is the quota and the zones without capacity; the checks
 * and their two errors are below, each as EC2 words it.
 *
 * <p>The quota is "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" (Service Quotas code
 * L-1216C47A), counted in vCPUs: "Amazon EC2 measures usage towards each limit based on the total number of vCPUs
 * that are assigned to the running On-Demand instances in your AWS account" (EC2 user guide, "On-Demand Instance
 * quotas"). Every type of the catalogue ({@link Ec2InstanceTypes}) is of a standard family, so every local
 * instance counts; the other quotas (F, G and VT, P, X, Inf, DL, Trn, HPC …) would count types the catalogue does
 * not offer, so the local EC2 has none of them.
 *
 * <p>Simplifications: an account's default quota depends on the account (new accounts get less); the local
 * default is {@value #DEFAULT_STANDARD_VCPUS} vCPUs, set lower by {@link Ec2Service#onDemandStandardVcpuQuota(int)}.
 * Instances count while pending, running, stopping or shutting down (not once stopped or terminated). There are no
 * Spot instances, Capacity Reservations or Dedicated Hosts. A zone is out of capacity for every type at once, only
 * while a test says so ({@link Ec2Service#insufficientCapacity(String)}), and the zones the message offers instead
 * are those of the local subnets.
 */
final class Ec2Capacity {

    /** The local default of L-1216C47A, in vCPUs. */
    static final int DEFAULT_STANDARD_VCPUS = 1152;
    /** The families the standard quota counts, by the first letter of the type's name. */
    private static final String STANDARD_FAMILIES = "acdhimrtz";

    private int standardVcpuQuota = DEFAULT_STANDARD_VCPUS;
    private final Set<String> zonesWithoutCapacity = new TreeSet<>();

    void reset() {
        standardVcpuQuota = DEFAULT_STANDARD_VCPUS;
        zonesWithoutCapacity.clear();
    }

    void standardVcpuQuota(int vcpus) {
        if (vcpus < 0) {
            throw new IllegalArgumentException("a quota is at least 0 vCPUs: " + vcpus);
        }
        standardVcpuQuota = vcpus;
    }

    int standardVcpuQuota() {
        return standardVcpuQuota;
    }

    void withoutCapacity(String zone, boolean without) {
        if (without) {
            zonesWithoutCapacity.add(zone);
        } else {
            zonesWithoutCapacity.remove(zone);
        }
    }

    Set<String> zonesWithoutCapacity() {
        return Set.copyOf(zonesWithoutCapacity);
    }

    static boolean standard(Ec2InstanceTypes.Type type) {
        return STANDARD_FAMILIES.indexOf(type.name().charAt(0)) >= 0;
    }

    /**
     * How many instances of the type, from {@code min} to {@code max}, fit the quota beside the {@code usedVcpus}
     * already running: RunInstances launches no instance when fewer than MinCount can be launched (its API
     * reference, MinCount), and otherwise as many as it can up to MaxCount.
     */
    int fitting(Ec2InstanceTypes.Type type, int usedVcpus, int min, int max) {
        if (!standard(type)) {
            return max;
        }
        int fit = Math.max(0, standardVcpuQuota - usedVcpus) / type.vcpus();
        if (fit < min) {
            throw vcpuLimitExceeded(standardVcpuQuota);
        }
        return Math.min(max, fit);
    }

    /** Refuses a launch into a zone without capacity; {@code knownZones} are the zones EC2 could offer instead. */
    void requireCapacity(Ec2InstanceTypes.Type type, String zone, Collection<String> knownZones) {
        if (zonesWithoutCapacity.contains(zone)) {
            List<String> others = new TreeSet<>(knownZones).stream().filter(z -> !zonesWithoutCapacity.contains(z)).toList();
            throw insufficientCapacity(type.name(), zone, others);
        }
    }

    /**
     * VcpuLimitExceeded, a client error, word for word as EC2 answers it (captures: "You have requested more vCPU
     * capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type
     * belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.").
     */
    static AwsError vcpuLimitExceeded(int limit) {
        return AwsError.client("VcpuLimitExceeded", "You have requested more vCPU capacity than your current vCPU limit of "
                + limit + " allows for the instance bucket that the specified instance type belongs to. Please visit"
                + " http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.");
    }

    /**
     * InsufficientInstanceCapacity, a server error (HTTP 500: the EC2 API reference's "Server error codes"; the old
     * tools printed it as "Server.InsufficientInstanceCapacity"), as EC2 words it (captures: "We currently do not have
     * sufficient t1.micro capacity in the Availability Zone you requested (us-east-1a). Our system will be working on
     * provisioning additional capacity. You can currently get t1.micro capacity by not specifying an Availability Zone
     * in your request or choosing us-east-1d, us-east-1b."). With no other zone to offer, the last sentence is left
     * out (ours). Being a 5xx, the SDKs retry it before they raise it.
     */
    static AwsError insufficientCapacity(String type, String zone, List<String> otherZones) {
        String message = "We currently do not have sufficient " + type + " capacity in the Availability Zone you requested ("
                + zone + "). Our system will be working on provisioning additional capacity.";
        if (!otherZones.isEmpty()) {
            message += " You can currently get " + type + " capacity by not specifying an Availability Zone in your request"
                    + " or choosing " + String.join(", ", otherZones) + ".";
        }
        return new AwsError(500, "InsufficientInstanceCapacity", message);
    }
}
