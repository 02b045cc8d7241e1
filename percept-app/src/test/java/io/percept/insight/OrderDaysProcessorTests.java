package io.percept.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventLogSettings;
import io.percept.eventlog.EventType;
import io.percept.eventlog.MessageId;
import io.percept.eventlog.SourceName;
import io.percept.eventlog.persistence.DuckDbEventLog;
import io.percept.eventlog.processing.ProcessorRunner;
import io.percept.insight.OrderDays.Cell;
import io.percept.insight.OrderDays.DayCell;
import io.percept.insight.OrderDays.Dimension;
import io.percept.insight.OrderDays.Filter;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.StoreOptions;
import io.percept.profile.Profiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class OrderDaysProcessorTests {

    private static final EventLogSettings.Processors FAST = new EventLogSettings.Processors(true, 100, Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ZERO);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate NOV_26 = LocalDate.parse("2026-11-26");
    private static final LocalDate NOV_27 = LocalDate.parse("2026-11-27");

    @TempDir
    Path dir;

    private final AtomicLong ids = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private EmbeddedStore store;
    private DuckDbEventLog log;
    private ProcessorRunner runner;
    private OrderDays orderDays;
    private MemberFigures members;

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(dir, StoreOptions.DEFAULTS);
        log = new DuckDbEventLog(store, EventLogSettings.defaults(), meters);
        orderDays = new OrderDays(JdbcClient.create(store.dataSource()));
        members = new MemberFigures(JdbcClient.create(store.dataSource()), new io.percept.platform.IdSets(store.dataSource()));
    }

    @AfterEach
    void close() {
        if (runner != null) {
            runner.stop();
        }
        log.close();
        store.close();
    }

    private void start() {
        // customers u-west live in 西南 by their profile; orders naming a region keep their own
        OrderDaysProcessor processor = new OrderDaysProcessor(SHANGHAI, Set.of("Order Completed"), Profiles::orderAmount,
                event -> "u-west".equals(event.userId()) ? "西南" : null);
        OrderBuyersProcessor buyers = new OrderBuyersProcessor(SHANGHAI, Set.of("Order Completed"), processor::region, store.dataSource(), DayOrder.ROW_GROUP);
        CustomerOrderDaysProcessor customers = new CustomerOrderDaysProcessor(SHANGHAI, Set.of("Order Completed"), Profiles::orderAmount,
                processor::region);
        runner = new ProcessorRunner(List.of(processor, buyers, customers, new ActivityDaysProcessor(SHANGHAI, store.dataSource(), DayOrder.ROW_GROUP)),
                log, store, FAST, meters);
        runner.start();
    }

    private static Map<String, Object> line(String sku, String category, double quantity, double price) {
        return Map.of("product_id", sku, "category", category, "quantity", quantity, "price", price);
    }

    private Event order(String user, String instant, Channel channel, Map<String, Object> properties, Map<String, Object> context) {
        return Event.builder(EventType.TRACK, new MessageId("m" + ids.incrementAndGet()), new SourceName("shop"), channel).userId(user)
                .name("Order Completed").timestamp(Instant.parse(instant)).properties(Attributes.copyOf(properties))
                .context(Attributes.copyOf(context)).build();
    }

    private Event refund(String user, String instant) {
        return Event.builder(EventType.TRACK, new MessageId("m" + ids.incrementAndGet()), new SourceName("shop"), Channel.WEB).userId(user)
                .name("Order Refunded").timestamp(Instant.parse(instant))
                .properties(Attributes.copyOf(Map.of("revenue", 999, "products", List.of(line("AP-1", "air", 1, 999))))).build();
    }

    private List<Event> theOrders() {
        return List.of(
                // 2026-11-26 15:00Z = 23:00 Thursday 26th in Shanghai; two air purifiers and a filter, 华北 in properties
                order("u1", "2026-11-26T15:00:00Z", Channel.WEB, Map.of("region", "华北", "revenue", 2100,
                        "products", List.of(line("AP-1", "air", 2, 1000), line("FL-1", "air", 1, 100))), Map.of()),
                // 17:00Z = 01:00 Friday 27th; a purifier and headphones, 华北 in context.location; no revenue: the lines' sum
                order("u2", "2026-11-26T17:00:00Z", Channel.APP, Map.of("products",
                        List.of(line("AP-1", "air", 1, 1000), line("HP-1", "audio", 3, 50))), Map.of("location", Map.of("region", "华北"))),
                // no region on the order: the customer's (西南); one line
                order("u-west", "2026-11-27T02:30:00Z", Channel.STORE, Map.of("revenue", 300,
                        "products", List.of(line("HP-1", "audio", 2, 150))), Map.of()),
                refund("u1", "2026-11-27T03:00:00Z"));
    }

    @Test
    void countsOrdersOncePerDimensionAndLinesPerCategoryAndSku() {
        start();
        log.append(theOrders()).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> total(Dimension.DAY).orders() == 3);

        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.DAY, Filter.all())).containsExactly(
                new Cell("2026-11-26", 1, 3, 2100), new Cell("2026-11-27", 2, 6, 1150 + 300));
        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.REGION, Filter.all())).containsExactly(
                new Cell("华北", 2, 7, 3250), new Cell("西南", 1, 2, 300));
        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.CATEGORY, Filter.all())).containsExactly(
                new Cell("air", 2, 4, 3100), new Cell("audio", 2, 5, 450));
        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.SKU, Filter.all())).containsExactly(
                new Cell("AP-1", 2, 3, 3000), new Cell("HP-1", 2, 5, 450), new Cell("FL-1", 1, 1, 100));
        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.HOUR, Filter.all())).containsExactly(
                new Cell("1", 1, 4, 1150), new Cell("10", 1, 2, 300), new Cell("23", 1, 3, 2100));
        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.WEEKDAY_HOUR, Filter.all())).extracting(Cell::key)
                .containsExactly("4:23", "5:01", "5:10");
        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.WEEKDAY, Filter.all())).extracting(Cell::key, Cell::orders)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("4", 1L), org.assertj.core.groups.Tuple.tuple("5", 2L));
        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.CHANNEL, Filter.all())).extracting(Cell::key).containsExactly("web", "app", "store");

        // a category filter counts the orders holding it, with those lines' units and revenue
        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.REGION, Filter.all().withCategories(Set.of("audio")))).containsExactly(
                new Cell("西南", 1, 2, 300), new Cell("华北", 1, 3, 150));
        assertThat(orderDays.daily(NOV_26, NOV_27, Dimension.REGION, Filter.all().withChannels(Set.of("web", "app")))).containsExactly(
                new DayCell(NOV_26, "华北", 1, 3, 2100), new DayCell(NOV_27, "华北", 1, 4, 1150));
        assertThat(orderDays.totals(NOV_27, NOV_27, Dimension.SKU, Filter.all().withRegions(Set.of("华北")).withSkus(Set.of("AP-1"))))
                .containsExactly(new Cell("AP-1", 1, 1, 1000));
        assertThat(orderDays.categoriesOfSkus(NOV_26, NOV_27)).containsExactly(Map.entry("AP-1", "air"), Map.entry("FL-1", "air"),
                Map.entry("HP-1", "audio"));
        assertThat(orderDays.lastDay()).contains(NOV_27);

        // distinct buyers: u1 and u2 bought air in 华北 on different days, u-west audio in 西南 (the refund is no order)
        await().atMost(Duration.ofSeconds(10)).until(() -> !orderDays.buyers(NOV_26, NOV_27, Set.of(), Set.of(), Set.of()).isEmpty());
        assertThat(orderDays.buyers(NOV_26, NOV_27, Set.of(), Set.of(), Set.of("air"))).containsExactly(
                new OrderDays.Buyers(NOV_26, "", 1), new OrderDays.Buyers(NOV_27, "", 1));
        assertThat(orderDays.buyers(NOV_26, NOV_27, Set.of("华北", "西南"), Set.of("HP-1"), Set.of())).containsExactly(
                new OrderDays.Buyers(NOV_27, "华北", 1), new OrderDays.Buyers(NOV_27, "西南", 1));
        assertThat(orderDays.buyers(NOV_27, NOV_27, Set.of(), Set.of("AP-1"), Set.of("audio"))).as("a sku or a category")
                .containsExactly(new OrderDays.Buyers(NOV_27, "", 2));
    }

    /** u1 and u-west as a segment's members (profiles 1 and 3): their orders, lines and activity, not u2's. */
    @Test
    void keepsEachCustomersOrdersSoASegmentsFiguresAreSums() {
        start();
        log.append(theOrders()).join();
        Map<String, Long> segment = Map.of("user_id:u1", 1L, "user_id:u-west", 3L, "anonymous_id:a-1", 1L);
        await().atMost(Duration.ofSeconds(10)).until(() -> members.orders(NOV_26, NOV_27, segment, null, null, null).size() == 2
                && members.active(NOV_27, NOV_27, segment, null, null) == 2);

        assertThat(members.orders(NOV_26, NOV_27, segment, null, null, null)).containsExactly(
                new MemberFigures.Day(NOV_26, 1, 2100), new MemberFigures.Day(NOV_27, 1, 300));
        assertThat(members.orders(NOV_26, NOV_27, segment, null, null, "AP-1")).as("the orders holding the product, its lines' revenue")
                .containsExactly(new MemberFigures.Day(NOV_26, 1, 2000));
        assertThat(members.orders(NOV_26, NOV_27, segment, null, null, "HP-1")).containsExactly(new MemberFigures.Day(NOV_27, 1, 300));
        assertThat(members.orders(NOV_26, NOV_27, segment, "华北", null, null)).containsExactly(new MemberFigures.Day(NOV_26, 1, 2100));
        assertThat(members.orders(NOV_26, NOV_27, segment, null, "store", null)).containsExactly(new MemberFigures.Day(NOV_27, 1, 300));
        assertThat(members.orders(NOV_26, NOV_27, Map.of("user_id:u2", 2L), null, null, null)).as("u2's order: 01:00 on the 27th, the lines' sum")
                .containsExactly(new MemberFigures.Day(NOV_27, 1, 1150));
        assertThat(members.orders(NOV_26, NOV_27, Map.of(), null, null, null)).isEmpty();
        // the 27th: u1's refund and u-west's order; before (the 26th): u1's order
        assertThat(members.active(NOV_27, NOV_27, segment, null, null)).isEqualTo(2);
        assertThat(members.active(NOV_26, NOV_26, segment, null, null)).isEqualTo(1);
        assertThat(members.active(NOV_27, NOV_27, segment, "store", null)).isEqualTo(1);
        assertThat(members.active(NOV_26, NOV_26, segment, "store", null)).isZero();
    }

    @Test
    void aRestartResumesAtTheCheckpointWithoutCountingAgain() throws Exception {
        start();
        log.append(theOrders()).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> total(Dimension.DAY).orders() == 3);
        runner.stop();

        start();
        log.append(List.of(order("u3", "2026-11-27T04:00:00Z", Channel.WEB, Map.of("region", "华中", "revenue", 80,
                "products", List.of(line("FL-1", "air", 1, 80))), Map.of()))).join();
        await().atMost(Duration.ofSeconds(10)).until(() -> total(Dimension.DAY).orders() == 4);
        Thread.sleep(300); // a replay of the first batch would land now

        assertThat(total(Dimension.DAY)).isEqualTo(new Cell("all", 4, 10, 2100 + 1450 + 80));
        assertThat(members.orders(NOV_26, NOV_27, Map.of("user_id:u1", 1L, "user_id:u3", 4L), null, null, null)).as("nothing counted twice")
                .containsExactly(new MemberFigures.Day(NOV_26, 1, 2100), new MemberFigures.Day(NOV_27, 1, 80));
        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.SKU, Filter.all().withSkus(Set.of("FL-1")))).containsExactly(
                new Cell("FL-1", 2, 2, 180));
    }

    @Test
    void aBatchRolledBackLeavesNothingAndIsAppliedOnceWhenDeliveredAgain() throws Exception {
        OrderDaysProcessor processor = new OrderDaysProcessor(SHANGHAI, Set.of("Order Completed"), Profiles::orderAmount, event -> null);
        CustomerOrderDaysProcessor customers = new CustomerOrderDaysProcessor(SHANGHAI, Set.of("Order Completed"), Profiles::orderAmount,
                processor::region);
        List<io.percept.eventlog.LoggedEvent> batch = List.of(new io.percept.eventlog.LoggedEvent(1, theOrders().get(0)));
        try (Connection connection = store.connect()) {
            connection.setAutoCommit(false);
            processor.process(batch, connection);
            customers.process(batch, connection);
            connection.rollback();
            processor.process(batch, connection);
            customers.process(batch, connection);
            connection.commit();
        }
        assertThat(orderDays.totals(NOV_26, NOV_27, Dimension.REGION, Filter.all())).containsExactly(new Cell("华北", 1, 3, 2100));
        assertThat(members.orders(NOV_26, NOV_27, Map.of("user_id:u1", 1L), null, null, null)).containsExactly(new MemberFigures.Day(NOV_26, 1, 2100));
    }

    private Cell total(Dimension by) {
        List<Cell> cells = orderDays.totals(NOV_26, NOV_27, by, Filter.all());
        return new Cell("all", cells.stream().mapToLong(Cell::orders).sum(), cells.stream().mapToDouble(Cell::units).sum(),
                cells.stream().mapToDouble(Cell::revenue).sum());
    }
}
