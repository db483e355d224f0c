package io.consulfactory.local.cloud.autoscaling;

import java.time.Instant;
import java.util.UUID;

/**
 * A scaling activity of a group (state only): one launch, successful or failed, as DescribeScalingActivities
 * answers it. The shapes follow the user guide's "Troubleshoot Amazon EC2 Auto Scaling: EC2 instance launch
 * failures": a failed launch's description is {@code "Launching a new EC2 instance.  Status Reason: <EC2's
 * message> Launching EC2 instance failed."} and its status message the same without the first sentence; a
 * successful one is {@code "Launching a new EC2 instance: i-…"}. Simplification: only launches are recorded (no
 * terminations), and each cause is one sentence of ours.
 */
record Activity(String id, String groupName, String description, String cause, Instant start, Instant end,
                String statusCode, String statusMessage, String subnetId, String availabilityZone) {

    static final String LAUNCH_FAILED = " Launching EC2 instance failed.";

    static Activity launched(String groupName, String instanceId, String cause, Instant at, String subnetId, String zone) {
        return new Activity(UUID.randomUUID().toString(), groupName, "Launching a new EC2 instance: " + instanceId, cause,
                at, at, "Successful", null, subnetId, zone);
    }

    /** A launch EC2 refused: {@code ec2Message} is the RunInstances error's message, as EC2 words it. */
    static Activity launchFailed(String groupName, String ec2Message, String cause, Instant at, String subnetId, String zone) {
        String status = ec2Message + LAUNCH_FAILED;
        return new Activity(UUID.randomUUID().toString(), groupName, "Launching a new EC2 instance.  Status Reason: " + status,
                cause, at, at, "Failed", status, subnetId, zone);
    }

    boolean failed() {
        return statusCode.equals("Failed");
    }
}
