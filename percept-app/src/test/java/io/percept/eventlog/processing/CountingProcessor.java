package io.percept.eventlog.processing;

import io.percept.eventlog.LogProcessor;
import io.percept.eventlog.LoggedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Counts events and sums their sequence numbers in table {@code test_counts} (one row), plus an
 * in-memory copy that it must restore from the table. A processor with state in the store and in
 * memory, as identity and profiles will have.
 */
class CountingProcessor implements LogProcessor {

    private final String name;
    private final long delayMillisPerBatch;
    long count;
    long seqSum;
    int restores;

    CountingProcessor(String name) {
        this(name, 0);
    }

    /** A processor that also sleeps in every batch, to widen the window in which a crash hits it. */
    CountingProcessor(String name, long delayMillisPerBatch) {
        this.name = name;
        this.delayMillisPerBatch = delayMillisPerBatch;
    }

    static void createTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS test_counts (processor VARCHAR, events BIGINT, seq_sum BIGINT)");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void restore(Connection connection) throws SQLException {
        restores++;
        createTable(connection);
        try (PreparedStatement select = connection.prepareStatement("SELECT events, seq_sum FROM test_counts WHERE processor = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                boolean found = rows.next();
                count = found ? rows.getLong(1) : 0;
                seqSum = found ? rows.getLong(2) : 0;
            }
        }
    }

    @Override
    public void process(List<LoggedEvent> batch, Connection connection) throws Exception {
        if (delayMillisPerBatch > 0) {
            Thread.sleep(delayMillisPerBatch);
        }
        for (LoggedEvent event : batch) {
            count++;
            seqSum += event.seq();
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE test_counts SET events = ?, seq_sum = ? WHERE processor = ?")) {
            update.setLong(1, count);
            update.setLong(2, seqSum);
            update.setString(3, name);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO test_counts VALUES (?, ?, ?)")) {
                    insert.setString(1, name);
                    insert.setLong(2, count);
                    insert.setLong(3, seqSum);
                    insert.executeUpdate();
                }
            }
        }
    }

    /** The counts committed in the store: {events, seq_sum}. */
    static long[] stored(Connection connection, String processor) throws SQLException {
        createTable(connection);
        try (PreparedStatement select = connection.prepareStatement("SELECT events, seq_sum FROM test_counts WHERE processor = ?")) {
            select.setString(1, processor);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new long[] {rows.getLong(1), rows.getLong(2)} : new long[] {0, 0};
            }
        }
    }
}
