package io.consulfactory.teardown;

import io.consulfactory.lambda.PollState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one teardown step removed and found gone, by kind ({@code securityGroups}: ids or names). Every step
 * reports each of its kinds, even empty, so the state machine's report names every kind. A step that waits
 * (the servers leaving, network interfaces detaching) answers {@code PENDING} with how long to wait, and is
 * called again with its last answer as {@code previous}, which it adds to.
 *
 * @param status      {@link PollState#DONE}, or {@link PollState#PENDING}: call again after {@code nextCheckSeconds}
 * @param checks      how many times the step has been called for this teardown
 * @param waitingFor  what a {@code PENDING} step waits for, for the execution's history; else {@code null}
 */
public record Removal(PollState status, Map<String, List<String>> removed, Map<String, List<String>> alreadyGone,
                      int checks, int nextCheckSeconds, String waitingFor) {

    /** The step is finished: everything of its kinds is removed or was gone. */
    public static Removal done(Map<String, List<String>> removed, Map<String, List<String>> alreadyGone, int checks) {
        return new Removal(PollState.DONE, removed, alreadyGone, checks, 0, null);
    }

    /** The step waits for {@code waitingFor}: call it again after {@code nextCheckSeconds}. */
    public static Removal pending(Map<String, List<String>> removed, Map<String, List<String>> alreadyGone, int checks,
                                  int nextCheckSeconds, String waitingFor) {
        return new Removal(PollState.PENDING, removed, alreadyGone, checks, nextCheckSeconds, waitingFor);
    }

    /** Collects one call's findings onto the previous call's. */
    static final class Builder {
        private final Map<String, List<String>> removed = new LinkedHashMap<>();
        private final Map<String, List<String>> alreadyGone = new LinkedHashMap<>();
        private final int checks;

        Builder(Removal previous, String... kinds) {
            for (String kind : kinds) {
                removed.put(kind, new ArrayList<>());
                alreadyGone.put(kind, new ArrayList<>());
            }
            if (previous != null) {
                previous.removed().forEach((k, v) -> removed.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
                previous.alreadyGone().forEach((k, v) -> alreadyGone.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            }
            this.checks = (previous == null ? 0 : previous.checks()) + 1;
        }

        Builder removed(String kind, String id) {
            List<String> ids = removed.get(kind);
            if (!ids.contains(id)) {
                ids.add(id);
            }
            return this;
        }

        /** Gone before this step looked: unless an earlier call of this step removed it. */
        Builder gone(String kind, String name) {
            if (!removed.get(kind).contains(name) && !alreadyGone.get(kind).contains(name)) {
                alreadyGone.get(kind).add(name);
            }
            return this;
        }

        boolean removedAlready(String kind, String id) {
            return removed.get(kind).contains(id);
        }

        Removal done() {
            return Removal.done(removed, alreadyGone, checks);
        }

        Removal pending(int nextCheckSeconds, String waitingFor) {
            return Removal.pending(removed, alreadyGone, checks, nextCheckSeconds, waitingFor);
        }
    }
}
