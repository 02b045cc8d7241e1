package io.percept.ingest.imports;

import io.percept.ingest.domain.mapping.Row;
import io.percept.platform.JsonValues;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parquet records, read by an in-memory DuckDB ({@code read_parquet}) so no Hadoop libraries are
 * needed. Cells are DuckDB's text form of each value (timestamps as {@code yyyy-MM-dd HH:mm:ss});
 * a row's "line" is its 1-based position in the file.
 */
final class ParquetRows implements RowSource {

    private final Connection connection;
    private final ResultSet rows;
    private final List<String> columns = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final int[] kinds;
    private final long total;
    private long read;

    ParquetRows(Path file) throws IOException {
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
                count.setString(1, file.toString());
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    total = result.getLong(1);
                }
            }
            PreparedStatement select = connection.prepareStatement("SELECT * FROM read_parquet(?)");
            select.setString(1, file.toString());
            rows = select.executeQuery();
            ResultSetMetaData meta = rows.getMetaData();
            kinds = new int[meta.getColumnCount()];
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
                index.putIfAbsent(meta.getColumnName(i), i - 1);
                kinds[i - 1] = meta.getColumnType(i);
            }
        } catch (SQLException e) {
            throw new IOException("cannot read " + file.getFileName() + " as Parquet: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Row next() throws IOException {
        try {
            if (!rows.next()) {
                return null;
            }
            String[] values = new String[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = text(i + 1, kinds[i]);
            }
            read++;
            return new ParquetRow(read, values, index);
        } catch (SQLException e) {
            throw new IOException("reading Parquet row " + (read + 1) + " failed: " + e.getMessage(), e);
        }
    }

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd().toFormatter();

    /** A cell as text; date-times in DuckDB's own form ({@code 2010-12-01 08:26:00}), offsets kept. */
    private String text(int column, int kind) throws SQLException {
        switch (kind) {
            case Types.TIMESTAMP: {
                LocalDateTime value = rows.getObject(column, LocalDateTime.class);
                return value == null ? null : TIMESTAMP.format(value);
            }
            case Types.TIMESTAMP_WITH_TIMEZONE: {
                OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
                return value == null ? null : value.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            }
            case Types.DATE: {
                LocalDate value = rows.getObject(column, LocalDate.class);
                return value == null ? null : value.toString();
            }
            default:
                return rows.getString(column);
        }
    }

    /** One row. */
    private record ParquetRow(long line, String[] values, Map<String, Integer> index) implements Row {

        @Override
        public String get(String column) {
            Integer at = index.get(column);
            return at == null ? null : values[at];
        }

        @Override
        public String raw() {
            return JsonValues.toJson(Arrays.asList(values));
        }
    }

    @Override
    public double fractionDone() {
        return total == 0 ? 1 : read / (double) total;
    }

    @Override
    public void close() throws IOException {
        try (Statement statement = rows.getStatement(); Connection owned = connection) {
            rows.close();
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }
}
