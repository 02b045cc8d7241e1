package io.percept.ingest;

/** Receives progress of a running import, at most a few times per second. */
@FunctionalInterface
public interface ImportProgress {

    ImportProgress NONE = (fraction, rows, accepted, rejected) -> {
    };

    /**
     * @param fraction how much of the input has been read, 0 to 1
     * @param rows     records read
     * @param accepted messages stored so far
     * @param rejected rows rejected so far
     */
    void update(double fraction, long rows, long accepted, long rejected);
}
