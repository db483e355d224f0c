package io.consulfactory.bake;

import io.consulfactory.lambda.PollState;

/**
 * What CheckConsulInstall found: the state machine keeps it under {@code $.install} and chooses on
 * {@code status}.
 *
 * @param status        {@link PollState#PENDING}, {@link PollState#READY} or {@link PollState#FAILED}
 * @param reason        why it failed, or what it is waiting for
 * @param instanceState the builder's EC2 state when checked
 * @param checks        how many checks have run, this one included
 * @param quietChecks   checks that found the builder stopped without a result line yet (console output
 *                      can lag behind the instance state)
 * @param nextCheckSeconds while PENDING, how long the state machine waits before the next check (its Wait
 *                      state reads it): short when the builder is about to stop, so the bake moves on soon
 *                      after; 0 once the install is READY or FAILED
 */
public record InstallStatus(PollState status, String reason, String instanceState, int checks, int quietChecks,
                            int nextCheckSeconds) {

    /** Before the first check: nothing is known of the builder yet. */
    public static InstallStatus first() {
        return pending("not checked yet", "unknown", 0, 0, 0);
    }

    public static InstallStatus pending(String reason, String instanceState, int checks, int quietChecks,
                                        int nextCheckSeconds) {
        return new InstallStatus(PollState.PENDING, reason, instanceState, checks, quietChecks, nextCheckSeconds);
    }

    public static InstallStatus ready(String reason, String instanceState, int checks, int quietChecks) {
        return new InstallStatus(PollState.READY, reason, instanceState, checks, quietChecks, 0);
    }

    public static InstallStatus failed(String reason, String instanceState, int checks, int quietChecks) {
        return new InstallStatus(PollState.FAILED, reason, instanceState, checks, quietChecks, 0);
    }
}
