package io.percept.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.percept.analytics.propensity.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Customers' features as they stood at a moment: only what had happened by then counts. */
class CustomerHistoryTests {

    private static final long DAY = CustomerHistory.DAY_MICROS;

    private static Purchases.Builder.Line line(String product, String category) {
        return new Purchases.Builder.Line(product, category, 1, 10);
    }

    /** Profile 7: orders on days 0, 0 (same day), 10 and 100; profile 3: one order on day 50. Added out of time order. */
    private static CustomerHistory history() {
        Purchases purchases = new Purchases.Builder()
                .order(7, 100 * DAY + 5, 40, "app", List.of(line("P-2", "手机")))
                .order(7, 0, 10, "web", List.of(line("C-1", "配件")))
                .order(3, 50 * DAY, 99, "store", List.of(line("C-1", "配件"), line("C-2", "配件")))
                .order(7, 10 * DAY, 20, "web", List.of(line("P-1", "手机"), line("C-1", "配件")))
                .order(7, 3_600_000_000L, 5, "web", List.of(line("C-3", null)))
                .build();
        return new CustomerHistory(purchases, 0);
    }

    @Test
    void customersAreTheProfilesWithOrdersInIdOrderWithTheirOrdersOldestFirst() {
        CustomerHistory history = history();
        assertThat(history.profiles).containsExactly(3, 7);
        assertThat(history.customer(7)).isEqualTo(1);
        assertThat(history.customer(5)).isNegative();
        long[] times = new long[4];
        for (int i = history.start[1]; i < history.start[2]; i++) {
            times[i - history.start[1]] = history.purchases.micros[history.ordered[i]];
        }
        assertThat(times).containsExactly(0, 3_600_000_000L, 10 * DAY, 100 * DAY + 5);
    }

    @Test
    void featuresAtACutOffIgnoreLaterOrders() {
        CustomerHistory history = history();
        Table table = history.features(new int[] {1, 0}, 60 * DAY, new String[] {"华南", "华东"}, -1);
        assertThat(table.numeric("recencyDays")).containsExactly(50, 10);
        assertThat(table.numeric("frequency")).as("two orders on day 0 are one purchase day").containsExactly(2, 1);
        assertThat(table.numeric("monetary")).containsExactly(35, 99);
        assertThat(table.numeric("averageOrderValue")[0]).isCloseTo(35 / 3.0, within(1e-9));
        assertThat(table.numeric("tenureDays")).containsExactly(60, 10);
        assertThat(table.numeric("orders90d")).containsExactly(3, 1);
        assertThat(table.numeric("categories")).containsExactly(2, 1);
        assertThat(table.categorical("region")).containsExactly("华东", "华南");
        assertThat(table.categorical("channel")).as("the last order's channel").containsExactly("web", "store");
        assertThat(table.schema().columns()).as("no target category, no share column")
                .noneMatch(column -> column.name().equals("targetCategoryShare"));
    }

    @Test
    void aCustomerWithoutOrdersYetHasMissingFeatures() {
        Table table = history().features(new int[] {0}, 20 * DAY, new String[] {null, null}, -1);
        assertThat(table.numeric("recencyDays")[0]).isNaN();
    }

    @Test
    void outcomesAndTheTargetCategoryShare() {
        CustomerHistory history = history();
        int phones = history.purchases.categories.indexOf("手机");
        assertThat(history.orderedBy(0, 49 * DAY)).isFalse();
        assertThat(history.orderedBy(0, 50 * DAY)).isTrue();
        assertThat(history.orderedBetween(1, 60 * DAY, 150 * DAY, -1)).isTrue();
        assertThat(history.orderedBetween(1, 60 * DAY, 100 * DAY, -1)).as("(from, to]: the day-100 order is 5 µs late").isFalse();
        assertThat(history.orderedBetween(0, 0, 150 * DAY, phones)).isFalse();
        assertThat(history.orderedBetween(1, 5 * DAY, 20 * DAY, phones)).isTrue();
        Table table = history.features(new int[] {1}, 200 * DAY, new String[2], phones);
        assertThat(table.numeric("targetCategoryShare")).containsExactly(0.5);
    }
}
