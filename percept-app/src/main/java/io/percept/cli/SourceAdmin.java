package io.percept.cli;

import java.util.List;
import java.util.Map;

/**
 * Source administration as the CLI does it: through a running server's admin API, or directly on
 * a stopped server's data directory. Both answer with the JSON shapes of {@code /api/sources}.
 */
interface SourceAdmin extends AutoCloseable {

    List<Map<String, Object>> list();

    Map<String, Object> create(String name, String channel, String writeKey);

    Map<String, Object> setEnabled(String name, boolean enabled);

    Map<String, Object> rotate(String name, String writeKey);

    Map<String, Object> stats(String name);

    List<Map<String, Object>> events(String name, int limit);

    /** Where the changes go, for the user. */
    String target();

    @Override
    void close();

    /** A refusal from the API or the store, with the reason for the user. */
    final class AdminException extends RuntimeException {

        AdminException(String message) {
            super(message);
        }
    }
}
