package io.consulfactory.schedule;

import java.util.List;

/**
 * What the schedule decided for one cluster.
 *
 * @param action {@code STARTED}, {@code ALREADY_STARTED} (today's rebake exists), {@code UP_TO_DATE} or
 *               {@code NOT_DEPLOYED} (a record but no group) or
 *               {@code TEARING_DOWN} (a teardown marked its record)
 */
public record RebakeDecision(String clusterName, String action, List<String> reasons, String executionArn) {

    @Override
    public String toString() {
        return clusterName + ": " + action + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")")
                + (executionArn == null ? "" : " " + executionArn);
    }
}
