package io.consulfactory.bake;

/**
 * What CheckConsulInstall found: the state machine keeps it under {@code $.install} and chooses on
 * {@code status}.
 *
 * @param status        {@code PENDING}, {@code READY} or {@code FAILED}
 * @param reason        why it failed, or what it is waiting for
 * @param instanceState the builder's EC2 state when checked
 * @param checks        how many checks have run, this one included
 * @param quietChecks   checks that found the builder stopped without a result line yet (console output
 *                      can lag behind the instance state)
 * @param nextCheckSeconds while PENDING, how long the state machine waits before the next check (its Wait
 *                      state reads it): short when the builder is about to stop, so the bake moves on soon
 *                      after; 0 once the install is READY or FAILED
 */
public record InstallStatus(String status, String reason, String instanceState, int checks, int quietChecks,
                            int nextCheckSeconds) {

    public static final String PENDING = "PENDING";
    public static final String READY = "READY";
    public static final String FAILED = "FAILED";

    static InstallStatus first() {
        return new InstallStatus(PENDING, "not checked yet", "unknown", 0, 0, 0);
    }
}
