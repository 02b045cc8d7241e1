package io.percept.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The newest orders by time: windows count right, the bound keeps the newest whatever the arrival order, snapshots round-trip. */
class RecentOrdersTests {

    private static final long DAY = 86_400_000_000L;

    @Test
    void countsOrdersAndSpendInAWindowAndACategory() {
        RecentOrders orders = new RecentOrders();
        orders.add(10 * DAY, 100, RecentOrders.join(List.of("手机", "配件")));
        orders.add(20 * DAY, 50, RecentOrders.join(List.of("配件")));
        orders.add(25 * DAY, 30, null);

        assertThat(orders.since(15 * DAY, null)).containsExactly(2, 80);
        assertThat(orders.since(0, "手机")).containsExactly(1, 100);
        assertThat(orders.since(0, "配件")).containsExactly(2, 150);
        assertThat(orders.since(0, "手")).as("whole categories only").containsExactly(0, 0);
    }

    @Test
    void keepsTheNewestWhateverTheOrderAndRoundTrips() throws Exception {
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(new long[] {i * DAY / 2, i});
        }
        RecentOrders forward = new RecentOrders();
        all.forEach(order -> forward.add(order[0], order[1], null));
        Collections.shuffle(all, new java.util.Random(7));
        RecentOrders shuffled = new RecentOrders();
        all.forEach(order -> shuffled.add(order[0], order[1], "x"));

        assertThat(forward.since(0, null)[0]).isEqualTo(RecentOrders.CAPACITY);
        assertThat(forward.since(0, null)[1]).as("the 32 newest: 68..99").isEqualTo((68 + 99) * 32 / 2.0);
        assertThat(shuffled.since(0, null)).containsExactly(forward.since(0, null));
        assertThat(forward.truncatedBefore(0)).isTrue();
        assertThat(forward.truncatedBefore(68 * DAY / 2)).isFalse();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        shuffled.write(new DataOutputStream(bytes));
        RecentOrders read = RecentOrders.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), new Interner());
        assertThat(read.since(40 * DAY, "x")).containsExactly(shuffled.since(40 * DAY, "x"));
        RecentOrders merged = new RecentOrders();
        merged.mergeFrom(read);
        merged.mergeFrom(forward);
        assertThat(merged.since(0, null)[0]).isEqualTo(RecentOrders.CAPACITY);
    }
}
