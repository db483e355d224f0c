package io.consulfactory.local.cloud.autoscaling;

import io.consulfactory.local.cloud.ec2.Ec2Service;

import java.time.Instant;

/** An instance in a group, with its Auto Scaling lifecycle state (state only). */
final class Member {

    /**
     * The LifecycleState values the local groups use
     * (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_Instance.html lists them all), in the order of
     * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-lifecycle.html: Pending (with a launch
     * hook Pending:Wait, then Pending:Proceed), InService, Terminating (with a terminating hook Terminating:Wait, then
     * Terminating:Proceed).
     */
    static final String PENDING = "Pending";
    static final String PENDING_WAIT = "Pending:Wait";
    static final String PENDING_PROCEED = "Pending:Proceed";
    static final String IN_SERVICE = "InService";
    static final String TERMINATING = "Terminating";
    static final String TERMINATING_WAIT = "Terminating:Wait";
    static final String TERMINATING_PROCEED = "Terminating:Proceed";

    final String instanceId;
    final String subnetId;
    final String availabilityZone;
    final String instanceType;
    final String launchTemplateId;
    final String launchTemplateName;
    final int version;
    String lifecycle = PENDING;
    String health = "Healthy";
    Instant inServiceAt;
    /** Why it is being terminated, kept for EC2 while a terminating lifecycle hook holds it. */
    String terminationReason;

    Member(Ec2Service.Launched launched, String subnetId) {
        this.instanceId = launched.instanceId();
        this.subnetId = subnetId;
        this.availabilityZone = launched.availabilityZone();
        this.instanceType = launched.instanceType();
        this.launchTemplateId = launched.launchTemplateId();
        this.launchTemplateName = launched.launchTemplateName();
        this.version = launched.version();
    }

    /** Counted in the group's capacity: anything not on its way out. */
    boolean active() {
        return !lifecycle.startsWith(TERMINATING);
    }
}
