package io.percept.eventlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Intent-named builders of events for tests. */
public final class TestEvents {

    private static final AtomicLong IDS = new AtomicLong();
    public static final SourceName SOURCE = new SourceName("test-source");
    public static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    private TestEvents() {
    }

    /** A track call by {@code userId} named {@code name}, with a unique message id. */
    public static Event aTrack(String name, String userId) {
        return Event.builder(EventType.TRACK, nextId(), SOURCE, Channel.WEB).userId(userId).name(name)
                .timestamp(T0).receivedAt(T0.plusSeconds(1)).build();
    }

    /** {@code count} track calls numbered in their properties ({@code n} = 0, 1, ...). */
    public static List<Event> someTracks(int count) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(Event.builder(EventType.TRACK, nextId(), SOURCE, Channel.APP).userId("u" + (i % 97)).name("Product Viewed")
                    .properties(Attributes.copyOf(Map.of("n", i))).timestamp(T0.plusSeconds(i)).receivedAt(T0.plusSeconds(i)).build());
        }
        return events;
    }

    /** An event of every call type, with every optional field and awkward text. */
    public static List<Event> oneOfEachType() {
        Attributes nested = Attributes.copyOf(Map.of("text", "质量很好 \"quoted\" \\ 😀 \u0085 \ufeff", "rating", 5,
                "items", List.of(Map.of("sku", "P-1", "price", 19.99)), "none", java.util.Collections.singletonMap("k", null)));
        return List.of(
                Event.builder(EventType.TRACK, nextId(), SOURCE, Channel.ECOMMERCE).userId("u1").anonymousId("a1").name("Order Completed")
                        .timestamp(T0).originalTimestamp(T0.minusSeconds(5)).sentAt(T0.plusSeconds(1)).receivedAt(T0.plusSeconds(2))
                        .properties(nested).context(Attributes.copyOf(Map.of("ip", "203.0.113.9", "locale", "zh-CN")))
                        .extra(Attributes.copyOf(Map.of("integrations", Map.of("All", true), "name", "shadowed name"))).build(),
                Event.builder(EventType.IDENTIFY, nextId(), SOURCE, Channel.APP).userId("u1")
                        .traits(Attributes.copyOf(Map.of("email", "u1@example.com", "vip", true))).receivedAt(T0).build(),
                Event.builder(EventType.PAGE, nextId(), SOURCE, Channel.WEB).anonymousId("a2").name("首页")
                        .extra(Attributes.copyOf(Map.of("event", "shadowed event"))).receivedAt(T0).build(),
                Event.builder(EventType.SCREEN, nextId(), SOURCE, Channel.APP).anonymousId("a3").receivedAt(T0).build(),
                Event.builder(EventType.GROUP, nextId(), SOURCE, Channel.SALES).userId("u2").groupId("acme")
                        .traits(Attributes.copyOf(Map.of("employees", 120))).receivedAt(T0).build(),
                Event.builder(EventType.ALIAS, nextId(), SOURCE, Channel.STORE).userId("u3").previousId("card-99").receivedAt(T0).build());
    }

    private static MessageId nextId() {
        return new MessageId("test-" + IDS.incrementAndGet());
    }
}
