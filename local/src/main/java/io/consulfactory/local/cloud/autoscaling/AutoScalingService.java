package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.AwsRequest;
import io.consulfactory.local.cloud.LocalAws;
import io.consulfactory.local.cloud.LocalService;
import io.consulfactory.local.cloud.Protocol;

import java.time.Instant;

/**
 * EC2 Auto Scaling (query protocol), the doorway: it names the service, hands each action to its wire
 * ({@link GroupsWire}, {@link InstanceRefreshWire}, {@link LifecycleHookWire}, {@link ScalingProcessesWire},
 * {@link GroupTagsWire}), moves the groups on the clock and lets tests read and seed what the API does not show.
 * The package's {@code package-info} says what the service emulates and where.
 */
public final class AutoScalingService implements LocalService {

    private final LocalAws aws;
    private final Groups groups;
    private final GroupsWire groupsWire;
    private final InstanceRefreshWire refreshWire;
    private final LifecycleHookWire hookWire;
    private final ScalingProcessesWire processWire;
    private final GroupTagsWire tagWire;

    public AutoScalingService(LocalAws aws) {
        this.aws = aws;
        this.groups = new Groups(aws);
        this.groupsWire = new GroupsWire(groups);
        this.refreshWire = new InstanceRefreshWire(groups, new InstanceRefreshes(aws, groups));
        this.hookWire = new LifecycleHookWire(groups);
        this.processWire = new ScalingProcessesWire(groups);
        this.tagWire = new GroupTagsWire(groups);
    }

    @Override
    public String signingName() {
        return "autoscaling";
    }

    @Override
    public Protocol protocol() {
        return Protocol.AWS_QUERY;
    }

    @Override
    public String xmlNamespace() {
        return "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    }

    @Override
    public void reset() {
        groups.reset();
    }

    /**
     * Instances launched from this image fail their health checks once the grace period ends (as a broken
     * server would fail an ELB or custom check): a refresh to it fails.
     */
    public void unhealthyImage(String imageId) {
        synchronized (aws) {
            groups.unhealthyImage(imageId);
        }
    }

    @Override
    public void advanceTo(Instant now) {
        groups.advance(now);
    }

    /**
     * Since when the group has been settled: its desired servers in service and healthy on its current launch
     * template version, nothing else in it and no refresh running (what the workflow's cluster check waits
     * for), at the simulation's 5-second resolution; {@code null} while it is not settled.
     */
    public Instant settledSince(String groupName) {
        synchronized (aws) {
            aws.simulate();
            return groups.settledSince(groupName);
        }
    }

    /**
     * The instance's lifecycle state in its group ({@code Pending}, {@code Pending:Wait}, {@code InService},
     * {@code Terminating:Wait}, …), or {@code null} when no group has it (any more).
     */
    public String lifecycleState(String instanceId) {
        synchronized (aws) {
            aws.simulate();
            return groups.lifecycleState(instanceId);
        }
    }

    /**
     * The token of the hook's open lifecycle action on the instance, as the hook's notification would carry it
     * (the local AWS sends none), or {@code null} when no such action is open.
     */
    public String lifecycleActionToken(String groupName, String hookName, String instanceId) {
        synchronized (aws) {
            aws.simulate();
            return groups.lifecycleActionToken(groupName, hookName, instanceId);
        }
    }

    @Override
    public Object handle(AwsRequest request) {
        return switch (request.action()) {
            case "CreateAutoScalingGroup" -> groupsWire.create(request.params());
            case "UpdateAutoScalingGroup" -> groupsWire.update(request.params());
            case "DeleteAutoScalingGroup" -> groupsWire.delete(request.params());
            case "DescribeAutoScalingGroups" -> groupsWire.describe(request.params());
            case "DescribeAutoScalingInstances" -> groupsWire.describeInstances(request.params());
            case "DescribeScalingActivities" -> groupsWire.describeActivities(request.params());
            case "StartInstanceRefresh" -> refreshWire.start(request.params());
            case "DescribeInstanceRefreshes" -> refreshWire.describe(request.params());
            case "CancelInstanceRefresh" -> refreshWire.cancel(request.params());
            case "RollbackInstanceRefresh" -> refreshWire.rollback(request.params());
            case "PutLifecycleHook" -> hookWire.put(request.params());
            case "DescribeLifecycleHooks" -> hookWire.describe(request.params());
            case "DeleteLifecycleHook" -> hookWire.delete(request.params());
            case "DescribeLifecycleHookTypes" -> LifecycleHookWire.types();
            case "CompleteLifecycleAction" -> hookWire.complete(request.params());
            case "RecordLifecycleActionHeartbeat" -> hookWire.heartbeat(request.params());
            case "SuspendProcesses" -> processWire.suspend(request.params());
            case "ResumeProcesses" -> processWire.resume(request.params());
            case "DescribeScalingProcessTypes" -> ScalingProcessesWire.types();
            case "CreateOrUpdateTags" -> tagWire.createOrUpdate(request.params());
            case "DeleteTags" -> tagWire.delete(request.params());
            case "DescribeTags" -> tagWire.describe(request.params());
            default -> throw AutoScalingErrors.invalidAction(request.action());
        };
    }
}
