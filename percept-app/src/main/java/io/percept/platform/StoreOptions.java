package io.percept.platform;

/**
 * How the embedded store opens DuckDB.
 *
 * @param memoryLimitMegabytes       DuckDB's memory limit in MiB (at least 64)
 * @param threads                    DuckDB worker threads; 0 means one per available processor
 * @param checkpointWalMegabytes     the store checkpoints in the background once the write-ahead
 *                                   log reaches this size, so commits need not (DuckDB's own
 *                                   automatic checkpoint, which runs inside a commit and stalls
 *                                   it, is moved to 4 times this size as a backstop); 0 leaves
 *                                   checkpoints to DuckDB
 */
public record StoreOptions(long memoryLimitMegabytes, int threads, long checkpointWalMegabytes) {

    /** 4 GiB, one thread per processor, background checkpoints every 64 MiB of WAL. */
    public static final StoreOptions DEFAULTS = new StoreOptions(4096, 0, 64);

    public StoreOptions {
        if (memoryLimitMegabytes < 64) {
            throw new IllegalArgumentException("memory limit must be at least 64 MiB, was " + memoryLimitMegabytes);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, was " + threads);
        }
        if (checkpointWalMegabytes < 0) {
            throw new IllegalArgumentException("checkpoint WAL size must be >= 0, was " + checkpointWalMegabytes);
        }
    }
}
