package io.consulfactory.local.cloud.ec2;

import java.util.List;

/**
 * The catalogue of real instance types that launches and DescribeInstanceTypes use: the families the factory may be
 * given (Xen and Nitro, x86_64 and arm64). Each type's facts are those DescribeInstanceTypes answers for it, as
 * captured from AWS (moto's {@code instance_types.json}, written by its {@code scripts/get_instance_info.py}, 2026):
 * note that AWS now calls c4, c5, m4, m5, m6i and r5 not of the current generation. The catalogue is the state;
 * {@link Ec2InstanceTypesWire} the wire (DescribeInstanceTypes,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypes.html).
 *
 * <p>Simplifications: only the catalogue's types exist (a real type left out is "not found" here); each type
 * carries the fields below and no network, EBS, storage or accelerator details, nor FreeTierEligible (which
 * depends on the account and Region); the filters are the few named in {@link #attribute}.
 */
public final class Ec2InstanceTypes {

    /** One type's facts, as InstanceTypeInfo names them. */
    record Type(String name, String hypervisor, List<String> architectures, String manufacturer, double clockGhz,
                int vcpus, int cores, int threadsPerCore, long memoryMiB, boolean currentGeneration, boolean burstable,
                List<String> bootModes) {
    }

    private static final List<String> X86 = List.of("x86_64");
    private static final List<String> X86_AND_I386 = List.of("i386", "x86_64");
    private static final List<String> ARM = List.of("arm64");
    private static final List<String> BIOS = List.of("legacy-bios");
    private static final List<String> BIOS_AND_UEFI = List.of("legacy-bios", "uefi");
    private static final List<String> UEFI = List.of("uefi");

    /** The catalogue, by name (the order DescribeInstanceTypes answers in here). */
    static final List<Type> TYPES = List.of(
            new Type("c4.large", "xen", X86, "Intel", 2.9, 2, 1, 2, 3840, false, false, BIOS),
            new Type("c5.large", "nitro", X86, "Intel", 3.4, 2, 1, 2, 4096, false, false, BIOS_AND_UEFI),
            new Type("c6i.large", "nitro", X86, "Intel", 3.5, 2, 1, 2, 4096, true, false, BIOS_AND_UEFI),
            new Type("c7g.large", "nitro", ARM, "AWS", 2.6, 2, 2, 1, 4096, true, false, UEFI),
            new Type("m4.large", "xen", X86, "Intel", 2.4, 2, 1, 2, 8192, false, false, BIOS),
            new Type("m5.large", "nitro", X86, "Intel", 3.1, 2, 1, 2, 8192, false, false, BIOS_AND_UEFI),
            new Type("m6g.large", "nitro", ARM, "AWS", 2.5, 2, 2, 1, 8192, true, false, UEFI),
            new Type("m6i.large", "nitro", X86, "Intel", 3.5, 2, 1, 2, 8192, false, false, BIOS_AND_UEFI),
            new Type("m7g.large", "nitro", ARM, "AWS", 2.6, 2, 2, 1, 8192, true, false, UEFI),
            new Type("m7i.large", "nitro", X86, "Intel", 3.2, 2, 1, 2, 8192, true, false, BIOS_AND_UEFI),
            new Type("r5.large", "nitro", X86, "Intel", 3.1, 2, 1, 2, 16384, false, false, BIOS_AND_UEFI),
            new Type("t2.medium", "xen", X86_AND_I386, "Intel", 2.3, 2, 2, 1, 4096, true, true, BIOS),
            new Type("t2.micro", "xen", X86_AND_I386, "Intel", 2.5, 1, 1, 1, 1024, true, true, BIOS),
            new Type("t2.small", "xen", X86_AND_I386, "Intel", 2.5, 1, 1, 1, 2048, true, true, BIOS),
            new Type("t3.large", "nitro", X86, "Intel", 2.5, 2, 1, 2, 8192, true, true, BIOS_AND_UEFI),
            new Type("t3.medium", "nitro", X86, "Intel", 2.5, 2, 1, 2, 4096, true, true, BIOS_AND_UEFI),
            new Type("t3.micro", "nitro", X86, "Intel", 2.5, 2, 1, 2, 1024, true, true, BIOS_AND_UEFI),
            new Type("t3.small", "nitro", X86, "Intel", 2.5, 2, 1, 2, 2048, true, true, BIOS_AND_UEFI),
            new Type("t3a.small", "nitro", X86, "AMD", 2.2, 2, 1, 2, 2048, true, true, BIOS_AND_UEFI),
            new Type("t4g.medium", "nitro", ARM, "AWS", 2.5, 2, 2, 1, 4096, true, true, UEFI),
            new Type("t4g.small", "nitro", ARM, "AWS", 2.5, 2, 2, 1, 2048, true, true, UEFI));

    private Ec2InstanceTypes() {
    }

    /** The type's facts, or {@code null} when the catalogue has no such type. */
    static Type find(String name) {
        return TYPES.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The type a launch asks for, if EC2 offers it: RunInstances (and Auto Scaling's launch from a template) with any
     * other type is {@code InvalidParameterValue} "Invalid value 't3.nano' for InstanceType." (the message as AWS
     * words it, e.g. in moto's issue 1695). The catalogue is the source of truth: a real type outside it is refused
     * as if EC2 did not offer it, and so is EC2's own default when a launch names none (m1.small: RunInstances'
     * API reference), which the catalogue leaves out.
     */
    static Type offered(String name) {
        Type type = find(name);
        if (type == null) {
            throw Ec2Errors.instanceTypeNotOffered(name);
        }
        return type;
    }

    /** The types named, in the catalogue's order (all of them when none is named); every one must exist. */
    static List<Type> named(List<String> names) {
        List<String> missing = names.stream().filter(n -> find(n) == null).toList();
        if (!missing.isEmpty()) {
            throw Ec2Errors.instanceTypesNotFound(missing);
        }
        return TYPES.stream().filter(t -> names.isEmpty() || names.contains(t.name())).toList();
    }

    /** A type's values for the filters the local EC2 knows (names from DescribeInstanceTypes' API reference). */
    static List<String> attribute(Type t, String filter) {
        return switch (filter) {
            case "instance-type" -> List.of(t.name());
            case "hypervisor" -> List.of(t.hypervisor());
            case "processor-info.supported-architecture" -> t.architectures();
            case "current-generation" -> List.of(String.valueOf(t.currentGeneration()));
            case "burstable-performance-supported" -> List.of(String.valueOf(t.burstable()));
            case "vcpu-info.default-vcpus" -> List.of(String.valueOf(t.vcpus()));
            case "memory-info.size-in-mib" -> List.of(String.valueOf(t.memoryMiB()));
            case "supported-boot-mode" -> t.bootModes();
            default -> null;
        };
    }
}
