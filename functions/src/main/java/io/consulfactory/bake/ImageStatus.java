package io.consulfactory.bake;

import io.consulfactory.lambda.PollState;

/**
 * What CheckImage found: {@link PollState#PENDING}, {@link PollState#READY} (AWS's {@code available}) or
 * {@link PollState#FAILED}, with AWS's state reason; the state machine keeps it under {@code $.imageStatus}.
 *
 * @param nextCheckSeconds while PENDING, how long the state machine waits before the next check; 0 otherwise
 */
public record ImageStatus(PollState status, String reason, String imageState, int checks, int nextCheckSeconds) {

    public static ImageStatus pending(String reason, String imageState, int checks, int nextCheckSeconds) {
        return new ImageStatus(PollState.PENDING, reason, imageState, checks, nextCheckSeconds);
    }

    public static ImageStatus ready(String reason, String imageState, int checks) {
        return new ImageStatus(PollState.READY, reason, imageState, checks, 0);
    }

    public static ImageStatus failed(String reason, String imageState, int checks) {
        return new ImageStatus(PollState.FAILED, reason, imageState, checks, 0);
    }
}
