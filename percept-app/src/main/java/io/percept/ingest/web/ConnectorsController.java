package io.percept.ingest.web;

import io.percept.ingest.connectors.MqttConnector;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The state of the push connectors (admin API). */
@RestController
@RequestMapping("/api/connectors")
class ConnectorsController {

    private final MqttConnector mqtt;

    ConnectorsController(MqttConnector mqtt) {
        this.mqtt = mqtt;
    }

    /** Whether the MQTT connector is connected, what it received and stored, and its last rejected messages. */
    @GetMapping("/mqtt")
    Map<String, Object> mqtt() {
        return mqtt.status();
    }
}
