package io.percept.insight;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Orders, units and revenue per business day, kept by the {@code order-days} log processor (so no
 * query scans the event log): totals and day series by one {@link Dimension}, narrowed by a
 * {@link Filter}. Days and hours are in the business zone ({@code percept.perception.zone}).
 *
 * <p>Counting: by {@code DAY}, {@code REGION}, {@code CHANNEL}, {@code WEEKDAY}, {@code HOUR} and
 * {@code WEEKDAY_HOUR} (without a category or sku filter) {@code orders} are distinct orders and
 * {@code revenue} their amounts (as profiles read them: {@code revenue}, else {@code total}, ...).
 * By {@code CATEGORY} or {@code SKU}, or with a category or sku filter, an order counts once per
 * category (sku) it contains and units and revenue are those lines' ({@code price × quantity}): an
 * order holding two of the filtered categories counts once for each. Refunds are not subtracted.
 * A query reads the aggregate tables only: its cost grows with days × hours × regions × channels
 * (× categories or skus), not with events.
 */
public class OrderDays {

    /** What figures are grouped by; the keys a {@link Cell} carries for each are described per constant. */
    public enum Dimension {
        /** ISO date {@code 2026-11-27}. */
        DAY("CAST(day AS VARCHAR)", "1"),
        /** The order's region, {@code ""} when unknown. */
        REGION("region", "revenue DESC, 1"),
        /** The event's channel wire name ({@code web}, {@code store}, ...). */
        CHANNEL("channel", "revenue DESC, 1"),
        /** A line's category, {@code ""} for lines without one. */
        CATEGORY("category", "revenue DESC, 1"),
        /** A line's product id (else sku, else name). */
        SKU("sku", "revenue DESC, 1"),
        /** ISO day of week, {@code 1} (Monday) to {@code 7} (Sunday). */
        WEEKDAY("CAST(isodow(day) AS VARCHAR)", "1"),
        /** Hour of day {@code 0} to {@code 23}. */
        HOUR("CAST(hour AS VARCHAR)", "min(hour)"),
        /** ISO weekday and hour, {@code 1:00} to {@code 7:23}. */
        WEEKDAY_HOUR("CAST(isodow(day) AS VARCHAR) || ':' || lpad(CAST(hour AS VARCHAR), 2, '0')", "1");

        private final String key;
        private final String order;

        Dimension(String key, String order) {
            this.key = key;
            this.order = order;
        }
    }

    /**
     * What to count; an empty set does not narrow.
     *
     * @param regions    order regions
     * @param channels   channel wire names
     * @param categories line categories
     * @param skus       line products
     */
    public record Filter(Set<String> regions, Set<String> channels, Set<String> categories, Set<String> skus) {

        public Filter {
            regions = regions == null ? Set.of() : Set.copyOf(regions);
            channels = channels == null ? Set.of() : Set.copyOf(channels);
            categories = categories == null ? Set.of() : Set.copyOf(categories);
            skus = skus == null ? Set.of() : Set.copyOf(skus);
        }

        /** Every order. */
        public static Filter all() {
            return new Filter(Set.of(), Set.of(), Set.of(), Set.of());
        }

        public Filter withRegions(Set<String> values) {
            return new Filter(values, channels, categories, skus);
        }

        public Filter withChannels(Set<String> values) {
            return new Filter(regions, values, categories, skus);
        }

        public Filter withCategories(Set<String> values) {
            return new Filter(regions, channels, values, skus);
        }

        public Filter withSkus(Set<String> values) {
            return new Filter(regions, channels, categories, values);
        }
    }

    /** Figures of one key; {@code units} and {@code revenue} may be fractional. */
    public record Cell(String key, long orders, double units, double revenue) {
    }

    /** Figures of one key on one day. */
    public record DayCell(LocalDate day, String key, long orders, double units, double revenue) {
    }

    private final JdbcClient jdbc;

    OrderDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Totals from {@code from} to {@code to} (inclusive business days) per key of {@code by}: by
     * revenue (highest first) for regions, channels, categories and skus, in calendar order for the
     * others; keys without orders are absent.
     *
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    public List<Cell> totals(LocalDate from, LocalDate to, Dimension by, Filter filter) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT " + by.key + " AS k, sum(orders), sum(units), sum(revenue) AS revenue FROM " + where(from, to, by, filter, params)
                + " GROUP BY k ORDER BY " + by.order;
        return jdbc.sql(sql).params(params)
                .query((row, index) -> new Cell(row.getString(1), row.getLong(2), row.getDouble(3), row.getDouble(4))).list();
    }

    /**
     * Figures per day and key of {@code by}, by day then key; days and keys without orders are absent.
     *
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    public List<DayCell> daily(LocalDate from, LocalDate to, Dimension by, Filter filter) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT day, " + by.key + " AS k, sum(orders), sum(units), sum(revenue) FROM " + where(from, to, by, filter, params)
                + " GROUP BY day, k ORDER BY day, k";
        return jdbc.sql(sql).params(params).query((row, index) -> new DayCell(row.getObject(1, LocalDate.class), row.getString(2),
                row.getLong(3), row.getDouble(4), row.getDouble(5))).list();
    }

    /** Distinct buyers on one day in one region. */
    public record Buyers(LocalDate day, String region, long buyers) {
    }

    /**
     * Distinct buyers per day and region of any line in {@code skus} or {@code categories} (both empty:
     * any line), in {@code regions}, from {@code from} to {@code to} inclusive; with no regions, per day
     * over all regions (region {@code ""}). Days and regions without such buyers are absent. Reads
     * {@code order_buyers} (processor order-buyers).
     *
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    public List<Buyers> buyers(LocalDate from, LocalDate to, Set<String> regions, Set<String> skus, Set<String> categories) {
        checkRange(from, to);
        String region = regions.isEmpty() ? "''" : "region";
        StringBuilder sql = new StringBuilder("SELECT day, " + region + " AS r, count(DISTINCT customer) FROM order_buyers WHERE day BETWEEN ? AND ?");
        List<Object> params = new ArrayList<>(List.of(from, to));
        in(sql, params, "region", regions);
        if (!skus.isEmpty() || !categories.isEmpty()) {
            sql.append(" AND (");
            if (!skus.isEmpty()) {
                sql.append("sku IN (").append("?,".repeat(skus.size() - 1)).append("?)");
                params.addAll(skus);
            }
            if (!categories.isEmpty()) {
                sql.append(skus.isEmpty() ? "" : " OR ").append("category IN (").append("?,".repeat(categories.size() - 1)).append("?)");
                params.addAll(categories);
            }
            sql.append(')');
        }
        sql.append(" GROUP BY day, r ORDER BY day, r");
        return jdbc.sql(sql.toString()).params(params)
                .query((row, index) -> new Buyers(row.getObject(1, LocalDate.class), row.getString(2), row.getLong(3))).list();
    }

    /** The category of each sku sold from {@code from} to {@code to} (the one with most revenue if lines disagree). */
    public Map<String, String> categoriesOfSkus(LocalDate from, LocalDate to) {
        checkRange(from, to);
        Map<String, String> categories = new LinkedHashMap<>();
        jdbc.sql("SELECT sku, arg_max(category, revenue) FROM (SELECT sku, category, sum(revenue) AS revenue FROM order_day_skus "
                        + "WHERE day BETWEEN ? AND ? GROUP BY sku, category) GROUP BY sku ORDER BY sku")
                .params(from, to).query(row -> {
                    categories.put(row.getString(1), row.getString(2));
                });
        return categories;
    }

    /** Orders in one week, region and category ({@code ""} when not by category); week 0 is the oldest. */
    public record WeekCell(int week, String region, String category, long orders) {
    }

    /**
     * Orders per week (7-day blocks, the last one ending on {@code last}), region and, with
     * {@code byCategory}, category, over {@code weeks} weeks; cells without orders are absent. By
     * category an order counts once per category it contains (as {@link Dimension#CATEGORY}).
     *
     * @throws IllegalArgumentException if {@code weeks} is not positive
     */
    public List<WeekCell> weeks(LocalDate last, int weeks, boolean byCategory) {
        if (weeks < 1) {
            throw new IllegalArgumentException("weeks must be positive, was " + weeks);
        }
        String category = byCategory ? "category" : "''";
        String table = byCategory ? "order_day_categories" : "order_days";
        return jdbc.sql("SELECT ? - 1 - (CAST(? AS DATE) - day) // 7 AS week, region, " + category + " AS c, sum(orders) FROM " + table
                        + " WHERE day BETWEEN ? AND ? GROUP BY ALL ORDER BY ALL")
                .params(weeks, last, last.minusDays(7L * weeks - 1), last)
                .query((row, index) -> new WeekCell(row.getInt(1), row.getString(2), row.getString(3), row.getLong(4))).list();
    }

    /**
     * A product and when it was first sold.
     *
     * @param regions the regions it sold in, most orders first
     */
    public record FirstSale(String sku, String category, LocalDate firstDay, long orders, List<String> regions) {
    }

    /** The products whose first order (up to {@code to}) lies from {@code from} on, with their orders and regions up to {@code to}. */
    public List<FirstSale> firstSales(LocalDate from, LocalDate to) {
        checkRange(from, to);
        return jdbc.sql("SELECT sku, arg_max(category, orders), min(first), sum(orders), list(region ORDER BY orders DESC, region) FROM "
                        + "(SELECT sku, category, region, min(day) AS first, sum(orders) AS orders FROM order_day_skus WHERE day <= ? AND sku <> '' "
                        + "GROUP BY ALL) GROUP BY sku HAVING min(first) >= ? ORDER BY min(first), sku")
                .params(to, from)
                .query((row, index) -> new FirstSale(row.getString(1), row.getString(2), row.getObject(3, LocalDate.class), row.getLong(4),
                        regions(row.getArray(5)))).list();
    }

    private static List<String> regions(java.sql.Array array) throws java.sql.SQLException {
        List<String> regions = new ArrayList<>();
        for (Object region : (Object[]) array.getArray()) {
            if (region != null && !region.toString().isEmpty() && !regions.contains(region.toString())) {
                regions.add(region.toString());
            }
        }
        return regions;
    }

    /** The last day with an order, if any. */
    public java.util.Optional<LocalDate> lastDay() {
        return jdbc.sql("SELECT max(day) FROM order_days").query((row, index) -> row.getObject(1, LocalDate.class)).optional();
    }

    private static String where(LocalDate from, LocalDate to, Dimension by, Filter filter, List<Object> params) {
        checkRange(from, to);
        String table = by == Dimension.SKU || !filter.skus().isEmpty() ? "order_day_skus"
                : by == Dimension.CATEGORY || !filter.categories().isEmpty() ? "order_day_categories" : "order_days";
        StringBuilder sql = new StringBuilder(table).append(" WHERE day BETWEEN ? AND ?");
        params.add(from);
        params.add(to);
        in(sql, params, "region", filter.regions());
        in(sql, params, "channel", filter.channels());
        in(sql, params, "category", filter.categories());
        in(sql, params, "sku", filter.skus());
        return sql.toString();
    }

    private static void in(StringBuilder sql, List<Object> params, String column, Set<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sql.append(" AND ").append(column).append(" IN (").append(String.join(", ", java.util.Collections.nCopies(values.size(), "?")))
                .append(')');
        params.addAll(values.stream().sorted().toList());
    }

    private static void checkRange(LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
    }
}
