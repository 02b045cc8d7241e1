package io.percept.ingest.domain;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.WriteKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code PERCEPT_WRITE_KEYS}: comma-separated {@code name:channel:key} entries, e.g.
 * {@code web-shop:web:k3y-abcdef12,pos:store:k3y-ghijkl34}. Whitespace around entries is ignored.
 */
public final class WriteKeySpecs {

    private WriteKeySpecs() {
    }

    /**
     * The sources declared by {@code text} ({@code null} or blank declares none).
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static List<SourceSpec> parse(String text) {
        List<SourceSpec> specs = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return specs;
        }
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":", -1);
            String where = "PERCEPT_WRITE_KEYS entry " + (i + 1) + " ('" + (parts.length > 0 ? parts[0] : "") + ":...')";
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + " must have the form name:channel:key");
            }
            try {
                SourceSpec spec = new SourceSpec(new SourceName(parts[0].strip()), Channel.parse(parts[1].strip()),
                        new WriteKey(parts[2].strip()));
                if (!names.add(spec.name().value())) {
                    throw new IllegalArgumentException("the source name is declared twice");
                }
                if (!keys.add(spec.writeKey().value())) {
                    throw new IllegalArgumentException("its write key is also used by an earlier entry");
                }
                specs.add(spec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return specs;
    }
}
