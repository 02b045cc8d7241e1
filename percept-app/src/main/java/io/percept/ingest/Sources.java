package io.percept.ingest;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.domain.SourceSpec;
import io.percept.ingest.persistence.SourceRecords;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sources and their write keys. Lookups by write key are answered from memory (they happen
 * on every request); changes are written through to the store. Thread-safe.
 */
public class Sources {

    private static final Logger log = LoggerFactory.getLogger(Sources.class);

    private final SourceRecords records;
    private final Clock clock;
    private final Map<String, Source> byName = new ConcurrentHashMap<>();
    private final Map<String, Source> byWriteKey = new ConcurrentHashMap<>();

    Sources(SourceRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
        for (Source source : records.loadAll()) {
            remember(source);
        }
    }

    /** All sources, by name. */
    public List<Source> list() {
        return byName.values().stream().sorted(Comparator.comparing(source -> source.name().value())).toList();
    }

    public Optional<Source> find(SourceName name) {
        return Optional.ofNullable(byName.get(name.value()));
    }

    /** The source that owns {@code writeKey}, enabled or not. */
    public Optional<Source> withWriteKey(String writeKey) {
        return writeKey == null ? Optional.empty() : Optional.ofNullable(byWriteKey.get(writeKey));
    }

    /** The enabled source that owns {@code writeKey}, if any. */
    public Optional<Source> authenticate(String writeKey) {
        if (writeKey == null) {
            return Optional.empty();
        }
        Source source = byWriteKey.get(writeKey);
        return source != null && source.enabled() ? Optional.of(source) : Optional.empty();
    }

    /**
     * Creates an enabled source.
     *
     * @param writeKey its key, or {@code null} to generate one
     */
    public synchronized SourceCreation create(SourceName name, Channel channel, WriteKey writeKey) {
        if (name.equals(SourceName.PERCEPT)) {
            return new SourceCreation.Refused("the source name '" + name + "' is reserved for Percept's own events");
        }
        if (byName.containsKey(name.value())) {
            return new SourceCreation.Refused("a source named '" + name + "' already exists");
        }
        WriteKey key = writeKey != null ? writeKey : WriteKey.generate();
        if (byWriteKey.containsKey(key.value())) {
            return new SourceCreation.Refused("that write key belongs to another source");
        }
        Source source = new Source(name, channel, key, true, now());
        records.insert(source);
        remember(source);
        log.info("Source {} created (channel {}, write key {})", name, channel.wireName(), key.masked());
        return new SourceCreation.Created(source);
    }

    /**
     * Makes a declared source exist exactly as declared (for {@code PERCEPT_WRITE_KEYS}): creates
     * it, or updates its channel and key and enables it; does nothing if it already matches.
     *
     * @throws IllegalStateException if the key belongs to a different source
     */
    synchronized void ensure(SourceSpec spec) {
        try {
            ensureOnce(spec);
        } catch (RuntimeException e) {
            // cluster mode: another instance starting with the same PERCEPT_WRITE_KEYS stored it first
            refresh();
            ensureOnce(spec);
        }
    }

    /**
     * Reloads every source from the store: in cluster mode another instance may have created,
     * changed or disabled one ({@code percept.mode=cluster} refreshes every few seconds).
     */
    public synchronized void refresh() {
        List<Source> stored = records.loadAll();
        // add and replace first, then drop what is gone: a concurrent lookup never misses a source that exists
        stored.forEach(this::remember);
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        stored.forEach(source -> {
            names.add(source.name().value());
            keys.add(source.writeKey().value());
        });
        byName.keySet().retainAll(names);
        byWriteKey.keySet().retainAll(keys);
    }

    private void ensureOnce(SourceSpec spec) {
        Source holder = byWriteKey.get(spec.writeKey().value());
        if (holder != null && !holder.name().equals(spec.name())) {
            throw new IllegalStateException("PERCEPT_WRITE_KEYS gives source '" + spec.name() + "' the write key of source '"
                    + holder.name() + "'");
        }
        Source existing = byName.get(spec.name().value());
        if (existing == null) {
            if (create(spec.name(), spec.channel(), spec.writeKey()) instanceof SourceCreation.Refused refused) {
                throw new IllegalStateException("PERCEPT_WRITE_KEYS: " + refused.reason());
            }
            return;
        }
        if (existing.channel() == spec.channel() && existing.writeKey().equals(spec.writeKey()) && existing.enabled()) {
            return;
        }
        Source updated = new Source(existing.name(), spec.channel(), spec.writeKey(), true, existing.createdAt());
        records.update(updated);
        byWriteKey.remove(existing.writeKey().value());
        remember(updated);
        log.info("Source {} updated from PERCEPT_WRITE_KEYS (channel {}, write key {})", spec.name(), spec.channel().wireName(),
                spec.writeKey().masked());
    }

    /**
     * Enables or disables a source; a disabled source's key is refused with 403.
     *
     * @return the source as it is now, or empty if there is none of that name
     */
    public synchronized Optional<Source> setEnabled(SourceName name, boolean enabled) {
        Source existing = byName.get(name.value());
        if (existing == null) {
            return Optional.empty();
        }
        if (existing.enabled() == enabled) {
            return Optional.of(existing);
        }
        Source changed = new Source(existing.name(), existing.channel(), existing.writeKey(), enabled, existing.createdAt());
        records.update(changed);
        remember(changed);
        log.info("Source {} {}", name, enabled ? "enabled" : "disabled");
        return Optional.of(changed);
    }

    /**
     * Gives a source a new write key; the old one stops working at once.
     *
     * @param newKey the new key, or {@code null} to generate one
     * @return the source with its new key; empty if there is none of that name
     * @throws IllegalArgumentException if the new key belongs to another source
     */
    public synchronized Optional<Source> rotateKey(SourceName name, WriteKey newKey) {
        Source existing = byName.get(name.value());
        if (existing == null) {
            return Optional.empty();
        }
        WriteKey key = newKey != null ? newKey : WriteKey.generate();
        Source holder = byWriteKey.get(key.value());
        if (holder != null && !holder.name().equals(name)) {
            throw new IllegalArgumentException("that write key belongs to another source");
        }
        Source rotated = new Source(existing.name(), existing.channel(), key, existing.enabled(), existing.createdAt());
        records.update(rotated);
        byWriteKey.remove(existing.writeKey().value());
        remember(rotated);
        log.info("Source {} has a new write key {}", name, key.masked());
        return Optional.of(rotated);
    }

    private void remember(Source source) {
        byName.put(source.name().value(), source);
        byWriteKey.put(source.writeKey().value(), source);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
