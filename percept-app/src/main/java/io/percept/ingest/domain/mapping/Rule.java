package io.percept.ingest.domain.mapping;

import java.util.Map;

/**
 * What to do with rows that meet a condition; rules apply in order and a reject or skip ends
 * them.
 */
public sealed interface Rule {

    Condition condition();

    /** Refuse the row: it goes to the rejects file with {@code reason}. */
    record Reject(Condition condition, String reason) implements Rule {
    }

    /** Leave the row out without counting it as an error (e.g. header repeats, test orders). */
    record Skip(Condition condition, String reason) implements Rule {
    }

    /** Override fields ({@code event}, {@code user_id}, ...) or properties for this row. */
    record Set(Condition condition, Map<String, ValueSpec> fields, Map<String, ValueSpec> properties) implements Rule {
    }
}
