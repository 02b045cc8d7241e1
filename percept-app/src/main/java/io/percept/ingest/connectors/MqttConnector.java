package io.percept.ingest.connectors;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.IngestResult;
import io.percept.ingest.IngestSettings;
import io.percept.ingest.Ingestion;
import io.percept.ingest.Source;
import io.percept.ingest.Sources;
import io.percept.ingest.imports.MappingDocuments;
import io.percept.platform.JsonValues;
import io.percept.platform.MalformedJsonException;
import io.percept.platform.Utf8;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to MQTT topics (Eclipse Paho) and turns each message into events through the
 * subscription's mapping. With QoS 1 a message is acknowledged to the broker only once its events
 * are durable in the log (manual acks): if Percept stops or the log refuses the append, the broker
 * delivers it again, and the message id (from the mapping, or derived from topic and payload)
 * lets deduplication drop what was already stored. A message that cannot become an event (not
 * JSON, rejected by the mapping) is acknowledged, counted as rejected and kept in the status, since
 * delivering it again would not change it.
 *
 * <p>The connector connects in the background and reconnects after any loss, backing off from
 * 1 s to the configured maximum; with a persistent session (the default) the broker queues
 * messages meanwhile.
 */
public final class MqttConnector {

    private static final Logger log = LoggerFactory.getLogger(MqttConnector.class);
    private static final String PAYLOAD_COLUMN = "_payload";
    private static final int KEPT_REJECTS = 20;

    private final IngestSettings.Mqtt settings;
    private final Sources sources;
    private final Ingestion ingestion;
    private final Clock clock;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mqtt-connector");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Deque<Map<String, Object>> lastRejects = new ArrayDeque<>();
    private volatile MqttAsyncClient client;
    private volatile Source source;
    private volatile boolean connected;
    private volatile boolean stopping;
    private volatile Instant connectedSince;
    private volatile String lastError;
    private Duration nextDelay = Duration.ofSeconds(1);

    private record Subscription(TopicPattern topic, String mappingName, RecordMapper mapper) {
    }

    /**
     * @throws IllegalArgumentException if a subscription's topic or mapping is invalid (found at start, not at the first message)
     */
    public MqttConnector(IngestSettings.Mqtt settings, Sources sources, Ingestion ingestion, Clock clock) {
        this.settings = settings;
        this.sources = sources;
        this.ingestion = ingestion;
        this.clock = clock;
        for (IngestSettings.Subscription subscription : settings.subscriptions()) {
            TopicPattern topic = TopicPattern.parse(subscription.topic());
            String records = subscription.records() == null || subscription.records().isBlank() ? null : subscription.records();
            try {
                subscriptions.add(new Subscription(topic, subscription.mapping(),
                        new RecordMapper(MappingDocuments.load(subscription.mapping()), records, "mqtt-")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("percept.ingest.mqtt subscription " + topic + ": " + e.getMessage(), e);
            }
        }
    }

    /** Starts connecting in the background; does nothing when no broker is configured. */
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        SourceName name = new SourceName(settings.source());
        source = sources.find(name).orElseGet(() -> {
            sources.create(name, Channel.IOT, null);
            return sources.find(name).orElseThrow();
        });
        try {
            client = new MqttAsyncClient(settings.broker(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("percept.ingest.mqtt.broker '" + settings.broker() + "': " + e.getMessage(), e);
        }
        client.setManualAcks(true);
        client.setCallback(new Callback());
        log.info("MQTT connector: {} as {} for source {}, topics {}", settings.broker(), settings.clientId(), name,
                subscriptions.stream().map(s -> s.topic().pattern()).toList());
        scheduler.execute(this::connect);
    }

    /** Stops: waits up to 5 s for messages being stored, then disconnects. */
    public void stop() {
        stopping = true;
        scheduler.shutdownNow();
        MqttAsyncClient current = client;
        if (current == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            if (current.isConnected()) {
                current.disconnect().waitForCompletion(2000);
            }
        } catch (MqttException e) {
            log.debug("MQTT disconnect: {}", e.getMessage());
        }
        try {
            current.close(true);
        } catch (MqttException e) {
            log.debug("MQTT close: {}", e.getMessage());
        }
    }

    private void connect() {
        if (stopping) {
            return;
        }
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(settings.cleanSession());
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        if (settings.username() != null && !settings.username().isBlank()) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(settings.password().toCharArray());
        }
        try {
            client.connect(options).waitForCompletion(15_000);
            String[] filters = subscriptions.stream().map(s -> s.topic().filter()).toArray(String[]::new);
            int[] qos = new int[filters.length];
            java.util.Arrays.fill(qos, settings.qos());
            client.subscribe(filters, qos).waitForCompletion(15_000);
            connected = true;
            connectedSince = clock.instant();
            nextDelay = Duration.ofSeconds(1);
            log.info("MQTT connector connected to {}, subscribed to {}", settings.broker(), List.of(filters));
        } catch (MqttException e) {
            connected = false;
            lastError = clock.instant() + ": " + describe(e);
            if (reconnects.get() == 0 || nextDelay.equals(Duration.ofSeconds(1))) {
                log.warn("MQTT connector cannot reach {}: {}; retrying in {} s", settings.broker(), describe(e), nextDelay.toSeconds());
            }
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (stopping) {
            return;
        }
        reconnects.incrementAndGet();
        Duration delay = nextDelay;
        nextDelay = nextDelay.multipliedBy(2).compareTo(settings.reconnectMaxDelay()) > 0 ? settings.reconnectMaxDelay() : nextDelay.multipliedBy(2);
        try {
            scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    /** Drops the connection so the broker delivers the unacknowledged messages again, then reconnects. */
    private void redeliverLater(String why) {
        long before = generation.getAndIncrement();
        log.warn("MQTT connector: {}; reconnecting so the broker delivers the messages again", why);
        try {
            scheduler.execute(() -> {
                if (generation.get() != before + 1 || stopping) {
                    return;
                }
                connected = false;
                try {
                    client.disconnectForcibly(0, 1000);
                } catch (MqttException e) {
                    log.debug("MQTT forced disconnect: {}", e.getMessage());
                }
                scheduleReconnect();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping
        }
    }

    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // subscriptions are made in connect()
        }

        @Override
        public void connectionLost(Throwable cause) {
            generation.incrementAndGet();
            connected = false;
            lastError = clock.instant() + ": connection lost: " + describe(cause);
            log.warn("MQTT connector lost {}: {}", settings.broker(), describe(cause));
            nextDelay = Duration.ofSeconds(1);
            scheduleReconnect();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            receive(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the connector publishes nothing
        }
    }

    private void receive(String topic, MqttMessage message) {
        received.incrementAndGet();
        long connection = generation.get();
        Instant now = clock.instant();
        Subscription subscription = null;
        Map<String, String> columns = null;
        for (Subscription candidate : subscriptions) {
            columns = candidate.topic().match(topic);
            if (columns != null) {
                subscription = candidate;
                break;
            }
        }
        if (subscription == null) {
            reject(topic, "no_subscription", "matches none of the subscriptions", message, connection);
            return;
        }
        byte[] payload = message.getPayload();
        Object document;
        Map<String, String> extras = new LinkedHashMap<>(columns);
        try {
            document = JsonValues.parse(payload);
            if (!(document instanceof Map) && !(document instanceof List)) {
                extras.put(PAYLOAD_COLUMN, String.valueOf(document));
                document = Map.of();
            }
        } catch (MalformedJsonException e) {
            String text = Utf8.decodeLenient(payload).strip();
            if (text.startsWith("{") || text.startsWith("[")) {
                reject(topic, "invalid_json", "the payload is not valid JSON: " + e.getMessage(), message, connection);
                return;
            }
            extras.put(PAYLOAD_COLUMN, text);
            document = Map.of();
        }
        RecordMapper.Result result = subscription.mapper().map(source.name().value(), document, extras, now, true);
        if (result instanceof RecordMapper.Result.Rejected invalid) {
            reject(topic, "invalid_event", "record " + invalid.index() + ": " + invalid.field() + ": " + invalid.reason(), message, connection);
            return;
        }
        List<Map<String, Object>> messages = ((RecordMapper.Result.Mapped) result).messages();
        if (messages.isEmpty()) {
            ack(message, connection);
            return;
        }
        inFlight.incrementAndGet();
        ingestion.ingest(source, messages, null).whenComplete((outcome, failure) -> {
            inFlight.decrementAndGet();
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                lastError = clock.instant() + ": not stored: " + describe(cause);
                redeliverLater("a message from " + topic + " could not be stored (" + describe(cause) + ")");
                return;
            }
            if (outcome instanceof IngestResult.Rejected invalid) {
                rejected.incrementAndGet();
                remember(topic, "invalid_event", "record " + invalid.index() + ": " + invalid.field() + ": " + invalid.reason(), message);
            } else {
                IngestResult.Accepted accepted = (IngestResult.Accepted) outcome;
                stored.addAndGet(accepted.accepted());
                duplicates.addAndGet(accepted.duplicates());
            }
            ack(message, connection);
        });
    }

    private void reject(String topic, String code, String reason, MqttMessage message, long connection) {
        rejected.incrementAndGet();
        ingestion.refuseMessages(source, code, 1);
        remember(topic, code, reason, message);
        ack(message, connection);
    }

    private void remember(String topic, String code, String reason, MqttMessage message) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", clock.instant());
        entry.put("topic", topic);
        entry.put("code", code);
        entry.put("reason", reason);
        String payload = Utf8.decodeLenient(message.getPayload());
        entry.put("payload", payload.length() > 500 ? payload.substring(0, 500) + "..." : payload);
        synchronized (lastRejects) {
            lastRejects.addFirst(entry);
            if (lastRejects.size() > KEPT_REJECTS) {
                lastRejects.removeLast();
            }
        }
    }

    /** Acknowledges a QoS 1 message, unless its connection is gone (the broker will deliver it again). */
    private void ack(MqttMessage message, long connection) {
        if (message.getQos() == 0 || generation.get() != connection) {
            return;
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            log.debug("MQTT ack of {} failed: {}", message.getId(), e.getMessage());
        }
    }

    /** What the connector is doing, for the admin API. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("enabled", settings.enabled());
        if (!settings.enabled()) {
            status.put("hint", "set percept.ingest.mqtt.broker (PERCEPT_INGEST_MQTT_BROKER) and subscriptions to turn it on");
            return status;
        }
        status.put("broker", settings.broker());
        status.put("clientId", settings.clientId());
        status.put("source", settings.source());
        status.put("qos", settings.qos());
        status.put("connected", connected);
        status.put("connectedSince", connected ? connectedSince : null);
        status.put("subscriptions", subscriptions.stream().map(s -> Map.of("topic", s.topic().pattern(), "filter", s.topic().filter(),
                "mapping", s.mappingName())).toList());
        status.put("received", received.get());
        status.put("stored", stored.get());
        status.put("duplicates", duplicates.get());
        status.put("rejected", rejected.get());
        status.put("inFlight", inFlight.get());
        status.put("reconnects", reconnects.get());
        status.put("lastError", lastError);
        synchronized (lastRejects) {
            status.put("lastRejects", List.copyOf(lastRejects));
        }
        return status;
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown cause";
        }
        Throwable cause = failure.getCause() != null && failure instanceof MqttException ? failure.getCause() : failure;
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return cause != failure && cause.getMessage() != null ? message + " (" + cause.getMessage() + ")" : message;
    }
}
