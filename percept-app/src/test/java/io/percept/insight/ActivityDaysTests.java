package io.percept.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.eventlog.processing.ProcessorRunner;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Active customers from {@code activity_days}, and the table kept in day order ({@link DayOrder}). */
class ActivityDaysTests {

    private static final EventLogSettings.Processors FAST = new EventLogSettings.Processors(true, 100, Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ZERO);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path dir;

    private final AtomicLong ids = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private EmbeddedStore store;
    private DuckDbEventLog log;
    private ProcessorRunner runner;
    private JdbcClient jdbc;
    private ActivityDays activity;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        log = new DuckDbEventLog(store, EventLogSettings.defaults(), meters);
        jdbc = JdbcClient.create(store.dataSource());
        activity = new ActivityDays(jdbc);
    }

    @AfterEach
    void close() {
        if (runner != null) {
            runner.stop();
        }
        log.close();
        store.close();
    }

    private static LocalDate nov(int day) {
        return LocalDate.of(2026, 11, day);
    }

    /** An event at noon in Shanghai on that November day. */
    private Event event(String user, String anonymous, Channel channel, int day) {
        return Event.builder(EventType.TRACK, new MessageId("m" + ids.incrementAndGet()), new SourceName("shop"), channel).userId(user)
                .anonymousId(anonymous).name("Product Viewed").timestamp(Instant.parse("2026-11-%02dT04:00:00Z".formatted(day))).build();
    }

    private void profile(long id, String user, String region) {
        jdbc.sql("INSERT INTO profiles (profile_id, user_id, region, identifiers, events, orders, revenue, refunds, refunded, net_revenue, "
                + "average_order, mirrored_at) VALUES (?, ?, ?, 1, 1, 0, 0, 0, 0, 0, 0, now())").params(id, user, region).update();
    }

    private List<LocalDate> daysInStorageOrder() {
        return jdbc.sql("SELECT day FROM activity_days ORDER BY rowid").query(LocalDate.class).list();
    }

    /** The active customers of the 16th to the 27th and of the 4th to the 15th. */
    private List<Long> bothPeriods(String channel, String region) {
        return List.of(activity.count(nov(16), nov(27), channel, region), activity.count(nov(4), nov(15), channel, region));
    }

    private long rows() {
        return jdbc.sql("SELECT count(*) FROM activity_days").query(Long.class).single();
    }

    @Test
    void countsTheDistinctCustomersOfBothPeriodsByChannelAndRegion() {
        runner = new ProcessorRunner(List.of(new ActivityDaysProcessor(SHANGHAI, store.dataSource(), DayOrder.ROW_GROUP)), log, store, FAST, meters);
        runner.start();
        profile(1, "u1", "西南");
        profile(2, "u2", "华北");
        profile(3, "u3", "西南");
        log.append(List.of(
                event("u1", null, Channel.WEB, 20),
                event("u2", null, Channel.APP, 27),
                event("u1", null, Channel.WEB, 10),
                event(null, "a1", Channel.WEB, 25),
                event("u3", null, Channel.APP, 5),
                event("u2", null, Channel.WEB, 12),
                event("u4", null, Channel.WEB, 3),
                event("u1", null, Channel.APP, 20),
                event("u1", null, Channel.WEB, 20))).join();
        // (day, customer, channel) once each: u1 web 20th seen twice
        await().atMost(Duration.ofSeconds(10)).until(() -> rows() == 8);

        // current 16th-27th: u1, u2, a1; previous 4th-15th: u1, u3, u2 (u4 on the 3rd is in neither)
        assertThat(bothPeriods(null, null)).containsExactly(3L, 3L);
        // web: u1 (20th), a1 / u1 (10th), u2 (12th); app: u2 (27th), u1 (20th) / u3
        assertThat(bothPeriods("web", null)).containsExactly(2L, 2L);
        assertThat(bothPeriods("app", null)).containsExactly(2L, 1L);
        // 西南 by profile: u1 / u1, u3 (a1 has no profile, u2 is in 华北)
        assertThat(bothPeriods(null, "西南")).containsExactly(1L, 2L);
        assertThat(bothPeriods("app", "西南")).containsExactly(1L, 1L);
        // a period with nobody
        assertThat(activity.count(nov(1), nov(2), null, null)).isZero();
        assertThatThrownBy(() -> activity.count(nov(5), nov(4), null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aScatteredTableIsRewrittenInDayOrderAndAnOrderedOneIsLeftAlone() throws Exception {
        // as a replay leaves it: stretches of two rows, three of the four reaching back before the days ahead of them
        for (int day : new int[] {20, 27, 10, 25, 5, 12, 3, 21}) {
            jdbc.sql("INSERT INTO activity_days VALUES (?, ?, 'web')").params(nov(day), "user_id:u" + day).update();
        }
        DayOrder order = new DayOrder("activity_days", "day, customer, channel", 2);

        assertThat(order.tidy(store.dataSource())).as("the first look after a start").isTrue();
        assertThat(daysInStorageOrder()).containsExactly(nov(3), nov(5), nov(10), nov(12), nov(20), nov(21), nov(25), nov(27));
        assertThat(bothPeriods(null, null)).containsExactly(4L, 3L);

        // fewer rows added than a stretch: no look
        jdbc.sql("INSERT INTO activity_days VALUES (?, 'user_id:late', 'web')").params(nov(1)).update();
        order.added(1);
        assertThat(order.tidy(store.dataSource())).isFalse();
        // a stretch more: one stretch of five behind the others is not enough disorder for a rewrite
        jdbc.sql("INSERT INTO activity_days VALUES (?, 'user_id:new', 'web')").params(nov(28)).update();
        order.added(1);
        assertThat(order.tidy(store.dataSource())).isFalse();
        assertThat(daysInStorageOrder()).containsExactly(nov(3), nov(5), nov(10), nov(12), nov(20), nov(21), nov(25), nov(27), nov(1), nov(28));

        // a day late is not disorder
        DayOrder fresh = new DayOrder("activity_days", "day, customer, channel", 2);
        jdbc.sql("DELETE FROM activity_days WHERE day IN (?, ?)").params(nov(1), nov(28)).update();
        jdbc.sql("INSERT INTO activity_days VALUES (?, 'user_id:x', 'web'), (?, 'user_id:y', 'web')").params(nov(27), nov(26)).update();
        assertThat(fresh.tidy(store.dataSource())).isFalse();
    }

    @Test
    void theProcessorPutsDaysReplayedOutOfOrderInOrderOnceCaughtUp() {
        int[] days = {20, 27, 10, 25, 5, 12, 3, 21};
        for (int i = 0; i < days.length; i++) {
            log.append(List.of(event("u" + i, null, Channel.WEB, days[i]))).join();
        }
        // a replay one event per batch: the rows land in log order, and the processor is idle only at the end
        EventLogSettings.Processors oneByOne = new EventLogSettings.Processors(true, 1, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ZERO);
        runner = new ProcessorRunner(List.of(new ActivityDaysProcessor(SHANGHAI, store.dataSource(), 2)), log, store, oneByOne, meters);
        runner.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> daysInStorageOrder().equals(
                List.of(nov(3), nov(5), nov(10), nov(12), nov(20), nov(21), nov(25), nov(27))));
        assertThat(bothPeriods(null, null)).containsExactly(4L, 3L);
    }
}
