package io.percept.ingest.domain.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rows for tests: {@code row(1, "order_id", "536365", "quantity", "6")}. */
final class TestRows {

    private TestRows() {
    }

    static Row row(long line, String... columnsAndValues) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            cells.put(columnsAndValues[i], columnsAndValues[i + 1]);
        }
        String raw = String.join(",", cells.values());
        return new Row() {
            @Override
            public String get(String column) {
                return cells.get(column);
            }

            @Override
            public long line() {
                return line;
            }

            @Override
            public String raw() {
                return raw;
            }
        };
    }
}
