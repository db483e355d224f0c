package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.QueryParams;
import io.consulfactory.local.cloud.Xml;

import java.util.List;
import java.util.regex.Pattern;

import static io.consulfactory.local.cloud.Xml.el;
import static io.consulfactory.local.cloud.Xml.node;

/**
 * The lifecycle hook calls on the wire: Put, Describe and DeleteLifecycleHook, DescribeLifecycleHookTypes,
 * CompleteLifecycleAction and RecordLifecycleActionHeartbeat, and CreateAutoScalingGroup's
 * {@code LifecycleHookSpecificationList.member.N.*}. Values are checked here, before the group is looked up; the
 * rules are {@link Groups}' and {@link LifecycleHooks}'.
 */
final class LifecycleHookWire {

    /** The service model's AsciiStringMaxLen255 (LifecycleHookName): 1 to 255 of these characters. */
    private static final Pattern HOOK_NAME = Pattern.compile("[A-Za-z0-9\\-_/]{1,255}");

    /**
     * The empty {@code <ActionResult/>} of the calls whose output is an empty "Answer" shape with a result
     * wrapper (PutLifecycleHook, CompleteLifecycleAction, …): botocore insists on the element, the Java SDK not.
     */
    private static final List<Xml> ANSWER = List.of();

    private final Groups groups;

    LifecycleHookWire(Groups groups) {
        this.groups = groups;
    }

    Object put(QueryParams p) {
        LifecycleHooks.HookRequest request = request(p, false);
        groups.putHook(p.required("AutoScalingGroupName"), request);
        return ANSWER;
    }

    Object describe(QueryParams p) {
        Group g = groups.group(p.required("AutoScalingGroupName"));
        return List.of(node("LifecycleHooks", g.hooks.hooks(p.strings("LifecycleHookNames")).stream()
                .map(h -> hookXml(g.name, h)).toList()));
    }

    Object delete(QueryParams p) {
        String hookName = p.required("LifecycleHookName");
        groups.deleteHook(p.required("AutoScalingGroupName"), hookName);
        return ANSWER;
    }

    /** DescribeLifecycleHookTypes: the two transitions. */
    static Object types() {
        return List.of(node("LifecycleHookTypes", el("member", LifecycleHooks.LAUNCHING), el("member", LifecycleHooks.TERMINATING)));
    }

    Object complete(QueryParams p) {
        String hookName = p.required("LifecycleHookName");
        String result = result(p.required("LifecycleActionResult"), "LifecycleActionResult");
        groups.completeAction(p.required("AutoScalingGroupName"), hookName, p.get("InstanceId"), p.get("LifecycleActionToken"), result);
        return ANSWER;
    }

    Object heartbeat(QueryParams p) {
        String hookName = p.required("LifecycleHookName");
        groups.heartbeat(p.required("AutoScalingGroupName"), hookName, p.get("InstanceId"), p.get("LifecycleActionToken"));
        return ANSWER;
    }

    /** A hook from a PutLifecycleHook request or one LifecycleHookSpecification (whose transition is required). */
    static LifecycleHooks.HookRequest request(QueryParams p, boolean specification) {
        String name = p.required("LifecycleHookName");
        if (!HOOK_NAME.matcher(name).matches()) {
            throw AutoScalingErrors.invalidHookName(name);
        }
        String transition = specification ? p.required("LifecycleTransition") : p.get("LifecycleTransition");
        if (transition != null && !transition.equals(LifecycleHooks.LAUNCHING) && !transition.equals(LifecycleHooks.TERMINATING)) {
            throw AutoScalingErrors.invalidTransition(transition);
        }
        Integer heartbeat = p.integer("HeartbeatTimeout");
        if (heartbeat != null && (heartbeat < LifecycleHooks.MIN_HEARTBEAT || heartbeat > LifecycleHooks.MAX_HEARTBEAT)) {
            throw AutoScalingErrors.heartbeatOutOfRange(heartbeat);
        }
        String result = p.get("DefaultResult");
        if (result != null) {
            result(result, "DefaultResult");
        }
        return new LifecycleHooks.HookRequest(name, transition, heartbeat, result, p.get("NotificationTargetARN"),
                p.get("RoleARN"), p.get("NotificationMetadata"));
    }

    static List<LifecycleHooks.HookRequest> specifications(QueryParams p) {
        return p.list("LifecycleHookSpecificationList").stream().map(s -> request(s, true)).toList();
    }

    /** A lifecycle action result: CONTINUE or ABANDON. */
    static String result(String value, String parameter) {
        if (!value.equals(LifecycleHooks.CONTINUE) && !value.equals(LifecycleHooks.ABANDON)) {
            throw AutoScalingErrors.invalidResult(parameter, value);
        }
        return value;
    }

    static Xml hookXml(String groupName, LifecycleHooks.Hook h) {
        return node("member", el("LifecycleHookName", h.name()), el("AutoScalingGroupName", groupName),
                el("LifecycleTransition", h.transition()), el("NotificationTargetARN", h.notificationTargetArn()),
                el("RoleARN", h.roleArn()), el("NotificationMetadata", h.notificationMetadata()),
                el("HeartbeatTimeout", h.heartbeatTimeout()), el("GlobalTimeout", h.globalTimeout()),
                el("DefaultResult", h.defaultResult()));
    }
}
