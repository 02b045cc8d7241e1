package io.percept.eventlog;

import java.util.List;

/** Reads durable events in log order. Not thread-safe: one reader per consuming thread. */
public interface LogReader extends AutoCloseable {

    /**
     * Up to {@code maxEvents} durable events with sequence numbers greater than {@code afterSeq},
     * in order; empty when there are none yet.
     */
    List<LoggedEvent> read(long afterSeq, int maxEvents);

    @Override
    void close();
}
