package io.percept.eventlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** An event store written by a processor in its own transaction (cluster mode's PostgreSQL store). */
public interface WritableEventStore extends EventStore {

    /**
     * Stores events inside the caller's transaction on {@code connection}; visible to readers once it
     * commits. Storing the same events twice stores them twice: the caller commits its position in
     * the same transaction, so a batch is stored once.
     */
    void write(Connection connection, List<LoggedEvent> events) throws SQLException;
}
