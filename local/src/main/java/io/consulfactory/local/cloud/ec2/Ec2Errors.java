package io.consulfactory.local.cloud.ec2;

import io.consulfactory.local.cloud.AwsError;

/**
 * The EC2 errors the local EC2 answers with: AWS's code, HTTP status and message, each citing the page it follows.
 * Codes are those of https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (client errors are
 * HTTP 400 unless that page or the operation's reference says otherwise).
 */
public final class Ec2Errors {

    private Ec2Errors() {
    }

    // ---- instances, images, launch templates, instance types, capacity (helper ec2a) ----

    // ---- security groups, network, tags, filters, the doorway (helper ec2b) ----

    /** A security group id that names no group (errors-overview: InvalidGroup.NotFound): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html */
    public static AwsError invalidGroupNotFound(String groupIdOrName) {
        return AwsError.client("InvalidGroup.NotFound", "The security group '" + groupIdOrName + "' does not exist");
    }

    /** A security group id not of the form sg-xxxxxxxx(xxxxxxxxx) (InvalidGroupId.Malformed): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html */
    public static AwsError invalidGroupIdMalformed(String groupId) {
        return AwsError.client("InvalidGroupId.Malformed", "Invalid id: \"" + groupId + "\" (expecting \"sg-...\")");
    }

    /** A group name already used in the VPC ("You can't have two security groups for the same VPC with the same name"): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html */
    public static AwsError invalidGroupDuplicate(String groupName, String vpcId) {
        return AwsError.client("InvalidGroup.Duplicate", "The security group '" + groupName + "' already exists for VPC '" + vpcId + "'");
    }

    /** A group name starting with sg- ("Constraints: ... Can't start with sg-"): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html */
    public static AwsError groupNameLooksLikeAnId() {
        return AwsError.client("InvalidParameterValue", "Group names may not be in the format sg-*.");
    }

    /** A group name or description over 255 characters ("Constraints: Up to 255 characters in length"): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html */
    public static AwsError groupNameOrDescriptionTooLong() {
        return AwsError.client("InvalidParameterValue", "Group name and description are limited to 255 characters.");
    }

    /** The VPC's default group ("can't be the default security group for a VPC"): https://docs.aws.amazon.com/vpc/latest/userguide/deleting-security-groups.html */
    public static AwsError cannotDeleteDefaultGroup(String groupId) {
        return AwsError.client("CannotDelete", "the specified group: \"" + groupId + "\" name: \"default\" cannot be deleted by a user");
    }

    /** A group still used by an instance or referenced by another group's rule: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html */
    public static AwsError dependencyViolation(String groupId) {
        return AwsError.client("DependencyViolation", "resource " + groupId + " has a dependent object");
    }

    /** A rule the group already has, or one given twice (InvalidPermission.Duplicate): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html */
    public static AwsError invalidPermissionDuplicate(String rule) {
        return AwsError.client("InvalidPermission.Duplicate", "the specified rule \"" + rule + "\" already exists");
    }

    /** Over the quota "Inbound or outbound rules per security group" (60): https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html */
    public static AwsError rulesPerSecurityGroupLimitExceeded() {
        return AwsError.client("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.");
    }

    /** An authorize or revoke without IpPermissions (MissingParameter): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html; wording ours. */
    public static AwsError noIpPermissions() {
        return AwsError.client("MissingParameter", "No IpPermissions given");
    }

    /** A TCP/UDP/ICMP permission without both FromPort and ToPort: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html */
    public static AwsError portRangeMissing() {
        return AwsError.client("InvalidParameterValue", "Invalid value for portRange. Must specify both from and to ports with TCP/UDP.");
    }

    /** A TCP/UDP port range outside 0-65535 or reversed: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html */
    public static AwsError portRangeInvalid(int fromPort, int toPort) {
        return AwsError.client("InvalidParameterValue", "Invalid value for portRange. from port " + fromPort + " to port " + toPort);
    }

    /** An IpProtocol other than tcp, udp, icmp, their numbers or -1: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html */
    public static AwsError unknownProtocol(String protocol) {
        return AwsError.client("InvalidParameterValue", "Invalid value '" + protocol + "' for IP protocol. Unknown protocol.");
    }

    /** A CidrIp or CidrIpv6 that is not a CIDR block of its family: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html */
    public static AwsError malformedCidr(String cidr) {
        return AwsError.client("InvalidParameterValue", "CIDR block " + cidr + " is malformed");
    }

    /** Simplification: prefix-list peers (PrefixListIds) are refused here: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html; wording ours. */
    public static AwsError prefixListsNotSupported() {
        return AwsError.client("InvalidParameterValue", "Prefix lists are not supported by the local AWS");
    }

    /** A permission naming no peer (no IpRanges, Ipv6Ranges, UserIdGroupPairs or PrefixListIds): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html; wording ours. */
    public static AwsError noPeer() {
        return AwsError.client("InvalidParameterValue", "The request must contain a CIDR, a group or a prefix list as peer");
    }

    /** A VPC id that names no VPC (InvalidVpcID.NotFound): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html */
    public static AwsError invalidVpcIdNotFound(String vpcId) {
        return AwsError.client("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
    }

    /** A subnet id that names no subnet (InvalidSubnetID.NotFound): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html */
    public static AwsError invalidSubnetIdNotFound(String subnetId) {
        return AwsError.client("InvalidSubnetID.NotFound", "The subnet ID '" + subnetId + "' does not exist");
    }

    /** A TagSpecification for a resource type the action does not make: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TagSpecification.html */
    public static AwsError notTaggableHere(String resourceType) {
        return AwsError.client("InvalidParameterValue", "'" + resourceType + "' is not a valid taggable resource type for this operation.");
    }

    /** A tag key with the reserved aws: prefix (tag restrictions): https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions */
    public static AwsError reservedTagKey() {
        return AwsError.client("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
    }

    /**
     * A resource id CreateTags or DeleteTags does not know, with the NotFound code of its kind (by its prefix) or
     * InvalidID: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
     */
    public static AwsError unknownResourceId(String resourceId) {
        String prefix = resourceId.contains("-") ? resourceId.substring(0, resourceId.indexOf('-')) : resourceId;
        String code = switch (prefix) {
            case "sg" -> "InvalidGroup.NotFound";
            case "i" -> "InvalidInstanceID.NotFound";
            case "ami" -> "InvalidAMIID.NotFound";
            case "vpc" -> "InvalidVpcID.NotFound";
            case "subnet" -> "InvalidSubnetID.NotFound";
            case "snap" -> "InvalidSnapshot.NotFound";
            case "vol" -> "InvalidVolume.NotFound";
            case "lt" -> "InvalidLaunchTemplateId.NotFound";
            default -> "InvalidID";
        };
        return AwsError.client(code, "The ID '" + resourceId + "' is not valid");
    }

    /** A filter name the describe call does not have ("The filters supported by a describe operation are documented with the describe operation"): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Filter.html */
    public static AwsError invalidFilter(String name) {
        return AwsError.client("InvalidParameterValue", "The filter '" + name + "' is invalid");
    }

    /** DryRun=true with the permission (HTTP 412, DryRunOperation); the local AWS grants every call: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html */
    public static AwsError dryRunOperation() {
        return new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
    }

    /** An action the local EC2 does not have (InvalidAction): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html */
    public static AwsError invalidAction(String action) {
        return AwsError.client("InvalidAction", "The action " + action + " is not valid for this web service.");
    }
}
