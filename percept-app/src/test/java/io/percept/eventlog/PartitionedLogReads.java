package io.percept.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reading a {@link PartitionedLog} completely in tests. Reads loop until the expected events arrived (a Kafka
 * reader may answer empty while it connects, up to 30 s), then one more read of every partition must be empty:
 * nothing was read twice or left over.
 */
public final class PartitionedLogReads {

    private static final long READ_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private PartitionedLogReads() {
    }

    /** Every partition's events after {@code afterSeqs} (per partition, 0 for the start), once {@code total} of them arrived. */
    public static Map<Integer, List<LoggedEvent>> readAfter(PartitionedLog log, Map<Integer, Long> afterSeqs, int total) {
        Map<Integer, List<LoggedEvent>> read = new LinkedHashMap<>();
        List<LogReader> readers = new ArrayList<>();
        try {
            for (int p = 0; p < log.partitions(); p++) {
                readers.add(log.openReader(p));
                read.put(p, new ArrayList<>());
            }
            long deadline = System.nanoTime() + READ_DEADLINE_NANOS;
            int count = 0;
            while (count < total && System.nanoTime() < deadline) {
                for (int p = 0; p < readers.size(); p++) {
                    List<LoggedEvent> events = read.get(p);
                    long after = events.isEmpty() ? afterSeqs.getOrDefault(p, 0L) : events.get(events.size() - 1).seq();
                    List<LoggedEvent> batch = readers.get(p).read(after, 1_000);
                    events.addAll(batch);
                    count += batch.size();
                }
            }
            for (int p = 0; p < readers.size(); p++) {
                List<LoggedEvent> events = read.get(p);
                long after = events.isEmpty() ? afterSeqs.getOrDefault(p, 0L) : events.get(events.size() - 1).seq();
                assertThat(readers.get(p).read(after, 1_000)).as("partition %d has nothing more", p).isEmpty();
            }
            assertThat(count).as("events read").isEqualTo(total);
            return read;
        } finally {
            readers.forEach(LogReader::close);
        }
    }

    /** Every partition's events, once {@code total} of them arrived. */
    public static Map<Integer, List<LoggedEvent>> readAll(PartitionedLog log, int total) {
        return readAfter(log, Map.of(), total);
    }

    /** The events read, by sequence number, checking that each came from the partition its number names. */
    public static Map<Long, Event> bySeq(PartitionedLog log, Map<Integer, List<LoggedEvent>> read) {
        Map<Long, Event> bySeq = new HashMap<>();
        read.forEach((partition, events) -> events.forEach(logged -> {
            assertThat(log.partitionOf(logged.seq())).as("partition of seq %d", logged.seq()).isEqualTo(partition);
            assertThat(bySeq.put(logged.seq(), logged.event())).as("seq %d read once", logged.seq()).isNull();
        }));
        return bySeq;
    }

    /** Up to {@code count} events after {@code afterSeq}, waiting up to 30 s for them to arrive (fewer after that). */
    public static List<LoggedEvent> readUntil(LogReader reader, long afterSeq, int count) {
        List<LoggedEvent> read = new ArrayList<>();
        long deadline = System.nanoTime() + READ_DEADLINE_NANOS;
        while (read.size() < count && System.nanoTime() < deadline) {
            read.addAll(reader.read(read.isEmpty() ? afterSeq : read.get(read.size() - 1).seq(), count - read.size()));
        }
        return read;
    }
}
