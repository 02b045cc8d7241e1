package io.percept.segmentation;

import java.util.Set;

/**
 * Which profiles changed, as segment membership asks: one implementation per mode
 * ({@link EmbeddedChangedProfiles}, {@link ClusterChangedProfiles}). Called from one thread.
 */
interface ChangedProfiles {

    /**
     * Profiles changed and gone (merged into another, which is among the changed, or erased).
     *
     * @param changed ids to evaluate again
     * @param gone    ids that are in no segment any more, without an event
     */
    record Batch(Set<Long> changed, Set<Long> gone) {
    }

    /**
     * Whether the profiles can be compared with the stored members now. The first {@code true} after
     * the start or {@link #forget} marks where {@link #take} reports from: what changed before is
     * covered by the full evaluations that follow it.
     */
    boolean ready();

    /** The profiles changed and gone since the last call (or the mark). */
    Batch take();

    /** Forgets the mark (the instance no longer keeps membership): the next {@link #ready} sets it again. */
    void forget();
}
