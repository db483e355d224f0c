package io.consulfactory.local.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Every call the local AWS answered, in order, for tests to assert on. */
public final class CallLog {

    private final List<Call> calls = new ArrayList<>();

    synchronized void add(Call call) {
        calls.add(call);
    }

    public synchronized List<Call> all() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> matching(Predicate<Call> filter) {
        return calls.stream().filter(filter).toList();
    }

    /** Calls of one action, whatever their outcome. */
    public List<Call> of(String service, String action) {
        return matching(c -> c.service().equals(service) && c.action().equals(action));
    }

    /** Calls that create, change or delete something. */
    public List<Call> mutating() {
        return matching(Call::mutates);
    }

    /** The calls made since the log held {@code size} calls (see {@link #size()}). */
    public synchronized List<Call> since(int size) {
        return List.copyOf(calls.subList(size, calls.size()));
    }

    public synchronized int size() {
        return calls.size();
    }

    synchronized void clear() {
        calls.clear();
    }
}
