package io.percept.segmentation;

import io.percept.eventlog.EventLog;
import io.percept.profile.Profiles;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The embedded profiles' changes: the unify processor reports the profiles each batch changed to a
 * listener, queued here until taken. After a start the profiles replay the log; until they reach the
 * log's head as it was when first asked they are not what the stored members are compared with.
 */
final class EmbeddedChangedProfiles implements ChangedProfiles {

    private final Profiles profiles;
    private final EventLog eventLog;
    private final ConcurrentLinkedQueue<long[]> changed = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<long[]> gone = new ConcurrentLinkedQueue<>();
    /** The log's head when first asked, -1 before; 0 once the profiles reached it. */
    private long startHead = -1;

    EmbeddedChangedProfiles(Profiles profiles, EventLog eventLog) {
        this.profiles = profiles;
        this.eventLog = eventLog;
    }

    /** Starts listening to profile changes. */
    void listen() {
        profiles.onChanges((changedIds, goneIds) -> {
            if (changedIds.length > 0) {
                changed.add(changedIds);
            }
            if (goneIds.length > 0) {
                gone.add(goneIds);
            }
        });
    }

    @Override
    public boolean ready() {
        if (startHead < 0) {
            startHead = eventLog.head();
        }
        if (profiles.position() < startHead) {
            return false;
        }
        startHead = 0;
        return true;
    }

    @Override
    public Batch take() {
        Set<Long> goneIds = drain(gone);
        return new Batch(drain(changed), goneIds);
    }

    @Override
    public void forget() {
        changed.clear();
        gone.clear();
        startHead = -1;
    }

    private static Set<Long> drain(ConcurrentLinkedQueue<long[]> queue) {
        Set<Long> ids = new HashSet<>();
        for (long[] batch; (batch = queue.poll()) != null; ) {
            for (long id : batch) {
                ids.add(id);
            }
        }
        return ids;
    }
}
