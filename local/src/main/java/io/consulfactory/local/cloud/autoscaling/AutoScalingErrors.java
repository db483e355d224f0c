package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.AwsError;

/**
 * The Auto Scaling errors the lifecycle hooks, processes, tags and rollbacks answer with. Codes are the
 * service model's ({@code ValidationError}, and the faults' codes: {@code LimitExceeded},
 * {@code ActiveInstanceRefreshNotFound}, {@code IrreversibleInstanceRefresh}, {@code ResourceInUse}). Where a
 * message was seen in a capture it is AWS's word for word; the others say so and are ours.
 */
final class AutoScalingErrors {

    private AutoScalingErrors() {
    }

    /** The wording every group call answers with for an unknown group (as the older calls of this service do). */
    static AwsError groupNotFound(String name) {
        return AwsError.client("ValidationError", "AutoScalingGroup name not found - AutoScalingGroup " + name + " not found");
    }

    /**
     * Seen in captures ("ValidationError: No active Lifecycle Action found with instance ID i-08406e13ee788fc10"):
     * the answer for an instance with no action of that hook open, whether the hook or the wait is missing.
     */
    static AwsError noActiveActionForInstance(String instanceId) {
        return AwsError.client("ValidationError", "No active Lifecycle Action found with instance ID " + instanceId);
    }

    /** As above, for a lifecycle action token (captures: "No active Lifecycle Action found with token …"). */
    static AwsError noActiveActionForToken(String token) {
        return AwsError.client("ValidationError", "No active Lifecycle Action found with token " + token);
    }

    /** Wording ours: a complete or heartbeat call must name the action by its token or by the instance. */
    static AwsError actionNotNamed() {
        return AwsError.client("ValidationError", "Either LifecycleActionToken or InstanceId must be specified.");
    }

    /** Wording ours (PutLifecycleHook: "Required for new lifecycle hooks, but optional when updating"). */
    static AwsError transitionRequired(String hookName) {
        return AwsError.client("ValidationError", "LifecycleTransition is required to create lifecycle hook " + hookName + ".");
    }

    /** Wording ours; the two values are the API reference's. */
    static AwsError invalidTransition(String value) {
        return AwsError.client("ValidationError", "Invalid LifecycleTransition '" + value + "': expected "
                + LifecycleHooks.LAUNCHING + " or " + LifecycleHooks.TERMINATING + ".");
    }

    /** Wording ours; the range is the API reference's ("The range is from 30 to 7200 seconds"). */
    static AwsError heartbeatOutOfRange(int value) {
        return AwsError.client("ValidationError", "HeartbeatTimeout " + value + " is out of range: it must be from "
                + LifecycleHooks.MIN_HEARTBEAT + " to " + LifecycleHooks.MAX_HEARTBEAT + " seconds.");
    }

    /** Wording ours; the values are the API reference's ("Valid values: CONTINUE | ABANDON"). */
    static AwsError invalidResult(String parameter, String value) {
        return AwsError.client("ValidationError", "Invalid " + parameter + " '" + value + "': expected CONTINUE or ABANDON.");
    }

    /** The service model's constraint message, in the shape AWS writes every model constraint. */
    static AwsError invalidHookName(String value) {
        return AwsError.client("ValidationError", "1 validation error detected: Value '" + value + "' at 'lifecycleHookName'"
                + " failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9\\-_\\/]+");
    }

    /** Wording ours; the quota ("50 per Auto Scaling group") is PutLifecycleHook's API reference. */
    static AwsError tooManyHooks(String groupName) {
        return AwsError.client("LimitExceeded", "Auto Scaling group " + groupName + " already has the maximum of "
                + LifecycleHooks.MAX_PER_GROUP + " lifecycle hooks.");
    }

    /** Wording ours. */
    static AwsError hookNotFound(String hookName, String groupName) {
        return AwsError.client("ValidationError", "No lifecycle hook named " + hookName + " found for Auto Scaling group "
                + groupName + ".");
    }

    /** The wording CancelInstanceRefresh of this service already answers with. */
    static AwsError noActiveRefresh(String groupName) {
        return AwsError.client("ActiveInstanceRefreshNotFound", "No in progress or pending Instance Refresh found for"
                + " Auto Scaling group " + groupName);
    }

    /** Wording ours; the reasons are RollbackInstanceRefresh's API reference. */
    static AwsError irreversible(String why) {
        return AwsError.client("IrreversibleInstanceRefresh", "The instance refresh cannot be rolled back: " + why);
    }

    /** Wording ours; the process names are SuspendProcesses' API reference. */
    static AwsError unknownProcess(String name) {
        return AwsError.client("ValidationError", "Invalid scaling process name '" + name + "'. Valid processes: "
                + String.join(", ", ScalingProcesses.ALL) + ".");
    }

    /** Wording ours; the quota (50 tags per group) is the user guide's "Tag restrictions". */
    static AwsError tooManyTags(String groupName) {
        return AwsError.client("LimitExceeded", "Auto Scaling group " + groupName + " would have more than "
                + GroupTags.MAX_TAGS + " tags.");
    }

    /** Wording ours: the only resource type Auto Scaling tags is a group (TagDescription's API reference). */
    static AwsError invalidTagResource(String type) {
        return AwsError.client("ValidationError", "Invalid ResourceType '" + type + "': the only supported value is"
                + " auto-scaling-group.");
    }

    /** Wording ours; the filter names are DescribeTags' API reference. */
    static AwsError unknownTagFilter(String name) {
        return AwsError.client("ValidationError", "Invalid filter name '" + name + "'. Valid filters: "
                + "auto-scaling-group, key, value, propagate-at-launch.");
    }
}
