package io.percept.ingest;

/** Receives progress of a running import, at most a few times per second. */
@FunctionalInterface
public interface ImportProgress {

    ImportProgress NONE = (bytesRead, totalBytes, lines, accepted, rejected) -> {
    };

    /**
     * @param bytesRead  input bytes consumed so far (compressed size for gzip)
     * @param totalBytes size of all input files
     * @param lines      lines read
     * @param accepted   events durable so far
     * @param rejected   lines rejected so far
     */
    void update(long bytesRead, long totalBytes, long lines, long accepted, long rejected);
}
