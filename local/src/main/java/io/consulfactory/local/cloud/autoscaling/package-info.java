/**
 * EC2 Auto Scaling, over the AWS query protocol (version 2011-01-01, XML responses): groups that launch instances
 * from a launch template across their subnets, propagate tags, keep the desired capacity (EC2 health checks replace
 * stopped or failed instances), lifecycle hooks that hold launching and terminating instances in a wait state,
 * suspended processes, and instance refreshes that replace instances in batches obeying the minimum and maximum
 * healthy percentages and the warmup, and roll back, on the local clock; each launch, and each launch EC2 refuses,
 * is a scaling activity. {@link io.consulfactory.local.cloud.autoscaling.AutoScalingService} is the doorway.
 *
 * <p>State: {@link io.consulfactory.local.cloud.autoscaling.Groups} (the groups and the rules of the calls that
 * change them), {@link io.consulfactory.local.cloud.autoscaling.InstanceRefreshes} (when a refresh may start, be
 * cancelled or be rolled back), {@link io.consulfactory.local.cloud.autoscaling.GroupSimulation} (what the groups do
 * on the clock), and the records they hold: {@link io.consulfactory.local.cloud.autoscaling.Group},
 * {@link io.consulfactory.local.cloud.autoscaling.Member}, {@link io.consulfactory.local.cloud.autoscaling.Refresh},
 * {@link io.consulfactory.local.cloud.autoscaling.Activity},
 * {@link io.consulfactory.local.cloud.autoscaling.LifecycleHooks},
 * {@link io.consulfactory.local.cloud.autoscaling.ScalingProcesses},
 * {@link io.consulfactory.local.cloud.autoscaling.GroupTags}.
 *
 * <p>Wire: {@link io.consulfactory.local.cloud.autoscaling.GroupsWire} (groups, instances, activities),
 * {@link io.consulfactory.local.cloud.autoscaling.InstanceRefreshWire},
 * {@link io.consulfactory.local.cloud.autoscaling.LifecycleHookWire},
 * {@link io.consulfactory.local.cloud.autoscaling.ScalingProcessesWire},
 * {@link io.consulfactory.local.cloud.autoscaling.GroupTagsWire}, and
 * {@link io.consulfactory.local.cloud.autoscaling.PageWire} (MaxRecords and NextToken).
 *
 * <p>Errors: {@link io.consulfactory.local.cloud.autoscaling.AutoScalingErrors}.
 *
 * <p>Simplifications: EC2 health checks only (a test can mark an image unhealthy, as a failing ELB or custom check
 * would); no scaling policies, warm pools, mixed instances policies, standby, checkpoints or bake time; lifecycle
 * hooks send no notifications; a refresh fails at its first new instance that fails its health checks or is
 * abandoned by a lifecycle hook (AWS retries a failed replacement for a while first); a deleted group's activities
 * go with it.
 */
package io.consulfactory.local.cloud.autoscaling;
