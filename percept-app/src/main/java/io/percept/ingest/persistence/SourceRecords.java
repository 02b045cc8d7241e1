package io.percept.ingest.persistence;

import io.percept.eventlog.Channel;
import io.percept.eventlog.SourceName;
import io.percept.ingest.Source;
import io.percept.ingest.WriteKey;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sources in table {@code sources} (times stored as UTC). */
public class SourceRecords {

    private final JdbcClient jdbc;

    public SourceRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Source> loadAll() {
        return jdbc.sql("SELECT name, channel, write_key, enabled, created_at FROM sources ORDER BY name")
                .query((row, index) -> new Source(new SourceName(row.getString(1)), Channel.parse(row.getString(2)),
                        new WriteKey(row.getString(3)), row.getBoolean(4),
                        row.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC)))
                .list();
    }

    public void insert(Source source) {
        jdbc.sql("INSERT INTO sources (name, channel, write_key, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(source.name().value(), source.channel().wireName(), source.writeKey().value(), source.enabled(),
                        utc(source.createdAt()), utc(Instant.now()))
                .update();
    }

    public void update(Source source) {
        jdbc.sql("UPDATE sources SET channel = ?, write_key = ?, enabled = ?, updated_at = ? WHERE name = ?")
                .params(source.channel().wireName(), source.writeKey().value(), source.enabled(), utc(Instant.now()),
                        source.name().value())
                .update();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
