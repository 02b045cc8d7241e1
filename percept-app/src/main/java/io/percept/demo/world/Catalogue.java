package io.percept.demo.world;

import java.time.LocalDate;
import java.util.List;

/**
 * What 青禾智能 (Qinghe Smart, a fictional maker of consumer electronics and household
 * appliances) sells: categories with their typical replacement cycle, and products with price
 * and launch date. One product launches inside the default history window, for the launch story.
 */
public final class Catalogue {

    /**
     * A product category.
     *
     * @param id              stable id, e.g. {@code phones}
     * @param name            Chinese name shown in events, e.g. {@code 手机}
     * @param repurchaseDays  typical days between purchases in the category by one customer
     * @param connected       whether its products report IoT telemetry
     */
    public record Category(String id, String name, int repurchaseDays, boolean connected) {
    }

    /**
     * A product.
     *
     * @param sku      stock-keeping unit, e.g. {@code QH-PH-01}
     * @param name     name as sold
     * @param category its category
     * @param price    list price in CNY
     * @param launched first day on sale
     */
    public record Product(String sku, String name, Category category, double price, LocalDate launched) {

        /** Whether it is on sale on {@code day}: from its launch on. */
        public boolean onSale(LocalDate day) {
            return !launched.isAfter(day);
        }
    }

    public static final Category PHONES = new Category("phones", "手机", 720, false);
    public static final Category AUDIO = new Category("audio", "耳机音箱", 360, false);
    public static final Category WEARABLES = new Category("wearables", "智能手表", 540, true);
    public static final Category ROBOT_VACUUMS = new Category("robot-vacuums", "扫地机器人", 900, true);
    public static final Category AIR_PURIFIERS = new Category("air-purifiers", "空气净化器", 900, true);
    public static final Category KITCHEN = new Category("kitchen", "厨房电器", 1000, false);
    public static final Category WASHERS = new Category("washers", "洗衣机", 1800, true);
    public static final Category CONSUMABLES = new Category("consumables", "滤网耗材", 90, false);

    private static final List<Category> CATEGORIES = List.of(PHONES, AUDIO, WEARABLES, ROBOT_VACUUMS, AIR_PURIFIERS, KITCHEN, WASHERS,
            CONSUMABLES);

    private static final List<Product> PRODUCTS = List.of(
            new Product("QH-PH-01", "青禾 Note 12", PHONES, 1999, LocalDate.of(2024, 3, 1)),
            new Product("QH-PH-02", "青禾 Pro 12", PHONES, 3999, LocalDate.of(2024, 9, 10)),
            new Product("QH-PH-03", "青禾 Ultra 13", PHONES, 5999, LocalDate.of(2025, 9, 15)),
            new Product("QH-AU-01", "青禾 Buds Air", AUDIO, 299, LocalDate.of(2024, 5, 20)),
            new Product("QH-AU-02", "青禾 Buds Pro 降噪耳机", AUDIO, 799, LocalDate.of(2025, 4, 8)),
            new Product("QH-AU-03", "青禾 Sound 智能音箱", AUDIO, 499, LocalDate.of(2024, 11, 1)),
            new Product("QH-WT-01", "青禾 Watch 4", WEARABLES, 1299, LocalDate.of(2024, 8, 1)),
            new Product("QH-WT-02", "青禾 Band 8 手环", WEARABLES, 249, LocalDate.of(2025, 3, 1)),
            new Product("QH-RV-01", "青禾 扫地机器人 S7", ROBOT_VACUUMS, 1899, LocalDate.of(2024, 6, 18)),
            new Product("QH-RV-02", "青禾 扫拖一体机器人 X1", ROBOT_VACUUMS, 3599, LocalDate.of(2026, 9, 1)),
            new Product("QH-AP-01", "青禾 空气净化器 A3", AIR_PURIFIERS, 1299, LocalDate.of(2024, 10, 1)),
            new Product("QH-AP-02", "青禾 除甲醛净化器 A5", AIR_PURIFIERS, 2499, LocalDate.of(2025, 10, 20)),
            new Product("QH-KT-01", "青禾 IH 电饭煲", KITCHEN, 599, LocalDate.of(2024, 1, 10)),
            new Product("QH-KT-02", "青禾 破壁料理机", KITCHEN, 899, LocalDate.of(2025, 5, 1)),
            new Product("QH-WS-01", "青禾 滚筒洗衣机 10kg", WASHERS, 2999, LocalDate.of(2024, 4, 1)),
            new Product("QH-WS-02", "青禾 洗烘一体机", WASHERS, 4999, LocalDate.of(2025, 8, 1)),
            new Product("QH-CS-01", "净化器滤网 A3", CONSUMABLES, 149, LocalDate.of(2024, 10, 1)),
            new Product("QH-CS-02", "扫地机边刷尘袋套装", CONSUMABLES, 89, LocalDate.of(2024, 6, 18)));

    private Catalogue() {
    }

    public static List<Category> categories() {
        return CATEGORIES;
    }

    public static List<Product> products() {
        return PRODUCTS;
    }

    /** The products of a category on sale on {@code day}. */
    public static List<Product> onSale(Category category, LocalDate day) {
        return PRODUCTS.stream().filter(product -> product.category().equals(category) && product.onSale(day)).toList();
    }
}
