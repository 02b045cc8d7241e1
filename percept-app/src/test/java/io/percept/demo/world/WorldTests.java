package io.percept.demo.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.platform.JsonValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The world's records: the same seed gives the same records, and what the customers' latent traits
 * and the stories put in can be learnt back from the records alone (orders, tickets, reviews),
 * which is what the demo is for.
 */
class WorldTests {

    private static final LocalDate END = LocalDate.of(2026, 11, 27);
    private static final int DAYS = 365;
    private static final int CUSTOMERS = 20_000;
    private static final World WORLD = new World(new World.Settings(11, CUSTOMERS, DAYS, END));

    /** An order as the records show it. */
    private record Order(int customer, int day, String sku, String category, String channel) {
    }

    private static final List<Order> ORDERS = new ArrayList<>();
    private static final List<int[]> TICKETS = new ArrayList<>();
    private static final List<String[]> REVIEWS = new ArrayList<>();
    private static final Map<String, Set<String>> USERS_BY_ANONYMOUS_ID = new HashMap<>();
    private static final Map<String, String> IDENTIFIED_PHONES = new HashMap<>();
    private static final Map<String, String> MARKETPLACE_PHONES = new HashMap<>();
    private static final Map<String, String> FIRST_USE = new HashMap<>();
    private static final Map<String, String> REGISTERED = new HashMap<>();

    @BeforeAll
    static void generate() {
        WORLD.generate(new World.Sink() {
            @Override
            @SuppressWarnings("unchecked")
            public void message(Feed feed, Map<String, Object> message) {
                String userId = (String) message.get("userId");
                String anonymousId = (String) message.get("anonymousId");
                if (userId != null && anonymousId != null) {
                    USERS_BY_ANONYMOUS_ID.computeIfAbsent(anonymousId, id -> new HashSet<>()).add(userId);
                }
                String timestamp = (String) message.get("timestamp");
                if ("identify".equals(message.get("type"))) {
                    IDENTIFIED_PHONES.put(userId, (String) ((Map<String, Object>) message.get("traits")).get("phone"));
                    REGISTERED.merge(userId, timestamp, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                } else if (userId != null) {
                    FIRST_USE.merge(userId, timestamp, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
                if ("Order Completed".equals(message.get("event"))) {
                    Map<String, Object> properties = (Map<String, Object>) message.get("properties");
                    Map<String, Object> line = ((List<Map<String, Object>>) properties.get("products")).get(0);
                    ORDERS.add(new Order(customer((String) properties.get("order_id")), day((String) message.get("timestamp")),
                            (String) line.get("product_id"), (String) line.get("category"), feed.channel().wireName()));
                    if (feed == Feed.MARKETPLACE) {
                        Map<String, Object> traits = (Map<String, Object>) ((Map<String, Object>) message.get("context")).get("traits");
                        MARKETPLACE_PHONES.put(anonymousId, (String) traits.get("phone"));
                    }
                }
            }

            @Override
            public void row(Feed feed, List<String> cells) {
                int customerColumn = feed.columns().indexOf("customer_id");
                String customer = cells.get(customerColumn);
                if (!customer.isEmpty()) {
                    String timestamp = cells.get(feed.columns().indexOf(switch (feed) {
                        case STORE_ORDERS, SALES_ORDERS -> "ordered_at";
                        case SALES_VISITS -> "visited_at";
                        case REVIEWS -> "reviewed_at";
                        case TICKETS -> "created_at";
                        case SOCIAL -> "posted_at";
                        case SURVEYS -> "answered_at";
                        default -> "measured_at";
                    }));
                    FIRST_USE.merge(customer, timestamp, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
                switch (feed) {
                    case STORE_ORDERS, SALES_ORDERS -> ORDERS.add(new Order(customer(cells.get(0)), day(cells.get(1)), cells.get(3),
                            cells.get(5), feed.channel().wireName()));
                    case TICKETS -> TICKETS.add(new int[] {customer(cells.get(7)), day(cells.get(2))});
                    case REVIEWS -> REVIEWS.add(new String[] {cells.get(5), cells.get(7), cells.get(0), cells.get(2)});
                    default -> {
                    }
                }
            }
        }, done -> {
        });
    }

    private static int customer(String orderId) {
        return Integer.parseInt(orderId.substring(2, orderId.indexOf('-')));
    }

    private static int day(String timestamp) {
        return (int) ChronoUnit.DAYS.between(WORLD.settings().start(), LocalDate.parse(timestamp.substring(0, 10)));
    }

    @Test
    void theSameSeedGivesTheSameRecordsByteForByte() {
        String first = fingerprint(new World(new World.Settings(3, 400, 200, END)));
        assertThat(fingerprint(new World(new World.Settings(3, 400, 200, END)))).isEqualTo(first);
        assertThat(fingerprint(new World(new World.Settings(4, 400, 200, END)))).isNotEqualTo(first);
    }

    @Test
    void aCustomerIsTheSameWhateverThePopulationSize() {
        World small = new World(new World.Settings(3, 50, 200, END));
        World large = new World(new World.Settings(3, 5_000, 200, END));
        List<String> inSmall = new ArrayList<>();
        List<String> inLarge = new ArrayList<>();
        for (int number = 1; number <= 50; number++) {
            small.customer(number, collect(inSmall));
            large.customer(number, collect(inLarge));
        }

        assertThat(inSmall).hasSizeGreaterThan(500).isEqualTo(inLarge);
    }

    private static String fingerprint(World world) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            world.generate(new World.Sink() {
                @Override
                public void message(Feed feed, Map<String, Object> message) {
                    digest.update((feed + JsonValues.toJson(message)).getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public void row(Feed feed, List<String> cells) {
                    digest.update((feed + String.join("\u0001", cells)).getBytes(StandardCharsets.UTF_8));
                }
            }, done -> {
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static World.Sink collect(List<String> records) {
        return new World.Sink() {
            @Override
            public void message(Feed feed, Map<String, Object> message) {
                records.add(feed + JsonValues.toJson(message));
            }

            @Override
            public void row(Feed feed, List<String> cells) {
                records.add(feed + String.join(",", cells));
            }
        };
    }

    @Test
    void moreLoyalCustomersPlaceMoreRepeatOrders() {
        int[] orders = new int[CUSTOMERS + 1];
        ORDERS.forEach(order -> orders[order.customer()]++);
        List<CustomerTraits> buyers = new ArrayList<>();
        for (int number = 1; number <= CUSTOMERS; number++) {
            if (orders[number] > 0) {
                buyers.add(Population.customer(11, number, DAYS));
            }
        }
        buyers.sort(java.util.Comparator.comparingDouble(CustomerTraits::loyalty));
        int third = buyers.size() / 3;
        double leastLoyal = buyers.subList(0, third).stream().mapToInt(c -> orders[c.number()] - 1).average().orElseThrow();
        double mostLoyal = buyers.subList(2 * third, buyers.size()).stream().mapToInt(c -> orders[c.number()] - 1).average().orElseThrow();

        assertThat(mostLoyal).as("repeat orders per buyer, most vs least loyal third").isGreaterThan(1.5 * leastLoyal);
    }

    @Test
    void theLogisticsFailureRegionComplainsMoreInItsWeeks() {
        Stories.LogisticsFailure failure = WORLD.stories().logistics();
        // tickets per order, by when the order was placed: the failure's region and weeks vs the same region before
        int[] ordersIn = new int[2];
        for (Order order : ORDERS) {
            Region region = Population.customer(11, order.customer(), DAYS).region();
            if (region == failure.region() && !order.channel().equals("store")) {
                boolean inside = failure.covers(region, order.day());
                boolean before = order.day() < failure.from() && order.day() >= failure.from() - 90;
                ordersIn[inside ? 0 : 1] += inside || before ? 1 : 0;
            }
        }
        int[] ticketsIn = new int[2];
        for (int[] ticket : TICKETS) {
            Region region = Population.customer(11, ticket[0], DAYS).region();
            if (region == failure.region()) {
                // a complaint follows its order by up to ten days
                boolean inside = ticket[1] >= failure.from() && ticket[1] < failure.from() + failure.length() + 10;
                boolean before = ticket[1] < failure.from() && ticket[1] >= failure.from() - 90;
                ticketsIn[inside ? 0 : 1] += inside || before ? 1 : 0;
            }
        }
        double rateInside = ticketsIn[0] / (double) ordersIn[0];
        double rateBefore = ticketsIn[1] / (double) ordersIn[1];

        assertThat(ordersIn[0]).as("orders in the failure's weeks").isGreaterThan(150);
        assertThat(rateInside).as("tickets per shipped order, failure weeks vs the 90 days before").isGreaterThan(2 * rateBefore);
    }

    @Test
    void theLogisticsFailureRegionsReviewsDropInItsWeeks() {
        Stories.LogisticsFailure failure = WORLD.stories().logistics();
        double[] inside = new double[2];
        double[] before = new double[2];
        for (String[] review : REVIEWS) {
            int number = Integer.parseInt(review[2].substring(2));
            if (Population.customer(11, number, DAYS).region() != failure.region()) {
                continue;
            }
            int day = day(review[3]);
            // a review follows its delivery by up to three weeks
            double[] bucket = day >= failure.from() + 3 && day < failure.from() + failure.length() + 10 ? inside
                    : day < failure.from() && day >= failure.from() - 90 ? before : null;
            if (bucket != null) {
                bucket[0] += Integer.parseInt(review[0]);
                bucket[1]++;
            }
        }
        assertThat(inside[1]).isGreaterThan(50);
        assertThat(inside[0] / inside[1]).as("average stars in 西南, failure weeks vs the 90 days before")
                .isLessThan(before[0] / before[1] - 0.2);
    }

    @Test
    void reviewStarsAgreeWithWhatTheTextsSay() {
        Pattern complaint = Pattern.compile("差|慢|坏|破损|不符|贵|郁闷|推诿|不处理|断连|闪退|短|简陋|压扁|不更新|拖了|没人|不回|粗糙|一般"
                + "|poor|slow|broke|cheap|overpriced|dropped|rude|never|damaged|crushed|wrong|not as|drains|disconnect|crash|ignored|weeks");
        int[] low = new int[2];
        int[] high = new int[2];
        for (String[] review : REVIEWS) {
            int stars = Integer.parseInt(review[0]);
            int[] bucket = stars <= 2 ? low : stars == 5 ? high : null;
            if (bucket != null) {
                bucket[0] += complaint.matcher(review[1]).find() ? 1 : 0;
                bucket[1]++;
            }
        }
        assertThat(low[1]).isGreaterThan(100);
        assertThat(low[0] / (double) low[1]).as("1-2 star reviews that complain").isGreaterThan(0.9);
        assertThat(high[0] / (double) high[1]).as("5 star reviews that complain").isLessThan(0.1);
    }

    @Test
    void theLaunchProductSellsOnlyInTheLaunchRegionsAndFromItsDay() {
        Stories.Launch launch = WORLD.stories().launch();
        List<Order> launched = ORDERS.stream().filter(order -> order.sku().equals(launch.sku())).toList();

        assertThat(launched).hasSizeGreaterThan(50);
        assertThat(launched).allSatisfy(order -> {
            assertThat(launch.regions()).contains(Population.customer(11, order.customer(), DAYS).region());
            assertThat(order.day()).isGreaterThanOrEqualTo(launch.day());
        });
    }

    @Test
    void theDemandSurgeThePromotionAndThePriceCutShowInTheOrders() {
        Stories stories = WORLD.stories();
        Stories.Surge surge = stories.surge();
        double surgeInside = perDay(order -> order.category().equals(surge.category().name())
                && region(order) == surge.region(), surge.from(), surge.from() + surge.length());
        double surgeBefore = perDay(order -> order.category().equals(surge.category().name())
                && region(order) == surge.region(), surge.from() - 60, surge.from());
        assertThat(surgeInside).as("air purifiers per day in the surge region, surge vs the two months before").isGreaterThan(2 * surgeBefore);

        Stories.Promotion promotion = stories.promotion();
        double promoted = perDay(order -> region(order) == promotion.region(), promotion.from(), promotion.from() + promotion.length());
        double usual = perDay(order -> region(order) == promotion.region(), promotion.from() - 42, promotion.from());
        assertThat(promoted).as("orders per day in the promotion's region, during vs the six weeks before").isGreaterThan(1.3 * usual);

        Stories.PriceCut cut = stories.priceCut();
        double shareBefore = share(cut.category().name(), cut.from() - 90, cut.from());
        double shareAfter = share(cut.category().name(), cut.from(), DAYS);
        assertThat(shareAfter).as("audio's share of orders after the competitor's cut").isLessThan(0.8 * shareBefore);
    }

    private static Region region(Order order) {
        return Population.customer(11, order.customer(), DAYS).region();
    }

    private static double perDay(java.util.function.Predicate<Order> which, int from, int to) {
        return ORDERS.stream().filter(order -> order.day() >= from && order.day() < to).filter(which).count() / (double) (to - from);
    }

    private static double share(String category, int from, int to) {
        List<Order> window = ORDERS.stream().filter(order -> order.day() >= from && order.day() < to).toList();
        return window.stream().filter(order -> order.category().equals(category)).count() / (double) window.size();
    }

    @Test
    void everyMemberRegistersBeforeTheirMemberIdIsUsed() {
        assertThat(FIRST_USE).hasSizeGreaterThan(5_000);
        assertThat(FIRST_USE).allSatisfy((member, firstUse) -> assertThat(REGISTERED.get(member)).as(member).isNotNull()
                .isLessThanOrEqualTo(firstUse));
    }

    @Test
    void identitiesLookLikeARealCompanys() {
        long shared = USERS_BY_ANONYMOUS_ID.values().stream().filter(users -> users.size() > 1).count();
        assertThat(shared).as("devices two members log in from").isGreaterThan(20);
        assertThat(USERS_BY_ANONYMOUS_ID.values().stream().filter(users -> users.size() == 1).count())
                .as("devices of one member").isGreaterThan(2_000);
        // marketplace buyers carry the phone the member gave at sign-up, so their orders can be joined to the profile
        Set<String> phones = new HashSet<>(IDENTIFIED_PHONES.values());
        assertThat(phones).as("one phone per member").hasSameSizeAs(IDENTIFIED_PHONES.values());
        assertThat(MARKETPLACE_PHONES.values().stream().filter(phones::contains).count()).isGreaterThan(100);
    }
}
