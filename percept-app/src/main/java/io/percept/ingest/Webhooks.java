package io.percept.ingest;

import io.percept.eventlog.SourceName;
import io.percept.ingest.connectors.WebhookSpec;
import io.percept.ingest.domain.mapping.InvalidMappingException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The webhook mappings of sources, kept in table {@code source_webhooks} and, compiled, in memory.
 * A source receives webhooks at {@code /v1/webhooks/<name>} once it has one.
 */
public class Webhooks {

    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

    private final JdbcClient jdbc;
    private final Sources sources;
    private final Clock clock;
    private final Map<String, WebhookSpec> specs = new ConcurrentHashMap<>();
    /** The stored document behind each mapping (or each that no longer reads), so a refresh parses only what changed. */
    private final Map<String, String> documents = new java.util.HashMap<>();

    Webhooks(JdbcClient jdbc, Sources sources, Clock clock) {
        this.jdbc = jdbc;
        this.sources = sources;
        this.clock = clock;
        refresh();
    }

    /**
     * Reloads the mappings from the store: in cluster mode another instance may have saved, replaced
     * or removed one ({@code percept.mode=cluster} refreshes with the sources, every few seconds). A
     * stored document that no longer reads is reported once and its deliveries refused.
     */
    public synchronized void refresh() {
        Map<String, String> stored = new java.util.HashMap<>();
        jdbc.sql("SELECT source, document FROM source_webhooks").query((row, index) -> stored.put(row.getString(1), row.getString(2))).list();
        stored.forEach((source, document) -> {
            if (document.equals(documents.get(source))) {
                return;
            }
            documents.put(source, document);
            try {
                specs.put(source, WebhookSpec.parse(document));
            } catch (InvalidMappingException e) {
                specs.remove(source);
                log.error("The webhook of source {} no longer reads ({}); its deliveries are refused until it is replaced", source, e.getMessage());
            }
        });
        documents.keySet().retainAll(stored.keySet());
        specs.keySet().retainAll(stored.keySet());
    }

    /** The source's webhook, if it has one. */
    public Optional<WebhookSpec> find(SourceName source) {
        return Optional.ofNullable(specs.get(source.value()));
    }

    /**
     * Gives a source a webhook, or replaces its webhook.
     *
     * @throws InvalidMappingException if the document is not a valid webhook mapping
     * @throws IllegalArgumentException if there is no such source
     */
    public synchronized WebhookSpec configure(SourceName source, String document) {
        requireSource(source);
        WebhookSpec spec = WebhookSpec.parse(document);
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        // one statement, so another instance refreshing meanwhile never sees the source without its mapping
        jdbc.sql("INSERT INTO source_webhooks (source, document, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (source) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at")
                .params(source.value(), document, now).update();
        specs.put(source.value(), spec);
        documents.put(source.value(), document);
        log.info("Source {} receives webhooks at /v1/webhooks/{}{}", source, source, spec.signature() == null ? "" : " (signed)");
        return spec;
    }

    /** Removes a source's webhook; deliveries are then refused. Returns whether it had one. */
    public synchronized boolean remove(SourceName source) {
        jdbc.sql("DELETE FROM source_webhooks WHERE source = ?").param(source.value()).update();
        documents.remove(source.value());
        return specs.remove(source.value()) != null;
    }

    private void requireSource(SourceName source) {
        if (sources.find(source).isEmpty()) {
            throw new IllegalArgumentException("there is no source named '" + source + "'; create it first (POST /api/sources)");
        }
    }
}
