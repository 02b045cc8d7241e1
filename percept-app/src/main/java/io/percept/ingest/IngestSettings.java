package io.percept.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of ingest ({@code percept.ingest.*}).
 *
 * @param writeKeys sources to create or update at start, as {@code name:channel:key,...}
 *                  ({@code PERCEPT_WRITE_KEYS})
 * @param limits    what one HTTP request may carry (Segment's limits by default)
 * @param dedup     deduplication of live traffic by {@code messageId}
 * @param imports   bulk import tuning
 */
@ConfigurationProperties("percept.ingest")
public record IngestSettings(
        @DefaultValue("") String writeKeys,
        @DefaultValue Limits limits,
        @DefaultValue Dedup dedup,
        @DefaultValue Imports imports) {

    /**
     * @param maxEventSize   largest single message (its JSON)
     * @param maxRequestSize largest request body, after decompression
     * @param maxBatchEvents most messages in one batch
     */
    public record Limits(
            @DefaultValue("32KB") DataSize maxEventSize,
            @DefaultValue("500KB") DataSize maxRequestSize,
            @DefaultValue("2500") int maxBatchEvents) {

        public Limits {
            if (maxEventSize.toBytes() < 1024 || maxRequestSize.toBytes() < maxEventSize.toBytes() || maxBatchEvents < 1) {
                throw new IllegalArgumentException("percept.ingest.limits: max-event-size must be at least 1KB, max-request-size at least"
                        + " max-event-size, max-batch-events positive");
            }
        }
    }

    /**
     * @param window     how long a {@code messageId} is remembered per source; a message whose id
     *                   was seen within the window is acknowledged but not stored again
     * @param maxEntries most ids remembered; beyond it the oldest are forgotten first and the
     *                   effective window shrinks (reported by a metric)
     */
    public record Dedup(@DefaultValue("24h") Duration window, @DefaultValue("10000000") int maxEntries) {

        public Dedup {
            if (window.isNegative() || maxEntries < 1000) {
                throw new IllegalArgumentException("percept.ingest.dedup: window must not be negative and max-entries at least 1000");
            }
        }
    }

    /**
     * @param batchSize   events per log append
     * @param maxInFlight appends waiting for their commit at once (pipelining)
     */
    public record Imports(@DefaultValue("2000") int batchSize, @DefaultValue("4") int maxInFlight) {

        public Imports {
            if (batchSize < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("percept.ingest.imports.batch-size and max-in-flight must be positive");
            }
        }
    }
}
