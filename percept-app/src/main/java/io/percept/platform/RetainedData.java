package io.percept.platform;

import java.time.Instant;
import java.util.function.ToLongFunction;

/**
 * Records a module keeps only for a limited time ({@code percept.platform.retention.*}): the
 * {@link RetentionJob} asks each such bean to remove what is older than the period of its
 * {@link #kind()}. Implementations delete in their own module's tables or folders.
 */
public interface RetainedData {

    /** The kinds of retained data, each with its own period. */
    enum Kind {
        /** Raw events in the log, and what is derived from single events (their identities, their texts). */
        EVENTS,
        /** The access audit (logins, user administration, views of personal data). */
        ACCESS_AUDIT,
        /** The identity audit (merges, splits, refusals). */
        IDENTITY_AUDIT,
        /** Finished import jobs: their folders (rejected rows) and records. */
        IMPORTS
    }

    /** The period that governs these records. */
    Kind kind();

    /** A short name for logs and metrics, e.g. {@code event_log}. */
    String name();

    /**
     * Whether these records follow others of the same kind (derived rows that go once their event
     * left the log): they are removed after the kind's primary records.
     */
    default boolean derived() {
        return false;
    }

    /**
     * Removes the records older than {@code cutoff}.
     *
     * @return how many were removed (rows or files)
     */
    long removeOlderThan(Instant cutoff);

    /** Primary records of {@code kind} named {@code name}, removed by {@code remove} (given the cutoff, answering how many went). */
    static RetainedData of(Kind kind, String name, ToLongFunction<Instant> remove) {
        return new RetainedData() {
            @Override
            public Kind kind() {
                return kind;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public long removeOlderThan(Instant cutoff) {
                return remove.applyAsLong(cutoff);
            }
        };
    }
}
