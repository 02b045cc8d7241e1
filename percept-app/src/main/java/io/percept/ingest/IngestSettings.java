package io.percept.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of ingest ({@code percept.ingest.*}).
 *
 * @param writeKeys sources to create or update at start, as {@code name:channel:key,...}
 *                  ({@code PERCEPT_WRITE_KEYS})
 * @param imports   bulk import tuning
 */
@ConfigurationProperties("percept.ingest")
public record IngestSettings(@DefaultValue("") String writeKeys, @DefaultValue Imports imports) {

    /**
     * @param batchSize   events per log append
     * @param maxInFlight appends waiting for their commit at once (pipelining)
     */
    public record Imports(@DefaultValue("2000") int batchSize, @DefaultValue("4") int maxInFlight) {

        public Imports {
            if (batchSize < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("percept.ingest.imports.batch-size and max-in-flight must be positive");
            }
        }
    }
}
