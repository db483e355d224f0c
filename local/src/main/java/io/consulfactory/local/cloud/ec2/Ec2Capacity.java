package io.consulfactory.local.cloud.ec2;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What stands between a launch and a new instance besides its own parameters: the account's On-Demand vCPU quota
 * and the capacity of each availability zone. The state is the quota and the zones without capacity; the checks
 * are below, their two errors in {@link Ec2Errors}.
 *
 * <p>The quota is "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" (Service Quotas code
 * L-1216C47A), counted in vCPUs: "Amazon EC2 measures usage towards each limit based on the total number of vCPUs
 * that are assigned to the running On-Demand instances in your AWS account" (EC2 user guide, "On-Demand Instance
 * quotas", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-on-demand-instances.html). Every type of the
 * catalogue ({@link Ec2InstanceTypes}) is of a standard family, so every local instance counts; the other quotas
 * (F, G and VT, P, X, Inf, DL, Trn, HPC …) would count types the catalogue does not offer, so the local EC2 has none
 * of them.
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
     * already running: RunInstances launches no instance when fewer than MinCount can be launched
     * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html, MinCount), and otherwise as many
     * as it can up to MaxCount.
     */
    int fitting(Ec2InstanceTypes.Type type, int usedVcpus, int min, int max) {
        if (!standard(type)) {
            return max;
        }
        int fit = Math.max(0, standardVcpuQuota - usedVcpus) / type.vcpus();
        if (fit < min) {
            throw Ec2Errors.vcpuLimitExceeded(standardVcpuQuota);
        }
        return Math.min(max, fit);
    }

    /** Refuses a launch into a zone without capacity; {@code knownZones} are the zones EC2 could offer instead. */
    void requireCapacity(Ec2InstanceTypes.Type type, String zone, Collection<String> knownZones) {
        if (zonesWithoutCapacity.contains(zone)) {
            List<String> others = new TreeSet<>(knownZones).stream().filter(z -> !zonesWithoutCapacity.contains(z)).toList();
            throw Ec2Errors.insufficientInstanceCapacity(type.name(), zone, others);
        }
    }
}
