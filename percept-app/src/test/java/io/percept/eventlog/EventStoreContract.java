package io.percept.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} promises, whoever wrote the events (the embedded log's appends,
 * cluster mode's store fed from Kafka): reads by sequence number in seq order skipping numbers
 * without an event, a source's newest events, the message ids since a time and of a source, each
 * event once, and events that come back exactly as they were stored. An implementation's test
 * class extends this, gives a fresh, empty store per test and says how events become durable in it.
 */
public abstract class EventStoreContract {

    private static final SourceName OTHER = new SourceName("other-source");
    private static final Instant T = Instant.parse("2026-10-20T00:00:00Z");

    /** The store under test, fresh and empty for each test. */
    protected abstract EventStore eventStore() throws Exception;

    /** Makes the events durable in {@link #eventStore()}, in the given order, and says where they went. */
    protected abstract List<LoggedEvent> store(List<Event> events) throws Exception;

    /** A track call of {@code source} by one of five users, received {@code second} seconds after T. */
    private static Event received(SourceName source, String name, int second) {
        Instant at = T.plusSeconds(second);
        return Event.builder(EventType.TRACK, new MessageId(name + "-" + second), source, Channel.WEB).userId("user-" + second % 5)
                .name(name).timestamp(at).receivedAt(at).build();
    }

    @Test
    void eventsAreReadBySequenceNumberInSeqOrderSkippingNumbersWithoutOne() throws Exception {
        List<LoggedEvent> stored = store(TestEvents.someTracks(12));
        long missing = stored.stream().mapToLong(LoggedEvent::seq).max().orElseThrow() + 1_000_000;
        List<LoggedEvent> wanted = List.of(stored.get(7), stored.get(2), stored.get(10), stored.get(0));

        List<LoggedEvent> read = eventStore().read(new long[] {wanted.get(0).seq(), missing, wanted.get(1).seq(), 0, wanted.get(2).seq(),
                wanted.get(3).seq(), wanted.get(1).seq()});

        assertThat(read).containsExactlyElementsOf(wanted.stream().sorted(Comparator.comparingLong(LoggedEvent::seq)).toList());
        assertThat(eventStore().read(new long[0])).isEmpty();
        assertThat(eventStore().read(new long[] {missing})).isEmpty();
    }

    @Test
    void aSourcesNewestEventsComeNewestFirstUpToTheLimit() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int second = 0; second < 10; second++) {
            events.add(received(second % 3 == 1 ? OTHER : TestEvents.SOURCE, "e", second));
        }
        store(events);

        assertThat(eventStore().newest(TestEvents.SOURCE, 3)).extracting(logged -> logged.event().messageId().value())
                .containsExactly("e-9", "e-8", "e-6");
        assertThat(eventStore().newest(OTHER, 10)).extracting(logged -> logged.event().messageId().value())
                .containsExactly("e-7", "e-4", "e-1");
        assertThat(eventStore().newest(new SourceName("silent"), 10)).isEmpty();
    }

    @Test
    void messageIdsSinceATimeAndOfASourceVisitEachEventOnce() throws Exception {
        List<Event> events = new ArrayList<>();
        for (int second = 0; second < 30; second++) {
            events.add(received(second % 2 == 0 ? TestEvents.SOURCE : OTHER, "m", second));
        }
        store(events);

        List<String> since = new ArrayList<>();
        eventStore().forEachMessageId(T.plusSeconds(20), (source, id, at) -> since.add(source + "/" + id + "@" + at));
        assertThat(since).containsExactlyInAnyOrderElementsOf(events.subList(20, 30).stream()
                .map(event -> event.source() + "/" + event.messageId() + "@" + event.receivedAt()).toList());

        List<String> ofSource = new ArrayList<>();
        eventStore().forEachMessageId(OTHER, (source, id, at) -> ofSource.add(source + "/" + id));
        assertThat(ofSource).containsExactlyInAnyOrderElementsOf(events.stream().filter(event -> event.source().equals(OTHER))
                .map(event -> event.source() + "/" + event.messageId()).toList());
    }

    @Test
    void eventsComeBackExactlyAsStored() throws Exception {
        List<Event> events = new ArrayList<>(TestEvents.oneOfEachType());
        events.add(Event.builder(EventType.TRACK, new MessageId("评价-1\t\"x\"\\"), TestEvents.SOURCE, Channel.ECOMMERCE)
                .userId("用户\n王小明").anonymousId("设备\r\\N").name("评价提交 ✓")
                .timestamp(Instant.parse("2026-10-31T23:59:59.999999999Z")).receivedAt(Instant.parse("2026-11-01T00:00:00.000000001Z"))
                .properties(Attributes.copyOf(Map.of("评论", "物流太慢了，客服态度很差！\n第二行\t制表符 \\. \\N 😡", "星级", 1,
                        "价格", 1299.5, "标签", List.of("物流", "客服"), "空", "")))
                .traits(Attributes.copyOf(Map.of("城市", "上海", "nul", "a\u0000b")))
                .context(Attributes.copyOf(Map.of("locale", "zh-CN", "page", Map.of("url", "https://例子.中国/商品?id=1&q=手机"))))
                .build());
        List<LoggedEvent> stored = store(events);

        long[] seqs = stored.stream().mapToLong(LoggedEvent::seq).toArray();
        List<LoggedEvent> read = eventStore().read(seqs);

        assertThat(read).containsExactlyElementsOf(stored.stream().sorted(Comparator.comparingLong(LoggedEvent::seq)).toList());
        assertThat(stored).extracting(LoggedEvent::event).containsExactlyElementsOf(events);
    }
}
