package io.consulfactory.local.cloud.ec2;

import java.util.List;

/** A VPC and its subnets, as seeded into the local AWS. */
public record Network(String vpcId, String vpcCidr, List<String> subnetIds) {
}
