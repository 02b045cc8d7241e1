package io.percept.profile.domain;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A profile's newest orders (at most {@value #CAPACITY}, by order time): when, how much, in which
 * categories — enough to count orders and spend in a recent window ("2 orders in 手机 in the last
 * 30 days") without the event log. Keeping the newest by time makes it order-independent and
 * mergeable. Not thread-safe.
 */
final class RecentOrders {

    static final int CAPACITY = 32;
    /** Separates categories in {@link #categories}. */
    private static final char SEPARATOR = '\u001F';

    private long[] at = new long[4];
    private double[] amounts = new double[4];
    /** Each order's categories joined by {@link #SEPARATOR}, or null. */
    private String[] categories = new String[4];
    private int size;

    /** Adds an order; when full, it replaces the oldest if it is newer. */
    void add(long micros, double amount, String joinedCategories) {
        if (size == at.length && size < CAPACITY) {
            int grown = Math.min(CAPACITY, size * 2);
            at = Arrays.copyOf(at, grown);
            amounts = Arrays.copyOf(amounts, grown);
            categories = Arrays.copyOf(categories, grown);
        }
        int slot = size;
        if (size == CAPACITY) {
            int oldest = 0;
            for (int i = 1; i < size; i++) {
                if (at[i] < at[oldest] || at[i] == at[oldest] && compare(i, oldest) < 0) {
                    oldest = i;
                }
            }
            if (micros < at[oldest] || micros == at[oldest] && compare(micros, amount, joinedCategories, oldest) <= 0) {
                return;
            }
            slot = oldest;
        } else {
            size++;
        }
        at[slot] = micros;
        amounts[slot] = amount;
        categories[slot] = joinedCategories;
    }

    private int compare(int i, int j) {
        return compare(at[i], amounts[i], categories[i], j);
    }

    /** A fixed order between two orders at the same time, so which one is kept never depends on arrival. */
    private int compare(long micros, double amount, String joined, int other) {
        int byAmount = Double.compare(amount, amounts[other]);
        if (byAmount != 0) {
            return byAmount;
        }
        String mine = joined == null ? "" : joined;
        String theirs = categories[other] == null ? "" : categories[other];
        return mine.compareTo(theirs);
    }

    void mergeFrom(RecentOrders other) {
        for (int i = 0; i < other.size; i++) {
            add(other.at[i], other.amounts[i], other.categories[i]);
        }
    }

    /** Orders at or after {@code sinceMicros} (in {@code category} when not null), and their total amount. */
    double[] since(long sinceMicros, String category) {
        double count = 0;
        double spend = 0;
        for (int i = 0; i < size; i++) {
            if (at[i] >= sinceMicros && (category == null || contains(categories[i], category))) {
                count++;
                spend += amounts[i];
            }
        }
        return new double[] {count, spend};
    }

    /** Whether {@code since} may be missing orders: the window reaches before the oldest kept order of a full buffer. */
    boolean truncatedBefore(long sinceMicros) {
        if (size < CAPACITY) {
            return false;
        }
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            oldest = Math.min(oldest, at[i]);
        }
        return sinceMicros < oldest;
    }

    private static boolean contains(String joined, String category) {
        if (joined == null) {
            return false;
        }
        int from = 0;
        while (from <= joined.length()) {
            int end = joined.indexOf(SEPARATOR, from);
            if (end < 0) {
                end = joined.length();
            }
            if (joined.regionMatches(true, from, category, 0, category.length()) && end - from == category.length()) {
                return true;
            }
            from = end + 1;
        }
        return false;
    }

    /** Joins categories for {@link #add}. */
    static String join(java.util.Collection<String> names) {
        return names.isEmpty() ? null : String.join(String.valueOf(SEPARATOR), names);
    }

    void write(DataOutput out) throws IOException {
        out.writeByte(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(at[i]);
            out.writeDouble(amounts[i]);
            Values.writeString(out, categories[i]);
        }
    }

    static RecentOrders read(DataInput in, Interner interner) throws IOException {
        RecentOrders orders = new RecentOrders();
        int size = in.readByte();
        for (int i = 0; i < size; i++) {
            orders.add(in.readLong(), in.readDouble(), interner.intern(Values.readString(in)));
        }
        return orders;
    }
}
