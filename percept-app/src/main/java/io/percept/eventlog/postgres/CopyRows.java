package io.percept.eventlog.postgres;

import io.percept.eventlog.ClusterSeq;
import io.percept.eventlog.Event;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.persistence.EventCodec;
import io.percept.platform.IsoInstants;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes events into {@code events} with {@code COPY ... FROM STDIN} in PostgreSQL's text format:
 * columns separated by tabs, rows ended by newlines, {@code \N} for null, and backslash, tab,
 * newline and carriage return escaped with a backslash. PostgreSQL text cannot hold U+0000: the
 * payload never has one (JSON escapes it), the query columns get U+FFFD in its place. Times are
 * cut to PostgreSQL's microseconds (the payload keeps them exactly).
 */
final class CopyRows {

    private static final String SQL = "COPY events (" + PostgresEventStore.COLUMNS + ") FROM STDIN";
    private static final int FLUSH_CHARS = 1 << 20;

    private CopyRows() {
    }

    static void copy(Connection connection, List<LoggedEvent> events) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(SQL);
        try {
            StringBuilder rows = new StringBuilder(Math.min(FLUSH_CHARS, 512 * events.size()) + 1024);
            for (LoggedEvent logged : events) {
                appendRow(rows, logged);
                if (rows.length() >= FLUSH_CHARS) {
                    send(copy, rows);
                }
            }
            send(copy, rows);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void send(CopyIn copy, StringBuilder rows) throws SQLException {
        if (rows.length() > 0) {
            byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            rows.setLength(0);
        }
    }

    /** One row in the column order of {@link PostgresEventStore#COLUMNS}. */
    static void appendRow(StringBuilder row, LoggedEvent logged) {
        Event event = logged.event();
        row.append(logged.seq()).append('\t').append(ClusterSeq.partition(logged.seq())).append('\t');
        field(row, event.source().value());
        field(row, event.messageId().value());
        field(row, event.type().wireName());
        field(row, event.name());
        field(row, event.userId());
        field(row, event.anonymousId());
        field(row, event.channel().wireName());
        field(row, time(event.timestamp()));
        field(row, time(event.receivedAt()));
        escape(row, EventCodec.encode(event));
        row.append('\n');
    }

    private static String time(Instant instant) {
        return IsoInstants.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    private static void field(StringBuilder row, String value) {
        if (value == null) {
            row.append("\\N");
        } else {
            escape(row, value);
        }
        row.append('\t');
    }

    static void escape(StringBuilder row, String value) {
        int length = value.length();
        int start = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '\\') {
                continue;
            }
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\0' -> "\uFFFD";
                default -> null;
            };
            if (replacement != null) {
                row.append(value, start, i).append(replacement);
                start = i + 1;
            }
        }
        row.append(value, start, length);
    }
}
