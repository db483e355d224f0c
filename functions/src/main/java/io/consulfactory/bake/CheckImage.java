package io.consulfactory.bake;

import io.consulfactory.lambda.PollState;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;

import static io.consulfactory.aws.AwsErrors.call;
import static io.consulfactory.aws.AwsErrors.hasCode;

/** AWS's image state as the workflow's choice: {@code available} is READY; failure states are FAILED. */
public final class CheckImage {

    /**
     * Seconds between checks of a pending image: the most the workflow can lag behind it becoming available.
     * The first check comes later (the state machine's WaitForSnapshot), when an image could first be ready.
     */
    public static final int POLL_SECONDS = 15;

    private final Ec2Client ec2;

    public CheckImage(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** @param maxChecks the poll loop's bound: an image still pending at this check is FAILED */
    public ImageStatus check(Image image, ImageStatus previous, int maxChecks) {
        ImageStatus status = check(image, previous);
        if (status.status() == PollState.PENDING && status.checks() >= maxChecks) {
            return ImageStatus.failed("image " + image.imageId() + " is still " + status.imageState()
                    + " after " + status.checks() + " checks", status.imageState(), status.checks());
        }
        return status;
    }

    private ImageStatus check(Image image, ImageStatus previous) {
        int checks = (previous == null ? 0 : previous.checks()) + 1;
        software.amazon.awssdk.services.ec2.model.Image found;
        try {
            found = call("ec2:DescribeImages", () -> ec2.describeImages(r -> r.imageIds(image.imageId())))
                    .images().stream().findFirst().orElse(null);
        } catch (AwsServiceException e) {
            if (!hasCode(e, "InvalidAMIID.NotFound")) {
                throw e;
            }
            found = null;
        }
        if (found == null) {
            // CreateImage is eventually consistent: a new image may be unknown to Describe for a moment.
            return ImageStatus.pending("image " + image.imageId() + " is not visible yet", "unknown", checks, POLL_SECONDS);
        }
        String state = found.stateAsString();
        return switch (state) {
            case "available" -> ImageStatus.ready("image " + image.imageId() + " is available", state, checks);
            case "pending" -> ImageStatus.pending("image " + image.imageId() + " is being made", state, checks, POLL_SECONDS);
            default -> ImageStatus.failed("image " + image.imageId() + " is " + state
                    + (found.stateReason() == null ? "" : ": " + found.stateReason().message()), state, checks);
        };
    }
}
