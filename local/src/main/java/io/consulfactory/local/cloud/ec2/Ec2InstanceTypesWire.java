package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * DescribeInstanceTypes on the wire (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypes.html):
 * reads {@code InstanceType.N}, {@code Filter.N}, {@code MaxResults} and {@code NextToken}, and renders each
 * {@link Ec2InstanceTypes.Type} as an {@code InstanceTypeInfo}.
 */
final class Ec2InstanceTypesWire {

    private Ec2InstanceTypesWire() {
    }

    /**
     * {@code InstanceType.N} (every one must exist), {@code Filter.N}, and pages by {@code MaxResults} (5 to 100,
     * the API reference's range) and {@code NextToken} (ours: the next offset).
     */
    static Object describe(QueryParams p) {
        List<Ec2InstanceTypes.Type> named = Ec2InstanceTypes.named(p.strings("InstanceType"));
        Ec2Filters filters = Ec2FiltersWire.parse(p);
        List<Ec2InstanceTypes.Type> matching = named.stream()
                .filter(t -> filters.matches(Map.of(), n -> Ec2InstanceTypes.attribute(t, n))).toList();
        Integer max = p.integer("MaxResults");
        if (max != null && (max < 5 || max > 100)) {
            throw Ec2Errors.invalidInstanceTypesMaxResults(max);
        }
        int from = offset(p.get("NextToken"));
        int to = max == null ? matching.size() : Math.min(matching.size(), from + max);
        List<Xml> out = new ArrayList<>();
        out.add(node("instanceTypeSet", matching.subList(Math.min(from, matching.size()), to).stream()
                .map(Ec2InstanceTypesWire::typeXml).toList()));
        if (to < matching.size()) {
            out.add(el("nextToken", to));
        }
        return out;
    }

    private static int offset(String token) {
        if (token == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(token);
            if (n >= 0 && n <= Ec2InstanceTypes.TYPES.size()) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to EC2's error
        }
        throw Ec2Errors.invalidNextToken();
    }

    private static Xml typeXml(Ec2InstanceTypes.Type t) {
        return node("item", el("instanceType", t.name()), el("currentGeneration", t.currentGeneration()),
                node("supportedUsageClasses", el("item", "on-demand"), el("item", "spot")),
                node("supportedRootDeviceTypes", el("item", "ebs")),
                node("supportedVirtualizationTypes", el("item", "hvm")),
                el("bareMetal", false), el("hypervisor", t.hypervisor()),
                node("processorInfo", node("supportedArchitectures", t.architectures().stream().map(a -> el("item", a)).toList()),
                        el("sustainedClockSpeedInGhz", t.clockGhz()), el("manufacturer", t.manufacturer())),
                node("vCpuInfo", el("defaultVCpus", t.vcpus()), el("defaultCores", t.cores()),
                        el("defaultThreadsPerCore", t.threadsPerCore())),
                node("memoryInfo", el("sizeInMiB", t.memoryMiB())),
                el("instanceStorageSupported", false),
                el("burstablePerformanceSupported", t.burstable()),
                node("supportedBootModes", t.bootModes().stream().map(m -> el("item", m)).toList()));
    }
}
