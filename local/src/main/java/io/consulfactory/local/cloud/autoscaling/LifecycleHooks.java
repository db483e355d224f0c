package io.consulfactory.local.cloud.autoscaling;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One group's lifecycle hooks and the lifecycle actions open on its instances (state only: the wire is
 * {@link LifecycleHookWire}, the errors {@link AutoScalingErrors}). An instance that enters a wait state gets one
 * action per hook of that transition; each ends by CompleteLifecycleAction, or by its hook's default result when the heartbeat
 * timeout or the global timeout passes; the wait ends with the last action, or at once on an ABANDON
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/lifecycle-hooks-overview.html: a launch abandoned is
 * terminated; for a termination "ABANDON stops any remaining actions, such as other lifecycle hooks, and CONTINUE
 * allows any other lifecycle hooks to complete").
 *
 * <p>Simplification: no notification is sent (EventBridge, SNS, SQS): a test reads an action's token with
 * {@link AutoScalingService#lifecycleActionToken}, as it would from the notification.
 */
final class LifecycleHooks {

    static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
    static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";
    static final String CONTINUE = "CONTINUE";
    static final String ABANDON = "ABANDON";
    /**
     * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutLifecycleHook.html: "The range is from 30 to 7200
     * seconds. The default value is 3600".
     */
    static final int MIN_HEARTBEAT = 30;
    static final int MAX_HEARTBEAT = 7200;
    static final int DEFAULT_HEARTBEAT = 3600;
    /**
     * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutLifecycleHook.html: "which by default is 50 per
     * Auto Scaling group".
     */
    static final int MAX_PER_GROUP = 50;
    /**
     * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_LifecycleHook.html, GlobalTimeout: "The maximum is
     * 172800 seconds (48 hours) or 100 times HeartbeatTimeout".
     */
    static final long MAX_GLOBAL_SECONDS = 172_800;

    record Hook(String name, String transition, int heartbeatTimeout, String defaultResult, String notificationTargetArn,
                String roleArn, String notificationMetadata) {

        long globalTimeout() {
            return Math.min(100L * heartbeatTimeout, MAX_GLOBAL_SECONDS);
        }
    }

    /** A hook as a PutLifecycleHook or a LifecycleHookSpecification gives it: absent fields are {@code null}. */
    record HookRequest(String name, String transition, Integer heartbeatTimeout, String defaultResult,
                       String notificationTargetArn, String roleArn, String notificationMetadata) {
    }

    /** One hook's wait on one instance. */
    static final class Action {
        final Hook hook;
        final String instanceId;
        final String token;
        final Instant globalDeadline;
        Instant deadline;

        Action(Hook hook, String instanceId, String token, Instant started) {
            this.hook = hook;
            this.instanceId = instanceId;
            this.token = token;
            this.deadline = started.plusSeconds(hook.heartbeatTimeout());
            this.globalDeadline = started.plusSeconds(hook.globalTimeout());
        }
    }

    /** An instance's wait is over: with CONTINUE (every action continued) or ABANDON, and why. */
    record Outcome(String instanceId, String transition, String result, String cause) {
    }

    private final Map<String, Hook> hooks = new LinkedHashMap<>();
    private final List<Action> actions = new ArrayList<>();
    /** The transition each waiting instance waits in. */
    private final Map<String, String> transitions = new LinkedHashMap<>();
    private int opened;

    /**
     * Creates the hook or updates the fields given (PutLifecycleHook: "Creates or updates"); a new hook needs its
     * transition. The request's values are valid already; the group's rules are checked here.
     */
    Hook put(String groupName, HookRequest r) {
        Hook old = hooks.get(r.name());
        if (old == null && r.transition() == null) {
            throw AutoScalingErrors.transitionRequired(r.name());
        }
        if (old == null && hooks.size() >= MAX_PER_GROUP) {
            throw AutoScalingErrors.tooManyHooks(groupName);
        }
        Hook hook = new Hook(r.name(),
                r.transition() != null ? r.transition() : old.transition(),
                r.heartbeatTimeout() != null ? r.heartbeatTimeout() : old != null ? old.heartbeatTimeout() : DEFAULT_HEARTBEAT,
                r.defaultResult() != null ? r.defaultResult() : old != null ? old.defaultResult() : ABANDON,
                r.notificationTargetArn() != null ? r.notificationTargetArn() : old != null ? old.notificationTargetArn() : null,
                r.roleArn() != null ? r.roleArn() : old != null ? old.roleArn() : null,
                r.notificationMetadata() != null ? r.notificationMetadata() : old != null ? old.notificationMetadata() : null);
        hooks.put(hook.name(), hook);
        return hook;
    }

    /** The hooks named (unknown names are left out, as DescribeLifecycleHooks does), or all. */
    List<Hook> hooks(List<String> names) {
        return hooks.values().stream().filter(h -> names.isEmpty() || names.contains(h.name())).toList();
    }

    boolean has(String transition) {
        return hooks.values().stream().anyMatch(h -> h.transition().equals(transition));
    }

    /**
     * Deletes the hook (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeleteLifecycleHook.html): "If
     * there are any outstanding lifecycle actions, they are completed first (ABANDON for launching instances, CONTINUE
     * for terminating instances)".
     */
    List<Outcome> delete(String groupName, String name) {
        Hook hook = hooks.remove(name);
        if (hook == null) {
            throw AutoScalingErrors.hookNotFound(name, groupName);
        }
        List<Outcome> ended = new ArrayList<>();
        for (Action a : List.copyOf(actions)) {
            if (a.hook.name().equals(name)) {
                String result = hook.transition().equals(LAUNCHING) ? ABANDON : CONTINUE;
                end(a, result, "its lifecycle hook " + name + " was deleted").ifPresent(ended::add);
            }
        }
        return ended;
    }

    /** The instance enters the transition's wait state: one action per hook of that transition. */
    void open(String instanceId, String transition, Instant now) {
        forget(instanceId);
        transitions.put(instanceId, transition);
        for (Hook hook : hooks.values()) {
            if (hook.transition().equals(transition)) {
                // A UUID as AWS's tokens are (LifecycleActionToken: 36 characters), deterministic for repeatable runs.
                String token = UUID.nameUUIDFromBytes((instanceId + "/" + hook.name() + "/" + opened++)
                        .getBytes(StandardCharsets.UTF_8)).toString();
                actions.add(new Action(hook, instanceId, token, now));
            }
        }
    }

    /** CompleteLifecycleAction: the action named by token, else by instance; AWS's error when none is open. */
    Optional<Outcome> complete(String hookName, String instanceId, String token, String result) {
        Action a = find(hookName, instanceId, token);
        return end(a, result, "CompleteLifecycleAction with " + result + " for lifecycle hook " + hookName);
    }

    /**
     * RecordLifecycleActionHeartbeat: the heartbeat timeout starts again
     * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_RecordLifecycleActionHeartbeat.html: "This extends
     * the timeout by the length of time defined using the PutLifecycleHook API call"), never past the global timeout.
     */
    void heartbeat(String hookName, String instanceId, String token, Instant now) {
        Action a = find(hookName, instanceId, token);
        Instant next = now.plusSeconds(a.hook.heartbeatTimeout());
        a.deadline = next.isAfter(a.globalDeadline) ? a.globalDeadline : next;
    }

    /** Actions whose heartbeat or global timeout has passed take their hook's default result. */
    List<Outcome> expire(Instant now) {
        List<Outcome> ended = new ArrayList<>();
        for (Action a : List.copyOf(actions)) {
            if (!actions.contains(a)) {
                continue; // ended with an earlier action of its instance
            }
            boolean global = !now.isBefore(a.globalDeadline);
            if (global || !now.isBefore(a.deadline)) {
                String why = (global ? "the global timeout (" + a.hook.globalTimeout() : "the heartbeat timeout ("
                        + a.hook.heartbeatTimeout()) + " s) of lifecycle hook " + a.hook.name() + " passed: its default"
                        + " result " + a.hook.defaultResult() + " applied";
                end(a, a.hook.defaultResult(), why).ifPresent(ended::add);
            }
        }
        return ended;
    }

    /** The instance's actions end without a result (it was terminated otherwise, or the group deleted). */
    void forget(String instanceId) {
        actions.removeIf(a -> a.instanceId.equals(instanceId));
        transitions.remove(instanceId);
    }

    /** The token of the hook's open action on the instance: what its notification would carry. */
    Optional<String> token(String instanceId, String hookName) {
        return actions.stream().filter(a -> a.instanceId.equals(instanceId) && a.hook.name().equals(hookName))
                .map(a -> a.token).findFirst();
    }

    private Action find(String hookName, String instanceId, String token) {
        if (token != null) {
            return actions.stream().filter(a -> a.token.equals(token) && a.hook.name().equals(hookName)).findFirst()
                    .orElseThrow(() -> AutoScalingErrors.noActiveActionForToken(token));
        }
        if (instanceId == null) {
            throw AutoScalingErrors.actionNotNamed();
        }
        return actions.stream().filter(a -> a.instanceId.equals(instanceId) && a.hook.name().equals(hookName)).findFirst()
                .orElseThrow(() -> AutoScalingErrors.noActiveActionForInstance(instanceId));
    }

    /** Ends one action; the instance's wait ends with its last action, or at once on an ABANDON. */
    private Optional<Outcome> end(Action a, String result, String cause) {
        actions.remove(a);
        String transition = transitions.get(a.instanceId);
        boolean others = actions.stream().anyMatch(o -> o.instanceId.equals(a.instanceId));
        if (result.equals(ABANDON) || !others) {
            forget(a.instanceId);
            return Optional.of(new Outcome(a.instanceId, transition, result, cause));
        }
        return Optional.empty();
    }
}
