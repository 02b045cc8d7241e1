package io.percept.access;

import io.percept.access.persistence.UserRecords;
import io.percept.access.persistence.UserRecords.AuditRow;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The audit trail of access: logins, failed logins, user administration and views of unmasked PII,
 * each with who, when, what. Thread-safe.
 */
public class AccessAudit {

    /** One audited action. */
    public record Entry(Instant at, String actor, String action, String target, String detail) {
    }

    private final UserRecords records;
    private final Clock clock;

    AccessAudit(UserRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** Records that {@code username} saw the unmasked {@code fields} (e.g. phone, email) of profile {@code profileId}. */
    public void piiViewed(String username, long profileId, Collection<String> fields) {
        record(username, "pii.viewed", "profile:" + profileId, String.join(",", fields));
    }

    /** Records {@code action} by {@code actor} on {@code target} (may be {@code null}) with a free-text {@code detail}. */
    public void record(String actor, String action, String target, String detail) {
        records.audit(new AuditRow(clock.instant(), actor, action, target, detail));
    }

    /** The newest {@code limit} entries (1–1000), newest first; of one user (as actor or target) when {@code user} is not null. */
    public List<Entry> recent(String user, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
        }
        return records.audit(user, limit).stream().map(row -> new Entry(row.at(), row.actor(), row.action(), row.target(), row.detail()))
                .toList();
    }
}
