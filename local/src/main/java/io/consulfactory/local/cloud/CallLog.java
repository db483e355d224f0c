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

    /** Calls whose action creates, adds, puts, authorizes, runs or tags something. */
    public List<Call> mutating() {
        return matching(c -> c.action().matches("(Create|Put|Add|Authorize|Run|Tag|Attach|Update|Start|Register|Modify|Revoke|Delete|Deregister|Terminate|Stop).*"));
    }

    public synchronized int size() {
        return calls.size();
    }

    synchronized void clear() {
        calls.clear();
    }
}
