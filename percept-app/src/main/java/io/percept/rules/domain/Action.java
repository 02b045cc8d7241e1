package io.percept.rules.domain;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a firing does: one entry of a rule's {@code actions}, an object with exactly one of the kinds below. */
public sealed interface Action permits Action.Webhook, Action.Emit, Action.SetTraits, Action.Alert, Action.Kafka {

    /** This action as an entry of the {@code actions} list, e.g. {@code {webhook: {...}}}. */
    Map<String, Object> toDocument();

    /** Whether the action needs cluster mode (Kafka); such rules are refused in embedded mode. */
    default boolean clusterOnly() {
        return false;
    }

    /**
     * {@code webhook: {url, secret, timeout: 5s, maxAttempts: 8}}: POST the firing as JSON, signed
     * with the secret when there is one, retried up to {@code maxAttempts} times.
     *
     * @param url         an absolute http or https URL
     * @param secret      the signing secret; {@code null} for none
     * @param timeout     per attempt, from 1 ms to 60 s (default 5 s)
     * @param maxAttempts from 1 to 20 (default 8)
     */
    record Webhook(URI url, String secret, Duration timeout, int maxAttempts) implements Action {

        static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
        static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(60);
        static final int DEFAULT_ATTEMPTS = 8;

        public Webhook {
            requireHttp(url);
            if (secret != null && secret.isBlank()) {
                throw new IllegalArgumentException("a webhook secret must not be blank");
            }
            if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
                throw new IllegalArgumentException("the webhook timeout must be from 1ms to 60s");
            }
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new IllegalArgumentException("maxAttempts must be from 1 to 20");
            }
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("webhook", Documents.of("url", url.toString(), "secret", secret, "timeout", Durations.format(timeout),
                    "maxAttempts", maxAttempts));
        }

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=" + (secret == null ? "none" : "***") + ", timeout=" + timeout
                    + ", maxAttempts=" + maxAttempts + "]";
        }
    }

    /**
     * {@code emit: {event: "Offer Issued", properties: {...}}}: append a track event of the profile
     * to the log (source {@code percept-rules}); texts may hold placeholders ({@link Templates}).
     */
    record Emit(String event, Map<String, Object> properties) implements Action {

        public Emit {
            if (event == null || event.isBlank()) {
                throw new IllegalArgumentException("an event name is required");
            }
            properties = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(properties, "properties")));
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("emit", Documents.of("event", event, "properties", properties.isEmpty() ? null : properties));
        }
    }

    /** {@code setTraits: {vip: true, tags: [retention]}}: set these traits on the profile; texts may hold placeholders. */
    record SetTraits(Map<String, Object> traits) implements Action {

        public SetTraits {
            if (traits == null || traits.isEmpty()) {
                throw new IllegalArgumentException("at least one trait is required");
            }
            traits = Collections.unmodifiableMap(new LinkedHashMap<>(traits));
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("setTraits", traits);
        }
    }

    /**
     * {@code alert: {severity: high, title: "...", message: "...", webhook: "https://...", secret: "..."}}:
     * an alert in Percept's alert list, also posted to the webhook when there is one (signed with
     * the secret when there is one); title and message may hold placeholders.
     *
     * @param message the body; {@code null} for none
     * @param webhook where to post it as well; {@code null} for nowhere
     * @param secret  the signing secret of the post; {@code null} for none
     */
    record Alert(Severity severity, String title, String message, URI webhook, String secret) implements Action {

        public Alert {
            Objects.requireNonNull(severity, "severity");
            if (title == null || title.isBlank()) {
                throw new IllegalArgumentException("an alert title is required");
            }
            if (webhook != null) {
                requireHttp(webhook);
            }
            if (secret != null && (secret.isBlank() || webhook == null)) {
                throw new IllegalArgumentException("an alert secret must not be blank and needs a webhook");
            }
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("alert", Documents.of("severity", severity.wireName(), "title", title, "message", message,
                    "webhook", webhook == null ? null : webhook.toString(), "secret", secret));
        }
    }

    /** How urgent an alert is. */
    enum Severity {
        LOW, MEDIUM, HIGH, CRITICAL;

        /** The lower-case name used in documents. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code kafka: {topic: percept.offers}}: publish the firing to a Kafka topic; cluster mode only. */
    record Kafka(String topic) implements Action {

        static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

        public Kafka {
            if (topic == null || !TOPIC.matcher(topic).matches()) {
                throw new IllegalArgumentException("not a Kafka topic name: " + topic);
            }
        }

        @Override
        public boolean clusterOnly() {
            return true;
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("kafka", Documents.of("topic", topic));
        }
    }

    private static void requireHttp(URI url) {
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException("expected an absolute http or https URL, got " + url);
        }
    }
}
