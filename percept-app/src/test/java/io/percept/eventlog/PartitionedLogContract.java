package io.percept.eventlog;

import static io.percept.eventlog.PartitionedLogReads.bySeq;
import static io.percept.eventlog.PartitionedLogReads.readAfter;
import static io.percept.eventlog.PartitionedLogReads.readAll;
import static io.percept.eventlog.PartitionedLogReads.readUntil;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PartitionedLog} promises, whether it is the embedded log (one partition) or a Kafka topic:
 * each appended event is read back exactly once, from the partition its sequence number names, with the number
 * its receipt gave; one identity key's events stay in one partition in append order; sequence numbers are unique
 * and increase within a partition; readers start after any position and answer empty when nothing is new. An
 * implementation's test class extends this and says how to open a fresh, empty log.
 *
 * <p>Reads wait for the expected events ({@link PartitionedLogReads}): a Kafka reader may answer empty while it connects.
 */
public abstract class PartitionedLogContract {

    private static final AtomicLong IDS = new AtomicLong();

    /** A fresh, empty log, closed by the implementation's test after each test. */
    protected abstract PartitionedLog emptyLog() throws Exception;

    private static long[] append(PartitionedLog log, List<Event> events) {
        return log.appendAll(events).orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** {@code count} track calls of one person ({@code userId}), tagged {@code tag-0}, {@code tag-1}, ... in their message ids. */
    private static List<Event> tracksOf(String userId, String tag, int count) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(Event.builder(EventType.TRACK, new MessageId(tag + "-" + i + "-" + IDS.incrementAndGet()), TestEvents.SOURCE, Channel.WEB)
                    .userId(userId).name("Product Viewed").properties(Attributes.copyOf(Map.of("n", i))).timestamp(TestEvents.T0)
                    .receivedAt(TestEvents.T0).build());
        }
        return events;
    }

    @Test
    void anEmptyAppendGivesNoSequenceNumbersAndStoresNothing() throws Exception {
        PartitionedLog log = emptyLog();
        assertThat(append(log, List.of())).isEmpty();
        assertThat(readAll(log, 0)).allSatisfy((partition, events) -> assertThat(events).isEmpty());
    }

    @Test
    void everyEventIsReadBackOnceFromItsPartitionWithTheSequenceNumberItsReceiptGave() throws Exception {
        PartitionedLog log = emptyLog();
        List<Event> events = new ArrayList<>(TestEvents.oneOfEachType());
        events.addAll(TestEvents.someTracks(40));
        long[] seqs = append(log, events);
        assertThat(seqs).hasSize(events.size());

        Map<Long, Event> read = bySeq(log, readAll(log, events.size()));
        for (int i = 0; i < seqs.length; i++) {
            assertThat(read.get(seqs[i])).as("event %d at seq %d", i, seqs[i]).isEqualTo(events.get(i));
        }
    }

    @Test
    void oneIdentityKeysEventsStayInOnePartitionInAppendOrderAcrossAppends() throws Exception {
        PartitionedLog log = emptyLog();
        Map<String, List<Long>> seqsByKey = new LinkedHashMap<>();
        Map<String, List<String>> idsByKey = new LinkedHashMap<>();
        int total = 0;
        for (int round = 0; round < 3; round++) {
            List<Event> events = new ArrayList<>();
            for (int k = 0; k < 12; k++) {
                events.addAll(tracksOf("user-" + k, "r" + round + "k" + k, 3));
            }
            Event anonymous = Event.builder(EventType.PAGE, new MessageId("anon-" + round + "-" + IDS.incrementAndGet()), TestEvents.SOURCE,
                    Channel.WEB).anonymousId("device-1").receivedAt(TestEvents.T0).build();
            events.add(anonymous);
            long[] seqs = append(log, events);
            for (int i = 0; i < seqs.length; i++) {
                String key = IdentityKey.of(events.get(i));
                seqsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(seqs[i]);
                idsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(events.get(i).messageId().value());
            }
            total += events.size();
        }

        Map<Integer, List<LoggedEvent>> read = readAll(log, total);
        seqsByKey.forEach((key, seqs) -> {
            int partition = log.partitionOf(seqs.get(0));
            assertThat(seqs).as("partitions of %s", key).allSatisfy(seq -> assertThat(log.partitionOf(seq)).isEqualTo(partition));
            assertThat(seqs).as("seqs of %s in append order", key).isSorted().doesNotHaveDuplicates();
            List<String> inPartition = read.get(partition).stream().filter(logged -> IdentityKey.of(logged.event()).equals(key))
                    .map(logged -> logged.event().messageId().value()).toList();
            assertThat(inPartition).as("%s read in append order", key).containsExactlyElementsOf(idsByKey.get(key));
        });
    }

    @Test
    void manyKeysAreSpreadOverThePartitions() throws Exception {
        PartitionedLog log = emptyLog();
        List<Event> events = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            events.addAll(tracksOf("customer-" + k, "spread", 1));
        }
        Set<Integer> used = new HashSet<>();
        for (long seq : append(log, events)) {
            used.add(log.partitionOf(seq));
        }
        assertThat(used).allSatisfy(partition -> assertThat(partition).isBetween(0, log.partitions() - 1));
        assertThat(used).hasSizeGreaterThanOrEqualTo(Math.min(2, log.partitions()));
    }

    @Test
    void sequenceNumbersAreUniqueAndIncreaseWithinAPartition() throws Exception {
        PartitionedLog log = emptyLog();
        int total = 0;
        for (int round = 0; round < 4; round++) {
            total += append(log, TestEvents.someTracks(25)).length;
        }
        Map<Integer, List<LoggedEvent>> read = readAll(log, total);
        Set<Long> all = new HashSet<>();
        read.forEach((partition, events) -> {
            List<Long> seqs = events.stream().map(LoggedEvent::seq).toList();
            assertThat(seqs).as("partition %d", partition).isSorted().doesNotHaveDuplicates();
            all.addAll(seqs);
        });
        assertThat(all).hasSize(total).allSatisfy(seq -> assertThat(seq).isPositive());
    }

    @Test
    void twentyConcurrentAppendersAreEachReadOnce() throws Exception {
        PartitionedLog log = emptyLog();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            Map<String, Long> seqById = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> appenders = new ArrayList<>();
            for (int a = 0; a < 20; a++) {
                String appender = "appender-" + a;
                appenders.add(CompletableFuture.runAsync(() -> {
                    for (int request = 0; request < 5; request++) {
                        List<Event> events = tracksOf(appender + "-" + request % 3, appender + "-" + request, 10);
                        long[] seqs = append(log, events);
                        for (int i = 0; i < seqs.length; i++) {
                            seqById.put(events.get(i).messageId().value(), seqs[i]);
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(appenders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(seqById).hasSize(1_000);
            assertThat(new HashSet<>(seqById.values())).as("distinct seqs").hasSize(1_000);

            Map<Long, Event> read = bySeq(log, readAll(log, 1_000));
            seqById.forEach((id, seq) -> assertThat(read.get(seq).messageId().value()).as("event at seq %d", seq).isEqualTo(id));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReaderOpenedAfterAPositionSeesOnlyLaterEvents() throws Exception {
        PartitionedLog log = emptyLog();
        long[] earlier = append(log, TestEvents.someTracks(30));
        List<Event> later = TestEvents.someTracks(30);
        long[] laterSeqs = append(log, later);
        Map<Integer, Long> after = new HashMap<>();
        for (long seq : earlier) {
            after.merge(log.partitionOf(seq), seq, Math::max);
        }

        Map<Long, Event> read = bySeq(log, readAfter(log, after, later.size()));
        assertThat(read).hasSize(later.size());
        for (int i = 0; i < laterSeqs.length; i++) {
            assertThat(read.get(laterSeqs[i])).isEqualTo(later.get(i));
        }
    }

    @Test
    void aReaderAnswersEmptyWhenNothingIsNewAndThenSeesWhatCame() throws Exception {
        PartitionedLog log = emptyLog();
        long[] first = append(log, tracksOf("reader-user", "first", 3));
        int partition = log.partitionOf(first[0]);
        try (LogReader reader = log.openReader(partition)) {
            List<LoggedEvent> read = readUntil(reader, 0, 3);
            assertThat(read).extracting(LoggedEvent::seq).containsExactly(first[0], first[1], first[2]);
            assertThat(reader.read(first[2], 100)).isEmpty();

            long[] second = append(log, tracksOf("reader-user", "second", 2));
            assertThat(readUntil(reader, first[2], 2)).extracting(LoggedEvent::seq).containsExactly(second[0], second[1]);
            assertThat(reader.read(second[1], 100)).isEmpty();
            assertThat(readUntil(reader, first[0], 4)).as("a reader goes back when asked").extracting(LoggedEvent::seq)
                    .containsExactly(first[1], first[2], second[0], second[1]);
        }
    }
}
