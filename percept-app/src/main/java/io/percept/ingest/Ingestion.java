package io.percept.ingest;

import io.percept.eventlog.Event;
import io.percept.eventlog.LogOverloadedException;
import io.percept.eventlog.PartitionedLog;
import io.percept.ingest.dedup.RecentMessageIds;
import io.percept.ingest.domain.Decoded;
import io.percept.ingest.domain.MessageDefaults;
import io.percept.ingest.domain.SegmentMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The path by which messages enter the log: validate every message of a batch, drop the ones
 * whose id the source sent within the deduplication window, then append the rest as one durable
 * unit. A batch with any invalid message is rejected whole and nothing of it is stored, so a
 * client can fix and resend it without creating duplicates.
 */
public class Ingestion {

    private final PartitionedLog eventLog;
    private final RecentMessageIds recentIds;
    private final IngestCounters counters;
    private final Clock clock;

    Ingestion(PartitionedLog eventLog, RecentMessageIds recentIds, IngestCounters counters, Clock clock) {
        this.eventLog = eventLog;
        this.recentIds = recentIds;
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * Counts a request of {@code source} refused before its messages could be validated (it could
     * not be read, or broke a limit).
     *
     * @param reason a short code, e.g. {@code request_too_large}
     */
    public void refuse(Source source, String reason) {
        counters.request(source.name());
        counters.rejected(source.name(), reason, 0);
    }

    /**
     * Counts a request of {@code source} whose {@code messages} messages were refused before they
     * could be validated as events (a pushed record the source's mapping rejects).
     */
    public void refuseMessages(Source source, String reason, int messages) {
        counters.request(source.name());
        counters.received(source.name(), messages);
        counters.rejected(source.name(), reason, messages);
    }

    /**
     * Validates, deduplicates and appends {@code messages} for {@code source}.
     *
     * @param messages    JSON objects freshly parsed into maps; ownership passes to this method
     * @param batchSentAt the batch's {@code sentAt}, or {@code null}
     * @return completes with {@link IngestResult.Accepted} once the new events are durable, with
     *         {@link IngestResult.Rejected} at once for an invalid message, or exceptionally with
     *         the log's {@code LogUnavailableException} when they could not be stored (their ids
     *         are then forgotten, so a retry is not mistaken for a duplicate)
     */
    public CompletableFuture<IngestResult> ingest(Source source, List<Map<String, Object>> messages, Instant batchSentAt) {
        Instant now = clock.instant();
        counters.request(source.name());
        counters.received(source.name(), messages.size());
        MessageDefaults defaults = new MessageDefaults(source.name(), source.channel(), now, batchSentAt);
        List<Event> events = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Decoded decoded = SegmentMessages.decode(messages.get(i), defaults, () -> UUID.randomUUID().toString());
            if (decoded instanceof Decoded.Rejected rejected) {
                counters.rejected(source.name(), "invalid_event", messages.size());
                return CompletableFuture.completedFuture(new IngestResult.Rejected(i, rejected.field(), rejected.reason()));
            }
            events.add(((Decoded.Accepted) decoded).event());
        }
        List<long[]> fingerprints = new ArrayList<>(events.size());
        for (Event event : events) {
            fingerprints.add(RecentMessageIds.fingerprint(source.name().value(), event.messageId().value()));
        }
        boolean[] isNew = recentIds.firstSeen(fingerprints, now);
        List<Event> fresh = new ArrayList<>(events.size());
        List<long[]> reserved = new ArrayList<>(events.size());
        for (int i = 0; i < isNew.length; i++) {
            if (isNew[i]) {
                fresh.add(events.get(i));
                reserved.add(fingerprints.get(i));
            }
        }
        int duplicates = events.size() - fresh.size();
        if (fresh.isEmpty()) {
            counters.duplicates(source.name(), duplicates);
            return CompletableFuture.completedFuture(new IngestResult.Accepted(0, duplicates));
        }
        return eventLog.appendAll(fresh).handle((seqs, failure) -> {
            if (failure != null) {
                reserved.forEach(recentIds::forget);
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                counters.rejected(source.name(), cause instanceof LogOverloadedException ? "overloaded" : "log_unavailable", messages.size());
                throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
            }
            counters.accepted(source.name(), seqs.length);
            counters.duplicates(source.name(), duplicates);
            return new IngestResult.Accepted(seqs.length, duplicates);
        });
    }
}
