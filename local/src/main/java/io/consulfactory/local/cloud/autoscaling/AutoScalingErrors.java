package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.AwsError;

/**
 * Every error the local Auto Scaling answers with, as AWS's code, HTTP status (400, a "Sender" fault, for all of
 * them) and message. Codes are the service model's: the common ones
 * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/CommonErrors.html: {@code InvalidAction},
 * {@code MissingParameter}, {@code ValidationError}) and the faults each operation's API reference lists
 * ({@code AlreadyExists}, {@code LimitExceeded}, {@code ResourceInUse}, {@code InvalidNextToken},
 * {@code InstanceRefreshInProgress}, {@code ActiveInstanceRefreshNotFound}, {@code IrreversibleInstanceRefresh}).
 * Where a message was seen in a capture it is AWS's word for word; where it is ours the factory says so. Tests
 * compare what the SDK raises with these factories.
 */
public final class AutoScalingErrors {

    private AutoScalingErrors() {
    }

    // ---- any call ----

    /** An action this service does not have (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/CommonErrors.html). */
    public static AwsError invalidAction(String action) {
        return AwsError.client("InvalidAction", "Could not find operation " + action + " for version 2011-01-01");
    }

    /** The wording every group call answers with for an unknown group (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/CommonErrors.html). */
    public static AwsError groupNotFound(String name) {
        return AwsError.client("ValidationError", "AutoScalingGroup name not found - AutoScalingGroup " + name + " not found");
    }

    /** MaxRecords out of the call's range (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeAutoScalingInstances.html). */
    public static AwsError maxRecordsOutOfRange(int maxSize) {
        return AwsError.client("ValidationError", "MaxRecords must be between 1 and " + maxSize + ".");
    }

    /** A NextToken no earlier page gave (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeScalingActivities.html). */
    public static AwsError invalidNextToken(String token) {
        return AwsError.client("InvalidNextToken", "The token '" + token + "' is invalid.");
    }

    // ---- groups ----

    /** CreateAutoScalingGroup's AlreadyExists (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html). */
    public static AwsError groupAlreadyExists(String name) {
        return AwsError.client("AlreadyExists", "AutoScalingGroup by this name already exists - A group with the name "
                + name + " already exists");
    }

    /** A new group names no launch template (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html). */
    public static AwsError launchTemplateRequired() {
        return AwsError.client("ValidationError", "Valid requests must contain either LaunchTemplate, LaunchConfigurationName,"
                + " InstanceId or MixedInstancesPolicy parameter.");
    }

    /** Min, max and desired out of order (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_UpdateAutoScalingGroup.html). */
    public static AwsError capacityOutOfRange(int desired, int min, int max) {
        return AwsError.client("ValidationError", "Desired capacity:" + desired + " must be between the specified min size:"
                + min + " and max size:" + max);
    }

    /** A VPCZoneIdentifier subnet EC2 does not have (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html). */
    public static AwsError subnetNotFound(String subnet) {
        return AwsError.client("ValidationError", "The subnet ID '" + subnet + "' does not exist");
    }

    /** A new group names no subnet (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html). */
    public static AwsError subnetRequired() {
        return AwsError.client("ValidationError", "At least one Availability Zone or VPC Subnet is required.");
    }

    /** DeleteAutoScalingGroup's ResourceInUse without ForceDelete (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeleteAutoScalingGroup.html). */
    public static AwsError groupInUse() {
        return AwsError.client("ResourceInUse", "You cannot delete an AutoScalingGroup while there are instances or pending"
                + " Spot instance request(s) still in the group.");
    }

    // ---- instance refreshes ----

    /** StartInstanceRefresh's InstanceRefreshInProgress (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_StartInstanceRefresh.html). */
    public static AwsError refreshInProgress() {
        return AwsError.client("InstanceRefreshInProgress", "An Instance Refresh is already in progress and blocks the"
                + " execution of this Instance Refresh.");
    }

    /** Wording ours; the ranges are RefreshPreferences' (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RefreshPreferences.html). */
    public static AwsError healthyPercentagesOutOfRange() {
        return AwsError.client("ValidationError", "MinHealthyPercentage must be 0-100, MaxHealthyPercentage 100-200, and"
                + " their difference at most 100.");
    }

    /** Wording and code ours: auto rollback asked where none is possible (https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-rollback.html). */
    public static AwsError autoRollbackImpossible(String why) {
        return AwsError.client("ValidationError", "AutoRollback is not possible: " + why);
    }

    /** The wording CancelInstanceRefresh of this service already answers with (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CancelInstanceRefresh.html). */
    public static AwsError noActiveRefresh(String groupName) {
        return AwsError.client("ActiveInstanceRefreshNotFound", "No in progress or pending Instance Refresh found for"
                + " Auto Scaling group " + groupName);
    }

    /** Wording ours; the reasons are RollbackInstanceRefresh's (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RollbackInstanceRefresh.html). */
    public static AwsError irreversible(String why) {
        return AwsError.client("IrreversibleInstanceRefresh", "The instance refresh cannot be rolled back: " + why);
    }

    // ---- lifecycle hooks ----

    /** Seen in captures: no action of that hook open on the instance (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CompleteLifecycleAction.html). */
    public static AwsError noActiveActionForInstance(String instanceId) {
        return AwsError.client("ValidationError", "No active Lifecycle Action found with instance ID " + instanceId);
    }

    /** As above, for a lifecycle action token (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RecordLifecycleActionHeartbeat.html). */
    public static AwsError noActiveActionForToken(String token) {
        return AwsError.client("ValidationError", "No active Lifecycle Action found with token " + token);
    }

    /** Wording ours: the action is named by token or instance (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CompleteLifecycleAction.html). */
    public static AwsError actionNotNamed() {
        return AwsError.client("ValidationError", "Either LifecycleActionToken or InstanceId must be specified.");
    }

    /** Wording ours: "Required for new lifecycle hooks" (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutLifecycleHook.html). */
    public static AwsError transitionRequired(String hookName) {
        return AwsError.client("ValidationError", "LifecycleTransition is required to create lifecycle hook " + hookName + ".");
    }

    /** Wording ours; the two values are PutLifecycleHook's (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutLifecycleHook.html). */
    public static AwsError invalidTransition(String value) {
        return AwsError.client("ValidationError", "Invalid LifecycleTransition '" + value + "': expected "
                + LifecycleHooks.LAUNCHING + " or " + LifecycleHooks.TERMINATING + ".");
    }

    /** Wording ours; "The range is from 30 to 7200 seconds" (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutLifecycleHook.html). */
    public static AwsError heartbeatOutOfRange(int value) {
        return AwsError.client("ValidationError", "HeartbeatTimeout " + value + " is out of range: it must be from "
                + LifecycleHooks.MIN_HEARTBEAT + " to " + LifecycleHooks.MAX_HEARTBEAT + " seconds.");
    }

    /** Wording ours; "Valid values: CONTINUE | ABANDON" (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CompleteLifecycleAction.html). */
    public static AwsError invalidResult(String parameter, String value) {
        return AwsError.client("ValidationError", "Invalid " + parameter + " '" + value + "': expected CONTINUE or ABANDON.");
    }

    /** The model's constraint message, as AWS words every one (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_LifecycleHook.html). */
    public static AwsError invalidHookName(String value) {
        return AwsError.client("ValidationError", "1 validation error detected: Value '" + value + "' at 'lifecycleHookName'"
                + " failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9\\-_\\/]+");
    }

    /** Wording ours; "50 per Auto Scaling group" (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutLifecycleHook.html). */
    public static AwsError tooManyHooks(String groupName) {
        return AwsError.client("LimitExceeded", "Auto Scaling group " + groupName + " already has the maximum of "
                + LifecycleHooks.MAX_PER_GROUP + " lifecycle hooks.");
    }

    /** Wording ours: no such hook on the group (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeleteLifecycleHook.html). */
    public static AwsError hookNotFound(String hookName, String groupName) {
        return AwsError.client("ValidationError", "No lifecycle hook named " + hookName + " found for Auto Scaling group "
                + groupName + ".");
    }

    // ---- processes and tags ----

    /** Wording ours; the process names are SuspendProcesses' (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_SuspendProcesses.html). */
    public static AwsError unknownProcess(String name) {
        return AwsError.client("ValidationError", "Invalid scaling process name '" + name + "'. Valid processes: "
                + String.join(", ", ScalingProcesses.ALL) + ".");
    }

    /** A tag call without tags (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateOrUpdateTags.html). */
    public static AwsError missingTags() {
        return AwsError.client("MissingParameter", "The request must contain the parameter Tags");
    }

    /** A tag that names no group (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Tag.html). */
    public static AwsError missingTagResourceId() {
        return AwsError.client("MissingParameter", "The request must contain the parameter Tags.member.N.ResourceId");
    }

    /** Wording ours; 50 tags per group (https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-tagging.html). */
    public static AwsError tooManyTags(String groupName) {
        return AwsError.client("LimitExceeded", "Auto Scaling group " + groupName + " would have more than "
                + GroupTags.MAX_TAGS + " tags.");
    }

    /** Wording ours: groups are the only resource tagged (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_TagDescription.html). */
    public static AwsError invalidTagResource(String type) {
        return AwsError.client("ValidationError", "Invalid ResourceType '" + type + "': the only supported value is"
                + " auto-scaling-group.");
    }

    /** Wording ours; the filter names are DescribeTags' (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeTags.html). */
    public static AwsError unknownTagFilter(String name) {
        return AwsError.client("ValidationError", "Invalid filter name '" + name + "'. Valid filters: "
                + "auto-scaling-group, key, value, propagate-at-launch.");
    }

    // ---- what any call may meet (the faults a test injects; see Faults) ----

    /** The request rate exceeded Auto Scaling's API quota: https://docs.aws.amazon.com/autoscaling/ec2/APIReference/CommonErrors.html */
    public static AwsError throttling() {
        return AwsError.client("Throttling", "Rate exceeded");
    }

    /** Auto Scaling failed on its side: https://docs.aws.amazon.com/autoscaling/ec2/APIReference/CommonErrors.html */
    public static AwsError internalFailure() {
        return new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
    }
}
