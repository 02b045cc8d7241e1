package io.percept.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} implementation promises, whatever holds the events (the embedded
 * store's table, a Kafka topic): dense sequence numbers in append order, each request's events
 * contiguous under concurrency, readers that see exactly the durable events after a position, waiting
 * for the head, reading by sequence number, a source's newest events and message ids. An implementation's
 * test class extends this and says how to open a fresh, empty log.
 */
public abstract class EventLogContract {

    private static final SourceName OTHER = new SourceName("other-source");

    /** A fresh, empty log, closed by the implementation's test after each test. */
    protected abstract EventLog emptyLog() throws Exception;

    private static AppendReceipt append(EventLog log, List<Event> events) {
        return log.append(events).orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static Event from(SourceName source, String name, Instant receivedAt) {
        return Event.builder(EventType.TRACK, new MessageId(name + "-" + receivedAt.toEpochMilli()), source, Channel.WEB).userId("u").name(name)
                .timestamp(receivedAt).receivedAt(receivedAt).build();
    }

    @Test
    void appendsGetDenseSequenceNumbersInOrderAndReadBackAsWritten() throws Exception {
        EventLog log = emptyLog();
        assertThat(log.head()).isZero();
        List<Event> first = TestEvents.oneOfEachType();
        AppendReceipt one = append(log, first);
        AppendReceipt two = append(log, TestEvents.someTracks(3));
        assertThat(one).isEqualTo(new AppendReceipt(1, first.size(), first.size()));
        assertThat(two.firstSeq()).isEqualTo(one.lastSeq() + 1);
        assertThat(log.head()).isEqualTo(two.lastSeq());
        try (LogReader reader = log.openReader()) {
            List<LoggedEvent> all = reader.read(0, 100);
            assertThat(all).extracting(LoggedEvent::seq).containsExactly(java.util.stream.LongStream.rangeClosed(1, two.lastSeq()).boxed()
                    .toArray(Long[]::new));
            assertThat(all.subList(0, first.size())).extracting(LoggedEvent::event).containsExactlyElementsOf(first);
            assertThat(reader.read(two.lastSeq(), 100)).as("nothing after the head yet").isEmpty();
            assertThat(reader.read(2, 3)).extracting(LoggedEvent::seq).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void anEmptyAppendStoresNothing() throws Exception {
        EventLog log = emptyLog();
        append(log, TestEvents.someTracks(2));
        AppendReceipt empty = append(log, List.of());
        assertThat(empty.count()).isZero();
        assertThat(log.head()).isEqualTo(2);
    }

    @Test
    void concurrentRequestsStayContiguousAndEveryNumberIsUsedOnce() throws Exception {
        EventLog log = emptyLog();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<AppendReceipt>> receipts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int size = 1 + i % 7;
                receipts.add(CompletableFuture.supplyAsync(() -> append(log, TestEvents.someTracks(size)), pool));
            }
            Set<Long> used = new HashSet<>();
            long total = 0;
            for (CompletableFuture<AppendReceipt> receipt : receipts) {
                AppendReceipt done = receipt.join();
                total += done.count();
                for (int k = 0; k < done.count(); k++) {
                    assertThat(used.add(done.seqOf(k))).as("sequence number used twice").isTrue();
                }
            }
            assertThat(log.head()).isEqualTo(total);
            long last = total;
            assertThat(used).hasSize((int) total).allSatisfy(seq -> assertThat(seq).isBetween(1L, last));
            try (LogReader reader = log.openReader()) {
                // each request's events are contiguous and in its order: their "n" properties count up within a receipt
                List<LoggedEvent> all = reader.read(0, (int) total);
                for (CompletableFuture<AppendReceipt> receipt : receipts) {
                    AppendReceipt done = receipt.join();
                    for (int k = 0; k < done.count(); k++) {
                        assertThat(((Number) all.get((int) done.seqOf(k) - 1).event().properties().get("n")).intValue()).isEqualTo(k);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitingForTheHeadWakesWhenEventsLandAndTimesOutOtherwise() throws Exception {
        EventLog log = emptyLog();
        assertThat(log.awaitHeadAfter(0, Duration.ofMillis(50))).isFalse();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return log.awaitHeadAfter(0, Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        append(log, TestEvents.someTracks(1));
        assertThat(waiting.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(log.awaitHeadAfter(0, Duration.ZERO)).isTrue();
    }

    @Test
    void eventsAreReadBySequenceNumberInLogOrderSkippingNumbersWithoutOne() throws Exception {
        EventLog log = emptyLog();
        List<Event> events = TestEvents.someTracks(5);
        append(log, events);
        assertThat(log.read(new long[] {4, 2, 99, 0})).extracting(LoggedEvent::seq, LoggedEvent::event)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, events.get(1)), org.assertj.core.groups.Tuple.tuple(4L, events.get(3)));
        assertThat(log.read(new long[0])).isEmpty();
    }

    @Test
    void aSourcesNewestEventsAndMessageIdsAreItsOwn() throws Exception {
        EventLog log = emptyLog();
        Instant t = Instant.parse("2026-11-20T00:00:00Z");
        append(log, List.of(from(TestEvents.SOURCE, "a", t), from(OTHER, "b", t.plusSeconds(1)), from(TestEvents.SOURCE, "c", t.plusSeconds(2)),
                from(TestEvents.SOURCE, "d", t.plusSeconds(3))));
        assertThat(log.newest(TestEvents.SOURCE, 2)).extracting(logged -> logged.event().name()).containsExactly("d", "c");
        assertThat(log.newest(OTHER, 10)).extracting(LoggedEvent::seq).containsExactly(2L);

        List<String> ids = new ArrayList<>();
        log.forEachMessageId(TestEvents.SOURCE, (source, id, at) -> ids.add(source + "/" + id));
        assertThat(ids).containsExactly("test-source/a-" + t.toEpochMilli(), "test-source/c-" + t.plusSeconds(2).toEpochMilli(),
                "test-source/d-" + t.plusSeconds(3).toEpochMilli());

        List<String> since = new ArrayList<>();
        log.forEachMessageId(t.plusSeconds(1), (source, id, at) -> since.add(source + "@" + at));
        assertThat(since).containsExactly("other-source@" + t.plusSeconds(1), "test-source@" + t.plusSeconds(2), "test-source@" + t.plusSeconds(3));
    }
}
