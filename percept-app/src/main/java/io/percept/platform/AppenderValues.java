package io.percept.platform;

import java.sql.SQLException;
import java.time.LocalDateTime;
import org.duckdb.DuckDBAppender;

/** Appends a value of a row built as {@code Object[]} to a DuckDB appender, by its Java type. */
public final class AppenderValues {

    private AppenderValues() {
    }

    /**
     * Appends {@code value}: null as NULL, Long, Integer, Double, Boolean and LocalDateTime as
     * themselves, anything else as its text.
     */
    public static void append(DuckDBAppender appender, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else if (value instanceof Long number) {
            appender.append(number.longValue());
        } else if (value instanceof Integer number) {
            appender.append(number.intValue());
        } else if (value instanceof Double number) {
            appender.append(number.doubleValue());
        } else if (value instanceof Boolean flag) {
            appender.append(flag.booleanValue());
        } else if (value instanceof LocalDateTime time) {
            appender.append(time);
        } else {
            appender.append(value.toString());
        }
    }
}
