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
 * after the broker goes away, receiving what was published meanwhile.
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
