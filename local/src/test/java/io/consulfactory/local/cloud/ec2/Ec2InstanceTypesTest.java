package io.consulfactory.local.cloud.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import io.consulfactory.aws.AwsClients;
import io.consulfactory.local.LocalAwsExtension;
import io.consulfactory.local.cloud.AwsCli;
import io.consulfactory.local.cloud.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceTypeHypervisor;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DescribeInstanceTypes, through the real SDK and the AWS CLI. */
@ExtendWith(LocalAwsExtension.class)
class Ec2InstanceTypesTest {

    private final Ec2Client ec2 = AwsClients.ec2();

    private InstanceTypeInfo type(String name) {
        return ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(name)).instanceTypes().get(0);
    }

    private List<String> names(String filter, String... values) {
        return ec2.describeInstanceTypes(r -> r.filters(f -> f.name(filter).values(values))).instanceTypes().stream()
                .map(InstanceTypeInfo::instanceTypeAsString).toList();
    }

    @Test
    void eachTypeIsDescribedWithItsHypervisorArchitectureCpusAndMemory() {
        InstanceTypeInfo t3 = type("t3.small");
        assertEquals(InstanceTypeHypervisor.NITRO, t3.hypervisor());
        assertEquals(List.of(ArchitectureType.X86_64), t3.processorInfo().supportedArchitectures());
        assertEquals(2, t3.vCpuInfo().defaultVCpus());
        assertEquals(2048L, t3.memoryInfo().sizeInMiB());
        assertTrue(t3.currentGeneration());
        assertTrue(t3.burstablePerformanceSupported());

        InstanceTypeInfo t2 = type("t2.micro");
        assertEquals(InstanceTypeHypervisor.XEN, t2.hypervisor());
        assertEquals(List.of(ArchitectureType.I386, ArchitectureType.X86_64), t2.processorInfo().supportedArchitectures());
        assertEquals(1, t2.vCpuInfo().defaultVCpus());

        InstanceTypeInfo graviton = type("m7g.large");
        assertEquals(List.of(ArchitectureType.ARM64), graviton.processorInfo().supportedArchitectures());
        assertEquals(8192L, graviton.memoryInfo().sizeInMiB());
        assertEquals(2, graviton.vCpuInfo().defaultCores(), "no hyperthreading on Graviton");

        assertFalse(type("m4.large").currentGeneration(), "AWS calls m4 a previous generation");
        assertEquals(2, ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings("c4.large", "t4g.small")).instanceTypes().size());
    }

    @Test
    void unknownTypesAreAwsInvalidInstanceTypeListingEveryOne() {
        Ec2Exception e = assertThrows(Ec2Exception.class, () -> ec2.describeInstanceTypes(r -> r
                .instanceTypesWithStrings("t3.small", "m5n.large", "t3.nano-ish")));

        assertEquals("InvalidInstanceType", e.awsErrorDetails().errorCode());
        assertEquals("The following supplied instance types do not exist: [m5n.large, t3.nano-ish]", e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode());
    }

    @Test
    void filtersSelectByHypervisorArchitectureAndNameWithWildcards() {
        assertEquals(List.of("c4.large", "m4.large", "t2.medium", "t2.micro", "t2.small"), names("hypervisor", "xen"));
        assertEquals(List.of("c7g.large", "m6g.large", "m7g.large", "t4g.medium", "t4g.small"),
                names("processor-info.supported-architecture", "arm64"));
        assertEquals(List.of("t3.large", "t3.medium", "t3.micro", "t3.small"), names("instance-type", "t3.*"));
        assertEquals(List.of("t3.small", "t3a.small", "t4g.small"), ec2.describeInstanceTypes(r -> r.filters(
                f -> f.name("instance-type").values("t*.small"), f -> f.name("hypervisor").values("nitro"),
                f -> f.name("vcpu-info.default-vcpus").values("2"))).instanceTypes().stream()
                .map(InstanceTypeInfo::instanceTypeAsString).toList(), "filters AND-ed: t2.small is xen");
        assertEquals("InvalidParameterValue", assertThrows(Ec2Exception.class, () -> names("network-info.efa-supported", "true"))
                .awsErrorDetails().errorCode(), "a real filter the local EC2 does not know is refused, not ignored");
    }

    @Test
    void theSdkPaginatorWalksEveryPage() {
        var firstPage = ec2.describeInstanceTypes(r -> r.maxResults(5));
        assertEquals(5, firstPage.instanceTypes().size());
        assertTrue(firstPage.nextToken() != null);

        long all = ec2.describeInstanceTypesPaginator(r -> r.maxResults(5)).instanceTypes().stream().count();

        assertEquals(Ec2InstanceTypes.TYPES.size(), all);
        assertEquals("InvalidParameterValue", assertThrows(Ec2Exception.class, () -> ec2.describeInstanceTypes(r -> r.maxResults(2)))
                .awsErrorDetails().errorCode());
    }

    /** The AWS CLI (botocore) reads the same answer. */
    @Test
    void theAwsCliReadsTheAnswer(LocalAws local) throws Exception {
        JsonNode types = AwsCli.json(local, "ec2", "describe-instance-types", "--instance-types", "t4g.small", "m4.large",
                "--query", "sort_by(InstanceTypes, &InstanceType)");

        assertEquals("m4.large", types.get(0).get("InstanceType").asText());
        assertEquals("xen", types.get(0).get("Hypervisor").asText());
        assertEquals(8192, types.get(0).get("MemoryInfo").get("SizeInMiB").asInt());
        assertEquals("arm64", types.get(1).get("ProcessorInfo").get("SupportedArchitectures").get(0).asText());
        assertEquals(2, types.get(1).get("VCpuInfo").get("DefaultVCpus").asInt());
        assertTrue(types.get(1).get("CurrentGeneration").asBoolean());
    }
}
