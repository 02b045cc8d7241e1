package io.percept.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
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

/**
 * The path by which messages enter the log: validate every message of a batch, then append them
 * all as one durable unit. A batch with any invalid message is rejected whole and nothing of it is
 * stored, so a client can fix and resend it without creating duplicates.
 */
public class Ingestion {

    private final EventLog eventLog;
    private final Clock clock;
    private final MeterRegistry meters;

    Ingestion(EventLog eventLog, Clock clock, MeterRegistry meters) {
        this.eventLog = eventLog;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Validates and appends {@code messages} for {@code source}.
     *
     * @param messages    JSON objects freshly parsed into maps; ownership passes to this method
     * @param batchSentAt the batch's {@code sentAt}, or {@code null}
     * @return completes with {@link IngestResult.Accepted} once the events are durable, with
     *         {@link IngestResult.Rejected} at once for an invalid message, or exceptionally with
     *         the log's {@code LogUnavailableException} when they could not be stored
     */
    public CompletableFuture<IngestResult> ingest(Source source, List<Map<String, Object>> messages, Instant batchSentAt) {
        MessageDefaults defaults = new MessageDefaults(source.name(), source.channel(), clock.instant(), batchSentAt);
        List<Event> events = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Decoded decoded = SegmentMessages.decode(messages.get(i), defaults, () -> UUID.randomUUID().toString());
            if (decoded instanceof Decoded.Rejected rejected) {
                counter(source, "rejected").increment(messages.size());
                return CompletableFuture.completedFuture(new IngestResult.Rejected(i, rejected.field(), rejected.reason()));
            }
            events.add(((Decoded.Accepted) decoded).event());
        }
        return eventLog.append(events).thenApply(receipt -> {
            counter(source, "accepted").increment(receipt.count());
            return new IngestResult.Accepted(receipt);
        });
    }

    private Counter counter(Source source, String outcome) {
        return Counter.builder("percept.ingest.events").tag("source", source.name().value()).tag("outcome", outcome)
                .description("Messages received by outcome").register(meters);
    }
}
