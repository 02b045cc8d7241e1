package io.percept.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a profile's state makes of texts and tickets, and of its newest events in time windows:
 * order independence, merging, snapshots and the bounds, with an in-memory voice reader that takes
 * the voice from the event's properties.
 */
class ProfileStateTests {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final String[] TOPICS = {"logistics", "packaging", "price", "quality", "service"};
    private static final String[] STATUSES = {"open", "escalated", "Resolved", "closed_unresolved", "done", "pending"};

    /** The voice in properties {@code score} and {@code topics} (a leading {@code -} marks a negative mention). */
    private static final VoiceReader FAKE_PERCEPTION = event -> {
        if (!(event.properties().get("score") instanceof Number score)) {
            return null;
        }
        Voice.Tone tone = score.doubleValue() <= -0.3 ? Voice.Tone.NEGATIVE : score.doubleValue() >= 0.3 ? Voice.Tone.POSITIVE : Voice.Tone.NEUTRAL;
        List<Voice.Topic> topics = new ArrayList<>();
        if (event.properties().get("topics") instanceof List<?> names) {
            for (Object name : names) {
                String text = name.toString();
                topics.add(new Voice.Topic(text.replace("-", ""), text.startsWith("-")));
            }
        }
        return new Voice(score.doubleValue(), tone, tone == Voice.Tone.NEGATIVE && !topics.isEmpty(), topics);
    };
    private static final ProfileRules RULES = ProfileRules.defaults().withVoices(FAKE_PERCEPTION);

    private static int counter;
    private final Interner interner = new Interner();

    private static Event track(int minute, String name, Map<String, Object> properties) {
        Instant at = T0.plus(minute, ChronoUnit.MINUTES);
        return Event.builder(EventType.TRACK, new MessageId("m-" + (++counter)), new SourceName("shop"), Channel.SERVICE)
                .userId("u-1").name(name).properties(Attributes.copyOf(properties)).timestamp(at).receivedAt(at).build();
    }

    private static Event review(int minute, double score, String... topics) {
        return track(minute, "Review Submitted", Map.of("score", score, "topics", List.of(topics)));
    }

    private static Event ticket(int minute, Object id, String status) {
        return track(minute, "Ticket Opened", Map.of("ticket_id", id, "status", status));
    }

    /** Texts, tickets and other events over 200 days at 60 distinct times (so many ties), with random topics and statuses. */
    private static List<Event> aNoisyHistory(long seed, int size) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int minute = random.nextInt(60) * 4_800;
            int kind = random.nextInt(4);
            if (kind == 0) {
                events.add(ticket(minute, "T" + random.nextInt(20), STATUSES[random.nextInt(STATUSES.length)]));
            } else if (kind == 1) {
                events.add(track(minute, "Product Viewed", Map.of("sku", "s-1")));
            } else {
                List<String> topics = new ArrayList<>();
                for (int t = random.nextInt(3); t > 0; t--) {
                    topics.add((random.nextBoolean() ? "-" : "") + TOPICS[random.nextInt(TOPICS.length)]);
                }
                double score = Math.round((random.nextDouble() * 2 - 1) * 100) / 100.0;
                events.add(review(minute, score, topics.toArray(String[]::new)));
            }
        }
        return events;
    }

    private static Event event(EventType type, Channel channel, long minute, String name) {
        Instant at = T0.plus(minute, ChronoUnit.MINUTES);
        Event.Builder builder = Event.builder(type, new MessageId("m-" + (++counter)), new SourceName("shop"), channel).userId("u-1")
                .timestamp(at).receivedAt(at);
        return (name == null ? builder : builder.name(name)).build();
    }

    private static final String[] NAMES = {"Product Viewed", "Cart Added", "product viewed", "Home", "Checkout Started"};
    private static final EventType[] TYPES = {EventType.TRACK, EventType.PAGE, EventType.SCREEN, EventType.IDENTIFY};
    private static final Channel[] CHANNELS = {Channel.WEB, Channel.APP, Channel.STORE};

    /** Events of several names, types and channels at 50 distinct times over 50 days (so many ties). */
    private static List<Event> aBusyHistory(long seed, int size) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            EventType type = TYPES[random.nextInt(TYPES.length)];
            events.add(event(type, CHANNELS[random.nextInt(CHANNELS.length)], random.nextInt(50) * 1_440L,
                    type == EventType.IDENTIFY ? null : NAMES[random.nextInt(NAMES.length)]));
        }
        return events;
    }

    private static long micros(long day) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, T0.plus(day, ChronoUnit.DAYS));
    }

    /** Event counts since several days, by every filter the events of {@link #aBusyHistory} can match. */
    private static Map<String, Integer> windowsOf(ProfileState state) {
        Map<String, Integer> windows = new LinkedHashMap<>();
        for (int day : new int[] {0, 20, 40, 45, 49, 60}) {
            windows.put(day + " any", state.eventsSince(micros(day), null, null, null));
            for (String name : NAMES) {
                windows.put(day + " " + name, state.eventsSince(micros(day), name, null, null));
            }
            for (EventType type : TYPES) {
                for (Channel channel : CHANNELS) {
                    windows.put(day + " " + type + " " + channel, state.eventsSince(micros(day), null, type, channel));
                }
            }
        }
        return windows;
    }

    @Test
    void countsEventsInAWindowByNameTypeAndChannel() {
        ProfileState state = applied(List.of(event(EventType.PAGE, Channel.WEB, 0, "Home"),
                event(EventType.TRACK, Channel.APP, 1_440, "Product Viewed"), event(EventType.TRACK, Channel.APP, 5 * 1_440, "Product Viewed"),
                event(EventType.TRACK, Channel.APP, 6 * 1_440, "product viewed"), event(EventType.TRACK, Channel.WEB, 6 * 1_440, "Cart Added"),
                event(EventType.IDENTIFY, Channel.APP, 6 * 1_440, null), track(6 * 1_440, "Order Completed", Map.of("revenue", 10))));

        assertThat(state.eventsSince(micros(0), null, null, null)).isEqualTo(7);
        assertThat(state.eventsSince(micros(2), "Product Viewed", null, null)).as("names ignore case").isEqualTo(2);
        assertThat(state.eventsSince(micros(1), "PRODUCT VIEWED", EventType.TRACK, Channel.APP)).isEqualTo(3);
        assertThat(state.eventsSince(micros(0), null, EventType.PAGE, null)).isEqualTo(1);
        assertThat(state.eventsSince(micros(0), null, null, Channel.APP)).isEqualTo(4);
        assertThat(state.eventsSince(micros(0), "Cart Added", EventType.TRACK, Channel.WEB)).isEqualTo(1);
        assertThat(state.eventsSince(micros(0), "Cart Added", EventType.TRACK, Channel.APP)).isZero();
        assertThat(state.eventsSince(micros(0), "Order Completed", null, null)).as("orders are events too").isEqualTo(1);
        assertThat(state.eventsSince(micros(0), "Never Sent", null, null)).isZero();
        assertThat(state.eventsSince(micros(6) + 1, null, null, null)).as("to the second").isEqualTo(4);
        assertThat(state.eventsSince(micros(6) + 1_000_000, null, null, null)).isZero();
        assertThat(new ProfileState().eventsSince(micros(0), null, null, null)).isZero();
    }

    @Test
    void eventWindowsKeepTheNewestEventsWhateverTheOrderAndMerge() {
        List<Event> events = aBusyHistory(13, 300);
        Map<String, Integer> expected = windowsOf(applied(events));

        assertShuffledTheSame(events, ProfileStateTests::windowsOf, 17, 10);
        assertThat(windowsOf(mergedHalves(events, 19))).isEqualTo(expected);
    }

    /** {@code view} of the state sees the same whatever the order {@code events} come in. */
    private void assertShuffledTheSame(List<Event> events, java.util.function.Function<ProfileState, Object> view, long seed, int rounds) {
        Object expected = view.apply(applied(events));
        Random shuffler = new Random(seed);
        for (int round = 0; round < rounds; round++) {
            List<Event> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, shuffler);
            assertThat(view.apply(applied(shuffled))).as("order " + round).isEqualTo(expected);
        }
    }

    /** {@code events} split at random between two profiles, then merged. */
    private ProfileState mergedHalves(List<Event> events, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Event> mine = new ArrayList<>();
        List<Event> theirs = new ArrayList<>();
        events.forEach(event -> (random.nextBoolean() ? mine : theirs).add(event));
        ProfileState merged = applied(mine);
        merged.mergeFrom(applied(theirs), RULES);
        return merged;
    }

    @Test
    void eventWindowsAreExactWhileTheWindowHoldsFewerThanTheCapacity() {
        List<Event> events = aBusyHistory(23, 300);
        ProfileState state = applied(events);

        assertThat(state.eventsSince(micros(0), null, null, null)).as("the newest 64 of 300").isEqualTo(RecentEvents.CAPACITY);
        for (int day = 49; day >= 0; day--) {
            long since = micros(day);
            Instant start = T0.plus(day, ChronoUnit.DAYS);
            long inWindow = events.stream().filter(event -> !event.timestamp().isBefore(start)).count();
            long viewed = events.stream().filter(event -> !event.timestamp().isBefore(start)
                    && "product viewed".equalsIgnoreCase(event.name())).count();
            if (inWindow >= RecentEvents.CAPACITY) {
                assertThat(day).as("the buffer covered some days exactly").isLessThan(48);
                break;
            }
            assertThat(state.eventsSince(since, null, null, null)).as("day " + day).isEqualTo(inWindow);
            assertThat(state.eventsSince(since, "Product Viewed", null, null)).as("day " + day).isEqualTo(viewed);
        }
    }

    private ProfileState applied(List<Event> events) {
        ProfileState state = new ProfileState();
        for (Event event : events) {
            state.apply(event, RULES, interner);
        }
        return state;
    }

    /** Everything the state tells about the voice, the average to 12 places (sums differ in the last bits). */
    private static Map<String, Object> voiceOf(ProfileState state) {
        Map<String, Object> voice = new LinkedHashMap<>();
        voice.put("texts", state.texts());
        voice.put("average", state.averageSentiment() == null ? null : Math.round(state.averageSentiment() * 1e12) / 1e12);
        voice.put("last", state.lastSentiment());
        voice.put("tone", state.lastTone());
        voice.put("lastAt", state.lastSentimentMicros());
        voice.put("negative", state.negativeTexts());
        voice.put("complaints", state.complaints());
        voice.put("open", state.openComplaints());
        for (int days : new int[] {0, 30, 90, 150, 200}) {
            long since = ChronoUnit.MICROS.between(Instant.EPOCH, T0.plus(days, ChronoUnit.DAYS));
            voice.put("topicsSince" + days, state.topicsSince(since));
        }
        return voice;
    }

    @Test
    void theSameEventsInAnyOrderGiveTheSameVoice() {
        List<Event> events = aNoisyHistory(7, 400);
        Map<String, Object> expected = voiceOf(applied(events));

        assertShuffledTheSame(events, ProfileStateTests::voiceOf, 11, 20);
        assertThat((List<?>) expected.get("topicsSince0")).as("the bound is reached").isNotEmpty();
        assertThat((int) expected.get("texts")).isGreaterThan(150);
    }

    @Test
    void mergingTwoProfilesIsApplyingAllToOne() {
        List<Event> events = aNoisyHistory(3, 300);

        ProfileState merged = mergedHalves(events, 5);

        assertThat(voiceOf(merged)).isEqualTo(voiceOf(applied(events)));
        ProfileState empty = new ProfileState();
        empty.mergeFrom(applied(events), RULES);
        assertThat(voiceOf(empty)).isEqualTo(voiceOf(applied(events)));
    }

    @Test
    void aSnapshotReadsBackAsTheSameState() throws IOException {
        ProfileState state = applied(aNoisyHistory(9, 200));

        byte[] written = write(state);
        ProfileState read = ProfileState.read(new DataInputStream(new ByteArrayInputStream(written)), interner);

        assertThat(voiceOf(read)).isEqualTo(voiceOf(state));
        assertThat(write(read)).isEqualTo(written);
        ProfileState busy = applied(aBusyHistory(29, 200));
        ProfileState busyRead = ProfileState.read(new DataInputStream(new ByteArrayInputStream(write(busy))), interner);
        assertThat(windowsOf(busyRead)).isEqualTo(windowsOf(busy));
        assertThat(busyRead.eventsSince(micros(0), null, null, null)).isEqualTo(RecentEvents.CAPACITY);
        ProfileState silent = applied(List.of(track(0, "Product Viewed", Map.of())));
        assertThat(ProfileState.read(new DataInputStream(new ByteArrayInputStream(write(silent))), interner).hasVoice()).isFalse();
    }

    private static byte[] write(ProfileState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        state.write(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    @Test
    void rollsUpTheTextsSentiment() {
        ProfileState state = applied(List.of(review(10, -0.8, "-logistics", "-packaging"), review(30, 0.5, "quality"), review(20, 0.0)));

        assertThat(state.texts()).isEqualTo(3);
        assertThat(state.averageSentiment()).isCloseTo(-0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(state.lastSentiment()).as("the newest by event time").isEqualTo(0.5);
        assertThat(state.lastTone()).isEqualTo(Voice.Tone.POSITIVE);
        assertThat(state.negativeTexts()).isEqualTo(1);
        assertThat(state.complaints()).isEqualTo(1);
        assertThat(state.topicsSince(Long.MIN_VALUE)).containsExactly(new TopicCount("logistics", 1, 1), new TopicCount("packaging", 1, 1),
                new TopicCount("quality", 1, 0));
        long after15 = ChronoUnit.MICROS.between(Instant.EPOCH, T0.plus(15, ChronoUnit.MINUTES));
        assertThat(state.topicsSince(after15)).containsExactly(new TopicCount("quality", 1, 0));
    }

    @Test
    void aTicketIsOpenUntilItsNewestEventClosesIt() {
        ProfileState state = applied(List.of(ticket(10, "T-1", "open"), ticket(20, 42, "escalated"), ticket(30, "T-1", "Resolved")));

        assertThat(state.openComplaints()).isEqualTo(1);
        assertThat(state.texts()).as("a ticket without text").isZero();
        assertThat(state.hasVoice()).isTrue();
        state.apply(ticket(5, "T-1", "open"), RULES, interner);
        assertThat(state.openComplaints()).as("an older event changes nothing").isEqualTo(1);
        state.apply(ticket(40, "42", "CLOSED"), RULES, interner);
        assertThat(state.openComplaints()).as("42 as a number and as text is one ticket").isZero();
        state.apply(track(50, "Ticket Opened", Map.of("ticket_id", "T-9")), RULES, interner);
        assertThat(state.openComplaints()).as("no status, no ticket").isZero();
        assertThat(applied(List.of(ticket(60, "T-2", "open"), ticket(60, "T-2", "resolved"))).openComplaints())
                .as("at the same time closing wins").isZero();
        assertThat(applied(List.of(ticket(60, "T-2", "resolved"), ticket(60, "T-2", "open"))).openComplaints()).isZero();
    }

    @Test
    void keepsTheNewestTicketsAndTopicMentionsOnly() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(ticket(i, "T" + i, i < 30 ? "resolved" : "open"));
            events.add(review(i, -0.5, i < 8 ? "-price" : "quality"));
        }
        events.add(ticket(100, "T0", "open"));

        ProfileState state = applied(events);

        assertThat(state.openComplaints()).as("T0 came back with a newer event; 10 of the newest 16 are open").isEqualTo(11);
        assertThat(state.topicsSince(Long.MIN_VALUE)).as("the newest 32 mentions").containsExactly(new TopicCount("quality", 32, 0));
        assertThat(state.texts()).as("counts are not bounded").isEqualTo(40);
        assertThat(applied(List.of(track(1, "Product Viewed", Map.of()))).hasVoice()).as("no voice, no memory").isFalse();
    }
}
