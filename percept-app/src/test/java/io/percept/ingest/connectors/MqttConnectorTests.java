package io.percept.ingest.connectors;

import io.percept.testing.TestServers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.percept.PerceptApplication;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.LoggedEvent;
import io.percept.eventlog.SourceName;
import io.percept.testing.HostileInput;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The MQTT connector against a real broker (Moquette, embedded, with a persistent store): topics
 * and payloads become events, bad messages are counted and kept, and the connector comes back
 * after the broker goes away, receiving what was published meanwhile. Hostile payloads and topic
 * levels are each stored or rejected with a reason, and none of them breaks the connection.
 */
@SpringBootTest(classes = PerceptApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MqttConnectorTests {

    private static final SourceName SOURCE = new SourceName("factory-devices");
    private static Server broker;
    private static Properties brokerConfig;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path data = TestServers.temporaryDirectory("percept-mqtt-test-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        brokerConfig = new Properties();
        brokerConfig.setProperty("host", "127.0.0.1");
        brokerConfig.setProperty("port", Integer.toString(port));
        brokerConfig.setProperty("allow_anonymous", "true");
        brokerConfig.setProperty("persistence_enabled", "true");
        brokerConfig.setProperty("data_path", Files.createDirectories(data.resolve("broker")).toString());
        brokerConfig.setProperty("telemetry_enabled", "false");
        brokerConfig.setProperty("netty.mqtt.message_size", Integer.toString(1 << 20));
        startBroker();
        Path plainValues = Files.writeString(data.resolve("plain-values.yaml"), """
                template: iot
                columns:
                  value: _payload
                """);
        registry.add("percept.platform.data-dir", () -> data.resolve("percept").toString());
        registry.add("percept.ingest.mqtt.broker", () -> "tcp://127.0.0.1:" + port);
        registry.add("percept.ingest.mqtt.client-id", () -> "percept-under-test");
        registry.add("percept.ingest.mqtt.source", SOURCE::value);
        registry.add("percept.ingest.mqtt.reconnect-max-delay", () -> "2s");
        registry.add("percept.ingest.mqtt.subscriptions[0].topic", () -> "devices/{device_id}/telemetry/{metric}");
        registry.add("percept.ingest.mqtt.subscriptions[1].topic", () -> "gateways/{gateway}/batch");
        registry.add("percept.ingest.mqtt.subscriptions[1].records", () -> "$.readings[*]");
        registry.add("percept.ingest.mqtt.subscriptions[2].topic", () -> "sensors/{device_id}/{metric}");
        registry.add("percept.ingest.mqtt.subscriptions[2].mapping", plainValues::toString);
    }

    private static void startBroker() throws IOException {
        broker = new Server();
        broker.startServer(new MemoryConfig(brokerConfig));
    }

    @AfterAll
    static void stopBroker() {
        broker.stopServer();
    }

    @Autowired
    EventLog eventLog;

    @Autowired
    MqttConnector connector;

    @Test
    @Order(1)
    void turnsTopicLevelsAndPayloadFieldsIntoATrackEvent() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> connector.status().get("connected").equals(true));
        publish("devices/ac-17/telemetry/temperature", """
                {"customer_id": "c-1", "value": 21.5, "measured_at": "2026-03-01T08:00:00Z", "model": "AC-9", "firmware": "1.2"}""");
        Event event = awaitEvent(e -> "device:ac-17".equals(e.anonymousId()));
        assertThat(event.name()).isEqualTo("Telemetry Reported");
        assertThat(event.channel()).isEqualTo(Channel.IOT);
        assertThat(event.userId()).isEqualTo("c-1");
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-03-01T08:00:00Z"));
        assertThat(event.properties().asMap()).containsEntry("metric", "temperature").containsEntry("value", 21.5)
                .containsEntry("model", "AC-9").containsEntry("device_id", "ac-17");
    }

    @Test
    @Order(2)
    void readsSeveralReadingsFromOnePayloadAndPlainValues() throws Exception {
        publish("gateways/gw-1/batch", """
                {"readings": [
                  {"device_id": "fridge-1", "metric": "door_open", "value": 1, "measured_at": "2026-03-01T09:00:00Z"},
                  {"device_id": "fridge-2", "metric": "door_open", "value": 0, "measured_at": "2026-03-01T09:00:00Z"}]}""");
        awaitEvent(e -> "device:fridge-2".equals(e.anonymousId()));
        assertThat(events(e -> "device:fridge-1".equals(e.anonymousId()))).hasSize(1);

        Instant before = Instant.now();
        publish("sensors/kettle-3/power", "1500");
        publish("sensors/kettle-3/power", "1500");
        await().atMost(Duration.ofSeconds(20)).until(() -> events(e -> "device:kettle-3".equals(e.anonymousId())).size() == 2);
        List<Event> readings = events(e -> "device:kettle-3".equals(e.anonymousId()));
        assertThat(readings).allSatisfy(reading -> {
            assertThat(reading.properties().asMap()).containsEntry("value", 1500.0).containsEntry("metric", "power");
            assertThat(reading.timestamp()).as("a reading without a time of its own is stamped on arrival").isAfterOrEqualTo(before.minusSeconds(1));
        });
        assertThat(readings.get(0).messageId()).as("identical readings at different times are both kept").isNotEqualTo(readings.get(1).messageId());
    }

    @Test
    @Order(3)
    void countsAndKeepsWhatCannotBecomeAnEventAndGoesOn() throws Exception {
        long rejectedBefore = (Long) connector.status().get("rejected");
        publish("devices/ac-18/telemetry/temperature", "{\"value\": 2");
        publish("devices/ac-18/telemetry/temperature", "{\"value\": \"warm\", \"measured_at\": \"2026-03-01T08:00:00Z\"}");
        publish("devices/ac-19/telemetry/temperature", "{\"value\": 19, \"measured_at\": \"2026-03-01T08:00:00Z\"}");
        awaitEvent(e -> "device:ac-19".equals(e.anonymousId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> (Long) connector.status().get("rejected") == rejectedBefore + 2);
        List<?> rejects = (List<?>) connector.status().get("lastRejects");
        assertThat(rejects).hasSizeGreaterThanOrEqualTo(2);
        Map<?, ?> newest = (Map<?, ?>) rejects.get(0);
        Map<?, ?> older = (Map<?, ?>) rejects.get(1);
        assertThat(newest.get("code")).isEqualTo("invalid_event");
        assertThat((String) newest.get("reason")).contains("properties.value").contains("'warm' is not a number");
        assertThat(older.get("code")).isEqualTo("invalid_json");
        assertThat(events(e -> "device:ac-18".equals(e.anonymousId()))).isEmpty();
    }

    @Test
    @Order(4)
    void reconnectsAfterTheBrokerRestartsAndReceivesWhatWasQueued() throws Exception {
        long reconnectsBefore = (Long) connector.status().get("reconnects");
        broker.stopServer();
        await().atMost(Duration.ofSeconds(20)).until(() -> connector.status().get("connected").equals(false));
        startBroker();
        publish("devices/ac-20/telemetry/humidity", "{\"value\": 55, \"measured_at\": \"2026-03-01T10:00:00Z\"}");
        Event event = awaitEvent(e -> "device:ac-20".equals(e.anonymousId()));
        assertThat(event.properties().asMap()).containsEntry("metric", "humidity");
        assertThat((Long) connector.status().get("reconnects")).isGreaterThan(reconnectsBefore);
        await().atMost(Duration.ofSeconds(20)).until(() -> connector.status().get("connected").equals(true));
    }

    private static final int FUZZ_MESSAGES = Integer.getInteger("percept.fuzz.mqtt", 1_500);

    @Test
    @Order(5)
    void everyHostileMessageIsStoredOrRejectedAndTheConnectionSurvives() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> connector.status().get("connected").equals(true));
        HostileInput input = HostileInput.seeded();
        Map<String, Object> before = connector.status();
        List<String> valid = List.of(
                "{\"customer_id\": \"c-9\", \"value\": 21.5, \"measured_at\": \"2026-03-01T08:00:00Z\", \"model\": \"AC-9\"}",
                "{\"readings\": [{\"device_id\": \"d-1\", \"metric\": \"door_open\", \"value\": 1}, {\"device_id\": \"d-2\", \"value\": 0}]}",
                "1500");
        MqttClient publisher = new MqttClient("tcp://127.0.0.1:" + brokerConfig.getProperty("port"), "fuzz-publisher", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1_000);
        publisher.connect(options);
        for (int i = 0; i < FUZZ_MESSAGES; i++) {
            String level = topicLevel(input.next("ac-" + i));
            String topic = switch (i % 3) {
                case 0 -> "devices/" + level + "/telemetry/" + topicLevel(input.next("temperature"));
                case 1 -> "gateways/" + level + "/batch";
                default -> "sensors/" + level + "/power";
            };
            String body = input.next(valid.get(i % valid.size()));
            byte[] bytes = input.nextInt(20) == 0 ? new byte[] {(byte) 0xC3, 0x28, '{', (byte) 0xFF} : body.getBytes(StandardCharsets.UTF_8);
            publisher.publish(topic, bytes, 1, false);
        }
        publisher.publish("devices/fuzz-canary/telemetry/temperature",
                "{\"value\": 20, \"measured_at\": \"2026-03-02T08:00:00Z\"}".getBytes(StandardCharsets.UTF_8), 1, false);
        publisher.disconnect();
        publisher.close();

        Event canary = awaitEvent(e -> "device:fuzz-canary".equals(e.anonymousId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> (Long) connector.status().get("received") - (Long) before.get("received")
                >= FUZZ_MESSAGES + 1 && (Integer) connector.status().get("inFlight") == 0);
        assertThat(canary.properties().asMap()).containsEntry("value", 20.0);
        Map<String, Object> after = connector.status();
        long received = (Long) after.get("received") - (Long) before.get("received");
        assertThat(after.get("connected")).as("seed %d", input.seed()).isEqualTo(true);
        assertThat((Long) after.get("reconnects")).as("no hostile message broke the connection (seed %d)", input.seed())
                .isEqualTo((Long) before.get("reconnects"));
        assertThat(received).as("each message received once: none redelivered because handling it failed (seed %d)", input.seed())
                .isEqualTo(FUZZ_MESSAGES + 1);
        assertThat(after.get("lastError")).as("seed %d", input.seed()).isEqualTo(before.get("lastError"));
        long rejected = (Long) after.get("rejected") - (Long) before.get("rejected");
        long stored = (Long) after.get("stored") - (Long) before.get("stored");
        assertThat(rejected).as("hostile messages are rejected with a reason").isPositive();
        assertThat(stored).as("the valid and harmlessly mutated ones are stored").isPositive();
        System.out.printf("mqtt fuzz: %d messages, %d events stored, %d rejected with a reason, 0 disconnects, seed %d%n",
                FUZZ_MESSAGES, stored, rejected, input.seed());
    }

    /**
     * A hostile string usable as one topic level: MQTT 3.1.1 (sections 1.5.3, 4.7) keeps wildcards,
     * separators, control characters and non-characters out of topic names, and the client refuses them.
     */
    private static String topicLevel(String text) {
        StringBuilder level = new StringBuilder();
        for (int i = 0; i < text.length() && level.length() < 2_000; i++) {
            char c = text.charAt(i);
            // Paho's encoder also refuses surrogate pairs and some other ranges: keep to printable ASCII and CJK
            boolean allowed = (c >= 0x20 && c < 0x7F && c != '/' && c != '+' && c != '#') || (c >= 0x4E00 && c <= 0x9FFF);
            level.append(allowed ? c : '_');
        }
        return level.length() == 0 ? "_" : level.toString();
    }

    private static void publish(String topic, String payload) throws MqttException {
        MqttClient publisher = new MqttClient("tcp://127.0.0.1:" + brokerConfig.getProperty("port"), "test-publisher",
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        publisher.connect(options);
        publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
        publisher.disconnect();
        publisher.close();
    }

    private Event awaitEvent(java.util.function.Predicate<Event> which) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !events(which).isEmpty());
        return events(which).get(0);
    }

    private List<Event> events(java.util.function.Predicate<Event> which) {
        return eventLog.newest(SOURCE, 1000).stream().map(LoggedEvent::event).filter(which).toList();
    }
}
