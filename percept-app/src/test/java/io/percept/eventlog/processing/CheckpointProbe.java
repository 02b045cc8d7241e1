package io.percept.eventlog.processing;

import io.percept.platform.EmbeddedStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads a processor's committed checkpoint, for the crash test's child. */
final class CheckpointProbe {

    private CheckpointProbe() {
    }

    static long position(EmbeddedStore store) throws SQLException {
        try (Connection connection = store.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT max(position) FROM processor_checkpoints WHERE processor = 'counting'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
