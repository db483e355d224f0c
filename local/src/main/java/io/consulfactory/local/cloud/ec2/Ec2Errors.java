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

    // ---- what any call may meet (the faults a test injects; see Faults) ----

    /** The account's API request rate was exceeded (RequestLimitExceeded, HTTP 503): https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html */
    public static AwsError requestLimitExceeded() {
        return new AwsError(503, "RequestLimitExceeded", "Request limit exceeded.");
    }

    /** EC2 failed on its side (InternalError, HTTP 500): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html */
    public static AwsError internalError() {
        return new AwsError(500, "InternalError", "An internal error has occurred");
    }

    // ---- instances, images, launch templates, instance types, capacity ----

    /** RunInstances' MinCount and MaxCount: each at least 1, MaxCount at least MinCount (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html); wording ours. */
    public static AwsError invalidInstanceCount() {
        return AwsError.client("InvalidParameterValue", "MinCount and MaxCount must be at least 1, and MaxCount at least MinCount");
    }

    /** An instance type whose architecture is not the image's (InvalidParameterValue, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError architectureMismatch(String typeArchitecture, String imageArchitecture) {
        return AwsError.client("InvalidParameterValue", "The architecture '" + typeArchitecture + "' of the specified instance type"
                + " does not match the architecture '" + imageArchitecture + "' of the specified AMI. Specify an"
                + " instance type and an AMI that have matching architectures, and try again.");
    }

    /** A launch without a subnet, where EC2 would use the default VPC the local AWS does not have (MissingParameter, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError missingSubnetId() {
        return AwsError.client("MissingParameter", "The request must contain the parameter SubnetId (the local AWS has no default VPC)");
    }

    /** A security group of another VPC than the subnet's (InvalidParameter, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError groupAndSubnetInDifferentNetworks(String groupId, String subnetId) {
        return AwsError.client("InvalidParameter", "Security group " + groupId + " and subnet " + subnetId
                + " belong to different networks.");
    }

    /** An instance profile EC2 cannot use yet (IAM has not propagated it) or at all (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IamInstanceProfileSpecification.html). */
    public static AwsError invalidIamInstanceProfile(String given, boolean byArn) {
        return AwsError.client("InvalidParameterValue", "Value (" + given + ") for parameter iamInstanceProfile."
                + (byArn ? "arn" : "name") + " is invalid. Invalid IAM Instance Profile " + (byArn ? "ARN" : "name"));
    }

    /** User data that is not base64 (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html, UserData: "must be base64-encoded"). */
    public static AwsError invalidUserDataEncoding() {
        return AwsError.client("InvalidParameterValue", "Invalid BASE64 encoding of user data.");
    }

    /** User data over 16 KB before base64 (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html); wording ours. */
    public static AwsError userDataTooLarge(int limitBytes) {
        return AwsError.client("InvalidParameterValue", "User data is limited to " + limitBytes + " bytes");
    }

    /** A root volume smaller than the image's snapshot (InvalidBlockDeviceMapping, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError volumeSmallerThanSnapshot(int sizeGiB, String snapshotId, int snapshotSizeGiB) {
        return AwsError.client("InvalidBlockDeviceMapping", "Volume of size " + sizeGiB + "GB is smaller than snapshot '"
                + snapshotId + "', expect size >= " + snapshotSizeGiB + "GB");
    }

    /** A subnet with no free address left (InsufficientFreeAddressesInSubnet, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError insufficientFreeAddressesInSubnet(String subnetId) {
        return AwsError.client("InsufficientFreeAddressesInSubnet", "There are not enough free addresses in subnet '"
                + subnetId + "' to satisfy the requested number of instances.");
    }

    /** StopInstances on an instance shutting down or terminated (IncorrectInstanceState, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError incorrectInstanceStateForStop(String instanceId) {
        return AwsError.client("IncorrectInstanceState", "This instance '" + instanceId + "' is not in a state from which it can be stopped.");
    }

    /** An instance id not of the form i-xxxxxxxx or i-xxxxxxxxxxxxxxxxx (InvalidInstanceID.Malformed, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidInstanceIdMalformed(String instanceId) {
        return AwsError.client("InvalidInstanceID.Malformed", "Invalid id: \"" + instanceId + "\"");
    }

    /** An instance EC2 does not know, or no longer describes (InvalidInstanceID.NotFound, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidInstanceIdNotFound(String instanceId) {
        return AwsError.client("InvalidInstanceID.NotFound", "The instance ID '" + instanceId + "' does not exist");
    }

    /** An image that exists but is not available (pending or failed) to launch (InvalidAMIID.Unavailable, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidAmiIdUnavailable(String imageId) {
        return AwsError.client("InvalidAMIID.Unavailable", "The image id '[" + imageId + "]' is not available");
    }

    /** An image id not of the form ami-xxxxxxxx or ami-xxxxxxxxxxxxxxxxx (InvalidAMIID.Malformed, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidAmiIdMalformed(String imageId) {
        return AwsError.client("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\" (expecting \"ami-...\")");
    }

    /** An image that does not exist or was deregistered (InvalidAMIID.NotFound, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidAmiIdNotFound(String imageId) {
        return AwsError.client("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist");
    }

    /** CreateImage of an instance shutting down or terminated (IncorrectInstanceState, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError incorrectInstanceStateForImage(String instanceId) {
        return AwsError.client("IncorrectInstanceState", "The instance '" + instanceId + "' is not in a state from which it can be imaged.");
    }

    /** CreateImage's Name constraints: 3-128 characters of a given set (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html). */
    public static AwsError invalidAmiNameMalformed() {
        return AwsError.client("InvalidAMIName.Malformed", "AMI names must be between 3 and 128 characters long, and may"
                + " contain letters, numbers, '(', ')', '.', '-', '/' and '_'");
    }

    /** An AMI name the account already uses (InvalidAMIName.Duplicate, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidAmiNameDuplicate(String name, String imageId) {
        return AwsError.client("InvalidAMIName.Duplicate", "AMI name " + name + " is already in use by AMI " + imageId);
    }

    /** DeregisterImage of an image the account does not own (AuthFailure, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError notAuthorizedForImage(String imageId) {
        return AwsError.client("AuthFailure", "Not authorized for image:" + imageId);
    }

    /** A snapshot that does not exist or was deleted (InvalidSnapshot.NotFound, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidSnapshotNotFound(String snapshotId) {
        return AwsError.client("InvalidSnapshot.NotFound", "The snapshot '" + snapshotId + "' does not exist.");
    }

    /** DeleteSnapshot of a registered image's snapshot (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSnapshot.html; InvalidSnapshot.InUse, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidSnapshotInUse(String snapshotId, String imageId) {
        return AwsError.client("InvalidSnapshot.InUse", "The snapshot " + snapshotId + " is currently in use by " + imageId);
    }

    /** A launch template version (number, $Latest or $Default) the template does not have (InvalidLaunchTemplateId.VersionNotFound, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError launchTemplateVersionNotFound(String versionRef, String templateId) {
        return AwsError.client("InvalidLaunchTemplateId.VersionNotFound", "Could not find launch template version " + versionRef
                + " for launch template " + templateId + ".");
    }

    /** CreateLaunchTemplate's LaunchTemplateName constraints: 3-128 letters, digits and ( ) . - / _ (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html). */
    public static AwsError invalidLaunchTemplateNameMalformed() {
        return AwsError.client("InvalidLaunchTemplateName.MalformedException", "A launch template name must be between 3"
                + " and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'");
    }

    /** A launch template name already in use (InvalidLaunchTemplateName.AlreadyExistsException, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError launchTemplateNameAlreadyExists() {
        return AwsError.client("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use.");
    }

    /** DescribeLaunchTemplates naming a template that does not exist (InvalidLaunchTemplateName.NotFoundException, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError launchTemplatesNotFound() {
        return AwsError.client("InvalidLaunchTemplateName.NotFoundException",
                "At least one of the launch templates specified in the request does not exist.");
    }

    /** A launch template id that does not exist (InvalidLaunchTemplateId.NotFound, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidLaunchTemplateIdNotFound(String templateId) {
        return AwsError.client("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID "
                + templateId + ", does not exist.");
    }

    /** A launch template name that does not exist (InvalidLaunchTemplateName.NotFoundException, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidLaunchTemplateNameNotFound(String name) {
        return AwsError.client("InvalidLaunchTemplateName.NotFoundException", "The specified launch template, with template name " + name
                + ", does not exist.");
    }

    /** A request naming no launch template: "You must specify either the launch template ID or the launch template name" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplateVersion.html). */
    public static AwsError missingLaunchTemplateIdOrName() {
        return AwsError.client("MissingParameter", "The request must contain the parameter LaunchTemplateName or LaunchTemplateId");
    }

    /**
     * Auto Scaling's answer for a group whose launch template does not exist (ValidationError,
     * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/CommonErrors.html).
     */
    public static AwsError autoScalingLaunchTemplateNotFound(String idOrName) {
        return AwsError.client("ValidationError", "The specified launch template does not exist: " + idOrName);
    }

    /** InstanceMetadataTags is enabled or disabled (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateInstanceMetadataOptionsRequest.html); wording ours. */
    public static AwsError invalidInstanceMetadataTags(String value) {
        return AwsError.client("InvalidParameterValue", "Value (" + value + ") for parameter"
                + " LaunchTemplateData.MetadataOptions.InstanceMetadataTags is invalid. Valid values: enabled, disabled.");
    }

    /** A launch with an instance type EC2 does not offer (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html, InstanceType), as AWS words it (moto issue 1695). */
    public static AwsError instanceTypeNotOffered(String instanceType) {
        return AwsError.client("InvalidParameterValue", "Invalid value '" + instanceType + "' for InstanceType.");
    }

    /** DescribeInstanceTypes' MaxResults is 5 to 100 (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypes.html); wording ours. */
    public static AwsError invalidInstanceTypesMaxResults(int maxResults) {
        return AwsError.client("InvalidParameterValue", "Value (" + maxResults + ") for parameter maxResults is invalid."
                + " Expecting a value between 5 and 100.");
    }

    /**
     * Instance types that do not exist (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypes.html), as AWS words it (captures:
     * "InvalidInstanceType: The following supplied instance types do not exist: [m5n.large, m5zn.large]").
     */
    public static AwsError instanceTypesNotFound(java.util.List<String> missing) {
        return AwsError.client("InvalidInstanceType", "The following supplied instance types do not exist: ["
                + String.join(", ", missing) + "]");
    }

    /** A NextToken this EC2 did not give (InvalidNextToken, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html). */
    public static AwsError invalidNextToken() {
        return AwsError.client("InvalidNextToken", "The provided NextToken is not valid.");
    }

    /**
     * A launch over the account's On-Demand vCPU quota (VcpuLimitExceeded,
     * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html), word for word as EC2 answers it.
     */
    public static AwsError vcpuLimitExceeded(int limitVcpus) {
        return AwsError.client("VcpuLimitExceeded", "You have requested more vCPU capacity than your current vCPU limit of "
                + limitVcpus + " allows for the instance bucket that the specified instance type belongs to. Please visit"
                + " http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.");
    }

    /**
     * A zone without capacity: InsufficientInstanceCapacity, a server error (HTTP 500, "Server error codes" of
     * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html), as EC2 words it; with no other zone to offer, the last sentence is left out (ours).
     */
    public static AwsError insufficientInstanceCapacity(String instanceType, String zone, java.util.List<String> otherZones) {
        String message = "We currently do not have sufficient " + instanceType + " capacity in the Availability Zone you requested ("
                + zone + "). Our system will be working on provisioning additional capacity.";
        if (!otherZones.isEmpty()) {
            message += " You can currently get " + instanceType + " capacity by not specifying an Availability Zone in your request"
                    + " or choosing " + String.join(", ", otherZones) + ".";
        }
        return new AwsError(500, "InsufficientInstanceCapacity", message);
    }

    // ---- security groups, network, tags, filters, the doorway ----

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
