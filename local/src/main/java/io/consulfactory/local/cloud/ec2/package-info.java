/**
 * The local EC2: AWS's EC2 query protocol (API version 2016-11-15, XML answers in the
 * {@code http://ec2.amazonaws.com/doc/2016-11-15/} namespace; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html),
 * behind the doorway {@link io.consulfactory.local.cloud.ec2.Ec2Service}.
 * <p>
 * State: {@link io.consulfactory.local.cloud.ec2.Ec2SecurityGroups} (groups, rules, the rules quota, who may talk to
 * whom), {@link io.consulfactory.local.cloud.ec2.Ec2Network} (VPCs and subnets), {@link io.consulfactory.local.cloud.ec2.Network}
 * (a seeded network), {@link io.consulfactory.local.cloud.ec2.Ec2Tags} (every resource's tags),
 * {@link io.consulfactory.local.cloud.ec2.Ec2Filters} (describe filters, applied),
 * {@link io.consulfactory.local.cloud.ec2.Ec2Instances}, {@link io.consulfactory.local.cloud.ec2.Ec2Images},
 * {@link io.consulfactory.local.cloud.ec2.Ec2LaunchTemplates}, {@link io.consulfactory.local.cloud.ec2.Ec2InstanceTypes},
 * {@link io.consulfactory.local.cloud.ec2.Ec2Capacity}, {@link io.consulfactory.local.cloud.ec2.Ec2Hosts},
 * {@link io.consulfactory.local.cloud.ec2.BakeOutcome}, {@link io.consulfactory.local.cloud.ec2.Ec2Timings}.
 * <p>
 * Wire: {@link io.consulfactory.local.cloud.ec2.Ec2SecurityGroupsWire}, {@link io.consulfactory.local.cloud.ec2.Ec2NetworkWire},
 * {@link io.consulfactory.local.cloud.ec2.Ec2TagsWire} (and the TagSpecification.N parameters of every action),
 * {@link io.consulfactory.local.cloud.ec2.Ec2FiltersWire} (the Filter.N parameters of every describe),
 * {@link io.consulfactory.local.cloud.ec2.Ec2Wire} (DryRun), {@link io.consulfactory.local.cloud.ec2.Ec2InstancesWire},
 * {@link io.consulfactory.local.cloud.ec2.Ec2ImagesWire}, {@link io.consulfactory.local.cloud.ec2.Ec2LaunchTemplatesWire},
 * {@link io.consulfactory.local.cloud.ec2.Ec2InstanceTypesWire}.
 * <p>
 * Errors: {@link io.consulfactory.local.cloud.ec2.Ec2Errors}, each with AWS's code, status and message
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
 * <p>
 * Simplifications: no default VPC (every VPC is made by a test or a caller); security group rules take CIDRs and
 * groups as peers, not prefix lists, and the rules quota is not adjustable; of the tag restrictions only the reserved
 * {@code aws:} prefix is enforced; DryRun always "would have succeeded" (IAM policies are not evaluated).
 */
package io.consulfactory.local.cloud.ec2;
