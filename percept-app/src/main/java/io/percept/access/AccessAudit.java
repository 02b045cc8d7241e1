package io.percept.access;

import io.percept.access.persistence.UserRecords;
import io.percept.access.persistence.UserRecords.AuditRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of access: logins, failed logins, user administration, every state-changing API
 * request, views of unmasked PII and profile exports, each with who, when, what. Entries of the
 * request path are queued ({@link #recordLater}) and written by a background thread every
 * {@link #FLUSH_EVERY}, before every read of the audit and at {@link #close()}, so a request waits
 * for no insert and an orderly shutdown loses none. Thread-safe.
 */
public class AccessAudit implements AutoCloseable {

    static final Duration FLUSH_EVERY = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(AccessAudit.class);

    /** One audited action. */
    public record Entry(Instant at, String actor, String action, String target, String detail) {
    }

    private final UserRecords records;
    private final Clock clock;
    private final Deque<AuditRow> pending = new ArrayDeque<>();
    private ScheduledExecutorService writer;

    AccessAudit(UserRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** Starts writing queued entries in the background. */
    synchronized void start() {
        if (writer == null) {
            writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "access-audit");
                thread.setDaemon(true);
                return thread;
            });
            writer.scheduleWithFixedDelay(this::flush, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the background writer and writes what is queued. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = writer;
            writer = null;
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                stopping.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    /** Records that {@code username} saw the unmasked {@code fields} (e.g. phone, email) of profile {@code profileId}. */
    public void piiViewed(String username, long profileId, Collection<String> fields) {
        record(username, "pii.viewed", "profile:" + profileId, String.join(",", fields));
    }

    /** Records {@code action} by {@code actor} on {@code target} (may be {@code null}) with a free-text {@code detail}. */
    public void record(String actor, String action, String target, String detail) {
        records.audit(new AuditRow(clock.instant(), actor, action, target, detail));
    }

    /** As {@link #record}, but queued: written within {@link #FLUSH_EVERY}, before the next read, or at shutdown. */
    public void recordLater(String actor, String action, String target, String detail) {
        AuditRow row = new AuditRow(clock.instant(), actor, action, target, detail);
        synchronized (pending) {
            pending.addLast(row);
        }
    }

    /** Writes the queued entries; on a store failure the unwritten ones stay queued for the next flush. */
    public synchronized void flush() {
        while (true) {
            AuditRow row;
            synchronized (pending) {
                row = pending.pollFirst();
            }
            if (row == null) {
                return;
            }
            try {
                records.audit(row);
            } catch (RuntimeException e) {
                synchronized (pending) {
                    pending.addFirst(row);
                }
                log.warn("Writing the access audit failed, {} entries stay queued: {}", pending.size(), e.getMessage());
                return;
            }
        }
    }

    /** The newest {@code limit} entries (1–1000), newest first; of one user (as actor or target) when {@code user} is not null. */
    public List<Entry> recent(String user, int limit) {
        return recent(user, null, limit);
    }

    /**
     * The newest {@code limit} entries (1–1000), newest first; of one user (as actor or target) when
     * {@code user} is not null, of one action (e.g. {@code api.DELETE}, or a prefix ending in
     * {@code .}: {@code api.}) when {@code action} is not null.
     */
    public List<Entry> recent(String user, String action, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, was " + limit);
        }
        flush();
        return records.audit(user, action, limit).stream().map(row -> new Entry(row.at(), row.actor(), row.action(), row.target(), row.detail()))
                .toList();
    }
}
