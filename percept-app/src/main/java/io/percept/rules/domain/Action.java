package io.percept.rules.domain;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import io.percept.segmentation.SegmentNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a firing does: one entry of a rule's {@code actions}, an object with exactly one of the kinds below. */
public sealed interface Action permits Action.Webhook, Action.Emit, Action.SetTraits, Action.Tag, Action.Segment, Action.Alert, Action.Kafka {

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
     * @param batch       up to how many firings one request may carry, 1 to 1000 (default 1: one
     *                    request per firing); more than 1 sends {@code {"batch": [...]}} whenever
     *                    several wait for the destination, never waiting to fill a batch
     */
    record Webhook(URI url, String secret, Duration timeout, int maxAttempts, int batch) implements Action {

        static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
        static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(60);
        static final int DEFAULT_ATTEMPTS = 8;
        static final int LARGEST_BATCH = 1000;

        /** A webhook posted once per firing. */
        public Webhook(URI url, String secret, Duration timeout, int maxAttempts) {
            this(url, secret, timeout, maxAttempts, 1);
        }

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
            if (batch < 1 || batch > LARGEST_BATCH) {
                throw new IllegalArgumentException("batch must be from 1 to " + LARGEST_BATCH);
            }
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("webhook", Documents.of("url", url.toString(), "secret", secret, "timeout", Durations.format(timeout),
                    "maxAttempts", maxAttempts, "batch", batch == 1 ? null : batch));
        }

        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=" + (secret == null ? "none" : "***") + ", timeout=" + timeout
                    + ", maxAttempts=" + maxAttempts + ", batch=" + batch + "]";
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
     * {@code tag: {add: [vip, 需回访], remove: [new-customer]}}: add tags to the profile's tag set and take
     * others out, leaving its other tags and traits as they are; tags may hold placeholders.
     *
     * @param add    tags to add, each 1 to 64 characters
     * @param remove tags to remove, each 1 to 64 characters; at least one tag in all, at most 32
     */
    record Tag(List<String> add, List<String> remove) implements Action {

        /** The most tags one action names. */
        static final int MOST = 32;
        /** The longest tag, in characters. */
        static final int LONGEST = 64;

        public Tag {
            add = List.copyOf(add);
            remove = List.copyOf(remove);
            int count = add.size() + remove.size();
            if (count == 0 || count > MOST) {
                throw new IllegalArgumentException("a tag action names 1 to " + MOST + " tags, got " + count);
            }
            for (String tag : add) {
                requireTag(tag);
            }
            for (String tag : remove) {
                requireTag(tag);
            }
        }

        private static void requireTag(String tag) {
            if (tag == null || tag.isBlank() || tag.length() > LONGEST || SegmentNames.reserved(tag)) {
                throw new IllegalArgumentException("not a tag: " + tag);
            }
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("tag", Documents.of("add", add.isEmpty() ? null : add, "remove", remove.isEmpty() ? null : remove));
        }
    }

    /**
     * {@code segment: {add: vip-watch}}, {@code {remove: vip-watch}} or {@code {reset: vip-watch}}: put
     * the profile into a saved segment by hand, whatever its definition says, take it out, or leave
     * its membership to the definition again; each undoes the one before.
     *
     * @param name   a segment name ({@link SegmentNames#valid})
     * @param change what to do
     */
    record Segment(String name, Change change) implements Action {

        /** What a segment action does to the profile's membership. */
        public enum Change {
            ADD, REMOVE, RESET;

            /** Its key in a rule document: {@code add}, {@code remove} or {@code reset}. */
            public String key() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        public Segment {
            if (!SegmentNames.valid(name)) {
                throw new IllegalArgumentException("not a segment name: " + name);
            }
            Objects.requireNonNull(change, "change");
        }

        @Override
        public Map<String, Object> toDocument() {
            return Documents.of("segment", Documents.of(change.key(), name));
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

        @Override
        public String toString() {
            return "Alert[severity=" + severity + ", title=" + title + ", message=" + message + ", webhook=" + webhook + ", secret="
                    + (secret == null ? "none" : "***") + "]";
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
