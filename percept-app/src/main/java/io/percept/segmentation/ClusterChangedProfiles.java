package io.percept.segmentation;

import io.percept.profile.ClusterProfiles;
import java.util.HashSet;
import java.util.Set;

/**
 * The cluster profiles' changes, from the change feed in PostgreSQL that unify writes on every
 * instance ({@link ClusterProfiles#changes}: exact across instances whatever order their
 * transactions commit in). Always ready: the profiles are durable in PostgreSQL and never replay
 * after a start, so the stored members can be compared with them at once.
 */
final class ClusterChangedProfiles implements ChangedProfiles {

    private final ClusterProfiles profiles;
    /** Where the next {@link #take} reads from; -1 before the mark. */
    private long cursor = -1;

    ClusterChangedProfiles(ClusterProfiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public boolean ready() {
        if (cursor < 0) {
            cursor = profiles.changeCursor();
        }
        return true;
    }

    @Override
    public Batch take() {
        ClusterProfiles.Changes changes = profiles.changes(cursor);
        cursor = changes.next();
        return new Batch(set(changes.changed()), set(changes.gone()));
    }

    @Override
    public void forget() {
        cursor = -1;
    }

    private static Set<Long> set(long[] ids) {
        Set<Long> set = new HashSet<>(ids.length * 2);
        for (long id : ids) {
            set.add(id);
        }
        return set;
    }
}
