package io.consulfactory.cluster;

import io.consulfactory.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHookSpecification;

import java.util.List;
import java.util.Optional;

import static io.consulfactory.aws.AwsErrors.call;

/**
 * The launch lifecycle hook that holds every new server in {@code Pending:Wait} until Consul itself says it
 * is a healthy voter (its {@code CONSUL_JOIN_RESULT=OK} console line): only then does Auto Scaling put it in
 * service, and only then does an instance refresh start the warmup after which it terminates an old server
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/lifecycle-hooks.html, "instance refresh ... waits
 * for lifecycle hooks"). A server nobody admits is abandoned when the heartbeat timeout ends (ABANDON).
 */
public final class JoinGate {

    public static final String HOOK_NAME = "consul-join";
    public static final String TRANSITION = "autoscaling:EC2_INSTANCE_LAUNCHING";
    public static final String DEFAULT_RESULT = "ABANDON";

    /**
     * Boot (about a minute), the boot script's own bound on the join (600 s), and room for the check that
     * reads the result (15 s polls): a server that neither joined nor said why by then is abandoned.
     */
    public static final int HEARTBEAT_TIMEOUT_SECONDS = 900;

    private final AutoScalingClient autoScaling;

    public JoinGate(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    /** The hook as CreateAutoScalingGroup takes it. */
    static LifecycleHookSpecification specification() {
        return LifecycleHookSpecification.builder().lifecycleHookName(HOOK_NAME).lifecycleTransition(TRANSITION)
                .heartbeatTimeout(HEARTBEAT_TIMEOUT_SECONDS).defaultResult(DEFAULT_RESULT).build();
    }

    /** Puts the hook on a group that lacks it or has it set otherwise; whether it had to. */
    boolean ensure(String groupName) {
        Optional<LifecycleHook> hook = call("autoscaling:DescribeLifecycleHooks", () -> autoScaling.describeLifecycleHooks(r -> r
                .autoScalingGroupName(groupName).lifecycleHookNames(HOOK_NAME))).lifecycleHooks().stream().findFirst();
        boolean same = hook.isPresent() && TRANSITION.equals(hook.get().lifecycleTransition())
                && DEFAULT_RESULT.equals(hook.get().defaultResult())
                && Integer.valueOf(HEARTBEAT_TIMEOUT_SECONDS).equals(hook.get().heartbeatTimeout());
        if (!same) {
            call("autoscaling:PutLifecycleHook", () -> autoScaling.putLifecycleHook(r -> r.autoScalingGroupName(groupName)
                    .lifecycleHookName(HOOK_NAME).lifecycleTransition(TRANSITION)
                    .heartbeatTimeout(HEARTBEAT_TIMEOUT_SECONDS).defaultResult(DEFAULT_RESULT)));
        }
        return !same;
    }

    /** Lets a server that joined go into service. */
    void admit(String groupName, String instanceId) {
        complete(groupName, instanceId, "CONTINUE");
    }

    /** Refuses a server that could not join: Auto Scaling terminates it. */
    void reject(String groupName, String instanceId) {
        complete(groupName, instanceId, "ABANDON");
    }

    private void complete(String groupName, String instanceId, String result) {
        try {
            call("autoscaling:CompleteLifecycleAction", () -> autoScaling.completeLifecycleAction(r -> r
                    .autoScalingGroupName(groupName).lifecycleHookName(HOOK_NAME).instanceId(instanceId)
                    .lifecycleActionResult(result)));
        } catch (AwsServiceException e) {
            // A retried check finds the action already completed (the instance left Pending:Wait): done is done.
            if (!AwsErrors.hasCode(e, "ValidationError")) {
                throw e;
            }
        }
    }

    /** Stops the group launching servers that would fail the same way (the next deploy resumes it). */
    void stopLaunching(String groupName) {
        call("autoscaling:SuspendProcesses", () -> autoScaling.suspendProcesses(r -> r.autoScalingGroupName(groupName)
                .scalingProcesses(List.of(LAUNCH))));
    }

    static final String LAUNCH = "Launch";
}
