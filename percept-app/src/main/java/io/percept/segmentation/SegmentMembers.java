package io.percept.segmentation;

import java.util.Set;

/**
 * The members of each segment as last stored ({@code segment_members}), so that membership kept again
 * after a restart (or by another instance) emits only what changed meanwhile. One implementation per
 * store ({@link DuckDbSegmentMembers}, {@link PostgresSegmentMembers}).
 */
interface SegmentMembers {

    /** The stored members of segment {@code name}. */
    Set<Long> stored(String name);

    /** Replaces the stored members of segment {@code name} (after a full evaluation). */
    void store(String name, long[] members);

    /**
     * Records that profiles entered and exited segment {@code name} between full evaluations, once their
     * events are appended; a store may leave that to the next {@link #store}.
     */
    void changed(String name, Set<Long> entered, Set<Long> exited);
}
