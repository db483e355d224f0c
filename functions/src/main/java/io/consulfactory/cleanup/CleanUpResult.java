package io.consulfactory.cleanup;

import java.util.List;

/**
 * What CleanUp did: the state machine keeps it under {@code $.cleanup}.
 *
 * @param builderTerminated whether the builder is now terminated or terminating (true also when it was gone already)
 */
public record CleanUpResult(String builderInstanceId, boolean builderTerminated, List<String> deregisteredImageIds,
                            List<String> deletedSnapshotIds) {
}
