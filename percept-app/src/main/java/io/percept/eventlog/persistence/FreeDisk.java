package io.percept.eventlog.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The free-space reserve of the store's disk, like the flood-stage watermark of search engines: below
 * the reserve the log refuses appends (503) until space is freed, and accepts again by itself after.
 * The usable space is asked at most once a second. Thread-safe.
 */
final class FreeDisk {

    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final long reserve;
    private final LongSupplier usable;
    private final LongSupplier nanoTime;
    private final String where;
    private volatile long checkedAt;
    private volatile String shortage;
    private volatile boolean checked;

    /**
     * @param reserve  bytes to keep free; 0 turns the check off
     * @param usable   bytes usable on the disk now, {@code -1} when unknown (then nothing is refused)
     * @param nanoTime the clock
     * @param where    the directory, for messages
     */
    FreeDisk(long reserve, LongSupplier usable, LongSupplier nanoTime, String where) {
        this.reserve = reserve;
        this.usable = usable;
        this.nanoTime = nanoTime;
        this.where = where;
    }

    /** The reserve on the disk of {@code directory}. */
    static FreeDisk of(Path directory, long reserve) {
        return new FreeDisk(reserve, () -> {
            try {
                return Files.getFileStore(directory).getUsableSpace();
            } catch (IOException | SecurityException e) {
                return -1;
            }
        }, System::nanoTime, directory.toString());
    }

    /** Why appends are refused now ("only N MB free ..."), or {@code null} when the disk has room. */
    String shortage() {
        if (reserve <= 0) {
            return null;
        }
        long now = nanoTime.getAsLong();
        if (!checked || now - checkedAt >= RECHECK_NANOS) {
            long free = usable.getAsLong();
            shortage = free >= 0 && free < reserve
                    ? "the disk of " + where + " has only " + megabytes(free) + " free, less than the reserve of " + megabytes(reserve)
                            + " (percept.eventlog.min-free-disk): events are refused until space is freed"
                    : null;
            checkedAt = now;
            checked = true;
        }
        return shortage;
    }

    private static String megabytes(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
