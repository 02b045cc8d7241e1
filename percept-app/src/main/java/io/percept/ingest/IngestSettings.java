package io.percept.ingest;

import io.percept.platform.Secrets;
import java.time.Duration;
import java.util.List;
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
 * @param mqtt      the MQTT connector for IoT telemetry
 * @param rateLimit requests per source on {@code /v1/**}
 */
@ConfigurationProperties("percept.ingest")
public record IngestSettings(
        @DefaultValue("") String writeKeys,
        @DefaultValue Limits limits,
        @DefaultValue Dedup dedup,
        @DefaultValue Imports imports,
        @DefaultValue Mqtt mqtt,
        @DefaultValue RateLimit rateLimit) {

    /**
     * @param maxEventSize   largest single message (its JSON)
     * @param maxRequestSize largest request body, after decompression
     * @param maxBatchEvents most messages in one batch
     * @param maxConcurrentRequests tracking and webhook requests handled at once; one more is refused at once
     *                       (503 {@code overloaded}) before its body is read, so a flood neither takes every
     *                       server thread from the API and console nor holds more than this many bodies in memory
     */
    public record Limits(
            @DefaultValue("32KB") DataSize maxEventSize,
            @DefaultValue("500KB") DataSize maxRequestSize,
            @DefaultValue("2500") int maxBatchEvents,
            @DefaultValue("64") int maxConcurrentRequests) {

        public Limits {
            if (maxEventSize.toBytes() < 1024 || maxRequestSize.toBytes() < maxEventSize.toBytes() || maxBatchEvents < 1
                    || maxConcurrentRequests < 1) {
                throw new IllegalArgumentException("percept.ingest.limits: max-event-size must be at least 1KB, max-request-size at least"
                        + " max-event-size, max-batch-events and max-concurrent-requests positive");
            }
        }
    }

    /**
     * A token bucket per source on the tracking API ({@code /v1/**}), keyed by the source whose write
     * key authenticated the request: beyond it a request is answered 429 {@code rate_limited} with
     * {@code Retry-After}. The default is Segment's cap of a whole workspace, far above what one
     * source sends in batches (the HTTP benchmark's 64 connections reach ~650 requests/s).
     *
     * @param requestsPerSecond sustained requests per second and source; 0 turns the limit off
     * @param burst             requests a source may send at once after a pause
     */
    public record RateLimit(@DefaultValue("1000") double requestsPerSecond, @DefaultValue("2000") int burst) {

        public RateLimit {
            if (requestsPerSecond < 0 || requestsPerSecond > 0 && burst < 1) {
                throw new IllegalArgumentException("percept.ingest.rate-limit: requests-per-second must be >= 0 (0 = off) and burst >= 1");
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

    /**
     * The MQTT connector: subscribes to topics on a broker and turns each message into a
     * {@code track} event (on the {@code iot} channel with the built-in {@code iot} mapping).
     *
     * @param broker            the broker, e.g. {@code tcp://localhost:1883} or {@code ssl://host:8883};
     *                          empty (the default) leaves the connector off
     * @param clientId          the client id; with a persistent session the broker keeps QoS 1
     *                          messages for it while Percept is down
     * @param username          optional
     * @param password          optional
     * @param source            the source the events belong to; created (channel {@code iot}) if missing
     * @param qos               0 or 1; with 1 (the default) a message is acknowledged only once its
     *                          event is durable in the log
     * @param cleanSession      whether the broker forgets the subscriptions and queued messages when
     *                          the connection ends (default: it keeps them)
     * @param reconnectMaxDelay the longest wait between reconnection attempts (they back off from 1 s)
     * @param subscriptions     topics and their mappings
     */
    public record Mqtt(
            @DefaultValue("") String broker,
            @DefaultValue("percept") String clientId,
            String username,
            String password,
            @DefaultValue("iot-devices") String source,
            @DefaultValue("1") int qos,
            @DefaultValue("false") boolean cleanSession,
            @DefaultValue("30s") Duration reconnectMaxDelay,
            List<Subscription> subscriptions) {

        public Mqtt {
            if (qos < 0 || qos > 1) {
                throw new IllegalArgumentException("percept.ingest.mqtt.qos must be 0 or 1");
            }
            subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
            if (!broker.isBlank() && subscriptions.isEmpty()) {
                throw new IllegalArgumentException("percept.ingest.mqtt.broker is set but there are no subscriptions: add "
                        + "percept.ingest.mqtt.subscriptions[0].topic (e.g. devices/{device_id}/telemetry)");
            }
        }

        /** Whether the connector runs. */
        public boolean enabled() {
            return !broker.isBlank();
        }

        @Override
        public String toString() {
            return "Mqtt[broker=" + broker + ", clientId=" + clientId + ", username=" + username + ", password=" + Secrets.redacted(password)
                    + ", source=" + source + ", qos=" + qos + ", cleanSession=" + cleanSession + ", subscriptions=" + subscriptions + "]";
        }
    }

    /**
     * @param topic   a topic filter whose levels may be named, e.g. {@code devices/{device_id}/telemetry/{metric}}
     * @param mapping a template name or the path of a mapping file (default {@code iot}); its columns
     *                are payload keys, dotted paths or JSONPath, the topic's named levels and
     *                {@code _topic}; a payload that is not JSON is the column {@code _payload}
     * @param records a JSONPath picking several records out of one payload, or empty for one
     */
    public record Subscription(String topic, @DefaultValue("iot") String mapping, String records) {
    }
}
