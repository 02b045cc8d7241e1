package io.percept.eventlog.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import io.percept.testing.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under crashes: a child JVM appends to the log and records every acknowledged event;
 * it is killed with SIGKILL at random moments, six times over the same store. Afterwards every
 * acknowledged event is in the log exactly once at its acknowledged position, sequence numbers
 * are dense, and every stored event decodes.
 */
class EventLogCrashIT {

    private static final int CYCLES = 6;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesSigkillExactlyOnce() throws Exception {
        long seed = Long.getLong("percept.crash.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        Path data = dir.resolve("data");
        Path acks = dir.resolve("acks.txt");
        Files.createFile(acks);
        long acknowledgedBefore = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            Process child = ChildJvm.start(AppendingChild.class, dir.resolve("child-" + cycle + ".log"), data.toString(), acks.toString(), "c" + cycle);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Files.size(acks) == acknowledgedBefore && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("child %d is running (see %s)", cycle, dir.resolve("child-" + cycle + ".log")).isTrue();
            Thread.sleep(100 + random.nextInt(1500));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL (seed %d)", seed).isEqualTo(137);
            acknowledgedBefore = Files.size(acks);
        }

        Map<String, Long> acknowledged = acknowledged(acks);
        assertThat(acknowledged).as("acknowledged events (seed %d)", seed).hasSizeGreaterThan(1000);
        try (EmbeddedStore store = EmbeddedStore.open(data, StoreOptions.DEFAULTS); Connection connection = store.connect();
                Statement statement = connection.createStatement()) {
            Map<String, Long> stored = new HashMap<>();
            long rows = 0;
            long maxSeq = 0;
            try (ResultSet log = statement.executeQuery("SELECT seq, message_id, payload FROM event_log ORDER BY seq")) {
                while (log.next()) {
                    rows++;
                    maxSeq = log.getLong(1);
                    assertThat(log.getLong(1)).as("dense sequence (seed %d)", seed).isEqualTo(rows);
                    Long previous = stored.put(log.getString(2), log.getLong(1));
                    assertThat(previous).as("message %s stored once (seed %d)", log.getString(2), seed).isNull();
                    assertThat(EventCodec.decode(log.getString(3)).messageId().value()).isEqualTo(log.getString(2));
                }
            }
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                assertThat(stored.get(ack.getKey())).as("acknowledged %s (seed %d)", ack.getKey(), seed).isEqualTo(ack.getValue());
            }
            assertThat(maxSeq).isEqualTo(rows);
            System.out.printf("crash test: %d kills, %d acknowledged, %d stored, seed %d%n", CYCLES, acknowledged.size(), rows, seed);
        }
    }

    /** The complete lines of the ack file (a kill may tear the last one). */
    private static Map<String, Long> acknowledged(Path acks) throws Exception {
        String text = Files.readString(acks, StandardCharsets.UTF_8);
        Map<String, Long> seqById = new HashMap<>();
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            if (!line.isEmpty()) {
                String[] parts = line.split(" ");
                assertThat(seqById.put(parts[1], Long.parseLong(parts[0]))).as("acknowledged once: %s", line).isNull();
            }
        }
        return seqById;
    }
}
