package io.consulfactory.bake;

/**
 * What CheckImage found: {@code PENDING}, {@code READY} (AWS's {@code available}) or {@code FAILED}, with
 * AWS's state reason; the state machine keeps it under {@code $.imageStatus}.
 *
 * @param nextCheckSeconds while PENDING, how long the state machine waits before the next check; 0 otherwise
 */
public record ImageStatus(String status, String reason, String imageState, int checks, int nextCheckSeconds) {
}
