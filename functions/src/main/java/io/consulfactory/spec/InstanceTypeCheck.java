package io.consulfactory.spec;

import io.consulfactory.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceTypeHypervisor;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * Checks {@code instanceType} against EC2 before anything is made: it must exist in the region, be built on
 * the Nitro system, and run the architecture the base image is chosen for. Nitro because the join gate reads
 * each server's live console with {@code GetConsoleOutput Latest=true}, which only Nitro instances serve
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetConsoleOutput.html); on Xen the console is a
 * copy taken at boot and the gate would never see a server join.
 */
public final class InstanceTypeCheck {

    private final Ec2Client ec2;

    public InstanceTypeCheck(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public void check(ClusterSpec spec) {
        String type = spec.instanceType();
        InstanceTypeInfo info;
        try {
            info = call("ec2:DescribeInstanceTypes", () -> ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(type)))
                    .instanceTypes().stream().findFirst().orElse(null);
        } catch (AwsServiceException e) {
            if (!AwsErrors.hasCode(e, "InvalidInstanceType")) {
                throw e;
            }
            info = null;
        }
        if (info == null) {
            throw InvalidSpecException.of("instanceType", "'" + type + "' is not an EC2 instance type offered in this region"
                    + " (ec2:DescribeInstanceTypes does not know it)");
        }
        if (info.hypervisor() != InstanceTypeHypervisor.NITRO) {
            throw InvalidSpecException.of("instanceType", "'" + type + "' runs on the " + info.hypervisorAsString()
                    + " hypervisor; the servers must be Nitro instance types (e.g. t3, m5, m6i, m7g), because the factory"
                    + " reads each server's live console (GetConsoleOutput Latest=true) to see it join Consul");
        }
        String architecture = ClusterSpecParser.architectureOf(type);
        if (info.processorInfo() != null && !info.processorInfo().supportedArchitecturesAsStrings().contains(architecture)) {
            throw InvalidSpecException.of("instanceType", "'" + type + "' does not run " + architecture
                    + " (it supports " + info.processorInfo().supportedArchitecturesAsStrings() + ")");
        }
    }
}
