/**
 * Connectors that receive pushed data: webhooks (arbitrary JSON mapped by JSONPath) and MQTT
 * (IoT telemetry), both mapped with the import mapping language.
 */
package io.percept.ingest.connectors;
