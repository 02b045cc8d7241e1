package io.percept.demo.world;

import io.percept.eventlog.Channel;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The demo world: every customer's life as the company's systems record it. For each customer,
 * from their latent traits: visits to the website and app (page and screen views, products
 * viewed and added to carts, checkouts, orders, the login and {@code identify} at their first
 * order there), marketplace orders, store and direct-sales orders, refunds, reviews, service
 * tickets, social posts, sales-visit notes, NPS and CSAT surveys, and the weekly telemetry of the
 * connected products they bought, whose faults lead to complaints. What they say follows from
 * what happened to them ({@link Experiences}); the {@link Stories} change both.
 *
 * <p>Deterministic: the same settings give the same records in the same order. Times are China
 * Standard Time (UTC+8); the history covers the {@code days} days before {@code end}.
 */
public final class World {

    private static final String[] MARKETPLACES = {"tmall", "jd", "pdd"};
    private static final String[] MARKETPLACE_NAMES = {"天猫", "京东", "拼多多"};
    private static final String[] SOCIAL_PLATFORMS = {"weibo", "douyin", "xiaohongshu"};
    private static final String[] REFERRERS = {"", "", "https://www.baidu.com/", "https://weibo.com/", "https://www.xiaohongshu.com/"};
    private static final String[] SALES_REPS = {"周经理", "吴经理", "郑经理", "冯经理", "陈经理", "褚经理", "卫经理"};
    private static final String[] STAGES = {"lead", "proposal", "negotiation"};
    private static final int SECONDS_PER_DAY = 86_400;
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    /**
     * What world to make.
     *
     * @param seed      the random seed
     * @param customers how many customers (1 to 10,000,000)
     * @param days      how many days of history (1 to 3,650)
     * @param end       the day after the last day of history
     */
    public record Settings(long seed, int customers, int days, LocalDate end) {

        public Settings {
            if (customers < 1 || customers > 10_000_000) {
                throw new IllegalArgumentException("customers must be between 1 and 10000000, was " + customers);
            }
            if (days < 1 || days > 3650) {
                throw new IllegalArgumentException("days must be between 1 and 3650, was " + days);
            }
            java.util.Objects.requireNonNull(end, "end");
        }

        /** The first day of the history. */
        public LocalDate start() {
            return end.minusDays(days);
        }
    }

    /** Where the records go. Called from one thread, in a deterministic order. */
    public interface Sink {

        /** A Segment-spec message for the tracking API. */
        void message(Feed feed, Map<String, Object> message);

        /** A row of a feed's CSV file, cells in {@link Feed#columns()} order (empty for missing). */
        void row(Feed feed, List<String> cells);
    }

    private final Settings settings;
    private final Stories stories;
    private final String[] dayPrefixes;

    /** Today in China (UTC+8), where the history's calendar is: the default end of a history. */
    public static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), CHINA);
    }

    public World(Settings settings) {
        this.settings = settings;
        this.stories = Stories.defaults(settings.start(), settings.days());
        this.dayPrefixes = new String[settings.days()];
        for (int day = 0; day < settings.days(); day++) {
            dayPrefixes[day] = settings.start().plusDays(day) + "T";
        }
    }

    public Settings settings() {
        return settings;
    }

    public Stories stories() {
        return stories;
    }

    /** Writes every customer's records, customer by customer, telling {@code progress} after each how many are done. */
    public void generate(Sink sink, IntConsumer progress) {
        for (int number = 1; number <= settings.customers(); number++) {
            customer(number, sink);
            progress.accept(number);
        }
    }

    /** Writes the records of customer {@code number}. */
    public void customer(int number, Sink sink) {
        new Life(Population.customer(settings.seed(), number, settings.days()), sink).live();
    }

    /** A record waiting for its customer's history to be complete, to be handed on in time order. */
    private record Pending(long at, int order, Feed feed, Map<String, Object> message, List<String> cells) {
    }

    /** One customer's history being written. */
    private final class Life {

        private final CustomerTraits traits;
        private final People.Person person;
        private final Sink sink;
        private final SplittableRandom random;
        private final String id;
        private final boolean storeMember;
        private final int marketplace;
        private final boolean socialLinked;
        private final List<Pending> pending = new ArrayList<>();
        private int messages;
        private int records;
        private long identifiedAt = Long.MAX_VALUE;
        private long memberSince = Long.MAX_VALUE;

        Life(CustomerTraits traits, Sink sink) {
            this.traits = traits;
            this.person = People.of(traits, settings.seed());
            this.sink = sink;
            this.random = Sampling.stream(settings.seed() ^ 0x574F_524C_44L, traits.number());
            this.id = Integer.toString(traits.number());
            this.storeMember = random.nextDouble() < 0.75;
            this.marketplace = random.nextInt(MARKETPLACES.length);
            this.socialLinked = random.nextDouble() < 0.3;
        }

        void live() {
            List<Purchases.Purchase> purchases = Purchases.of(traits, settings.seed(), settings.start(), settings.days(), stories);
            List<Sessions.Session> sessions = Sessions.of(traits, purchases, settings.seed(), settings.start(), settings.days(), stories);
            Map<Purchases.Purchase, String> orderIds = new IdentityHashMap<>();
            for (Purchases.Purchase purchase : purchases) {
                orderIds.put(purchase, "QO" + id + "-" + (orderIds.size() + 1));
            }
            Map<Purchases.Purchase, Long> ordered = new IdentityHashMap<>();
            for (Sessions.Session session : sessions) {
                visit(session, orderIds, ordered);
            }
            for (Purchases.Purchase purchase : purchases) {
                long at = ordered.getOrDefault(purchase, time(purchase.day(), purchase.hour(), random.nextInt(3600)));
                String orderId = orderIds.get(purchase);
                switch (purchase.channel()) {
                    case ECOMMERCE -> marketplaceOrder(purchase, orderId, at);
                    case STORE -> orderRow(Feed.STORE_ORDERS, purchase, orderId, at, storeMember ? member(at) : "",
                            traits.city() + "青禾体验店");
                    case SALES -> {
                        salesVisits(purchase.product().category(), purchase.day(), "won");
                        orderRow(Feed.SALES_ORDERS, purchase, orderId, at, member(at), "");
                    }
                    default -> {
                        // web and app orders were sent during the visit
                    }
                }
                aftermath(purchase, orderId, at);
            }
            if (traits.preferredChannel() == Channel.SALES || traits.secondChannel() == Channel.SALES) {
                lostDeals();
            }
            if (memberSince < identifiedAt) {
                // known by member id before any login on the website or app: registered in the app (or its mini-program)
                send(Feed.APP, identify(People.anonymousId(traits, 0, settings.seed())), Math.max(0, memberSince - 60));
            }
            flush();
        }

        /** The member id, used at {@code at}: the customer must be registered by then. */
        private String member(long at) {
            memberSince = Math.min(memberSince, at);
            return person.memberId();
        }

        // ---- visits to the website and app

        private void visit(Sessions.Session session, Map<Purchases.Purchase, String> orderIds, Map<Purchases.Purchase, Long> ordered) {
            String anonymousId = People.anonymousId(traits, session.device(), settings.seed());
            boolean app = session.channel() == Channel.APP;
            Feed feed = app ? Feed.APP : Feed.WEB;
            long start = time(session.day(), session.hour(), session.minute() * 60);
            // (a visit that overlaps the one where the customer first logs in stays anonymous)
            boolean loggedIn = session.loggedIn() && identifiedAt <= start;
            String referrer = REFERRERS[random.nextInt(REFERRERS.length)];
            for (Sessions.Action action : session.actions()) {
                long at = start + action.second();
                if (!happened(at)) {
                    return;
                }
                if (action.step() == Sessions.Step.CHECKOUT_STARTED && !loggedIn) {
                    loggedIn = true;
                    if (identifiedAt == Long.MAX_VALUE) {
                        identifiedAt = at - 5;
                        send(feed, identify(anonymousId), identifiedAt);
                    }
                }
                Map<String, Object> message = switch (action.step()) {
                    case VIEW -> view(app, referrer);
                    case PRODUCT_VIEWED -> track("Product Viewed", product(action.product(), 1, action.product().price()));
                    case CART_ADDED -> track("Product Added", product(action.product(), 1, action.product().price()));
                    case CHECKOUT_STARTED -> track("Checkout Started", order(session.purchase(), null));
                    case ORDER_COMPLETED -> {
                        ordered.put(session.purchase(), at);
                        yield track("Order Completed", order(session.purchase(), orderIds.get(session.purchase())));
                    }
                };
                if (loggedIn) {
                    message.put("userId", person.memberId());
                }
                message.put("anonymousId", anonymousId);
                message.put("context", context(app, anonymousId));
                send(feed, message, at);
            }
        }

        private Map<String, Object> view(boolean app, String referrer) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", app ? "screen" : "page");
            message.put("name", "首页");
            if (!app) {
                message.put("properties", object("path", "/", "url", "https://www.qinghe.example.cn/", "referrer", referrer));
            }
            return message;
        }

        private Map<String, Object> identify(String anonymousId) {
            Map<String, Object> traitValues = new LinkedHashMap<>();
            traitValues.put("name", person.name());
            if (person.email() != null) {
                traitValues.put("email", person.email());
            }
            traitValues.put("phone", person.phone());
            traitValues.put("city", traits.city());
            traitValues.put("region", traits.region().label());
            traitValues.put("marketing_consent", random.nextDouble() < 0.7);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "identify");
            message.put("userId", person.memberId());
            message.put("anonymousId", anonymousId);
            message.put("traits", traitValues);
            return message;
        }

        private Map<String, Object> context(boolean app, String anonymousId) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("locale", traits.english() ? "en-US" : "zh-CN");
            context.put("location", object("country", "CN", "region", traits.region().label(), "city", traits.city()));
            if (app) {
                context.put("device", object("id", "dev-" + anonymousId.substring(0, 18), "type", traits.number() % 3 == 0 ? "ios" : "android"));
                context.put("app", object("name", "青禾智能", "version", "5.2.0"));
            }
            return context;
        }

        // ---- orders

        private Map<String, Object> track(String event, Map<String, Object> properties) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "track");
            message.put("event", event);
            message.put("properties", properties);
            return message;
        }

        private Map<String, Object> product(Catalogue.Product product, int quantity, double price) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("product_id", product.sku());
            line.put("name", product.name());
            line.put("category", product.category().name());
            line.put("price", price);
            line.put("quantity", quantity);
            return line;
        }

        private Map<String, Object> order(Purchases.Purchase purchase, String orderId) {
            Map<String, Object> properties = new LinkedHashMap<>();
            if (orderId != null) {
                properties.put("order_id", orderId);
            }
            properties.put("revenue", round(purchase.amount()));
            properties.put("currency", "CNY");
            double discount = purchase.product().price() - purchase.price();
            if (discount > 0) {
                properties.put("discount", round(discount * purchase.quantity()));
            }
            properties.put("products", List.of(product(purchase.product(), purchase.quantity(), purchase.price())));
            return properties;
        }

        private void marketplaceOrder(Purchases.Purchase purchase, String orderId, long at) {
            Map<String, Object> properties = order(purchase, orderId);
            properties.put("marketplace", MARKETPLACE_NAMES[marketplace]);
            properties.put("region", traits.region().label());
            properties.put("city", traits.city());
            Map<String, Object> message = track("Order Completed", properties);
            marketplaceBuyer(message);
            send(Feed.MARKETPLACE, message, at);
        }

        /** Marketplace buyers are known by their buyer id, with the phone the marketplace passes on for delivery. */
        private void marketplaceBuyer(Map<String, Object> message) {
            message.put("anonymousId", MARKETPLACES[marketplace] + ":" + person.marketplaceId());
            message.put("context", object("traits", object("phone", person.phone())));
        }

        private void orderRow(Feed feed, Purchases.Purchase purchase, String orderId, long at, String customerId, String store) {
            Catalogue.Product product = purchase.product();
            row(feed, at, orderId, timestamp(at), customerId, product.sku(), product.name(), product.category().name(),
                    Integer.toString(purchase.quantity()), Double.toString(purchase.price()), "CN", traits.region().label(), traits.city(),
                    store);
        }

        // ---- what follows a purchase

        private void aftermath(Purchases.Purchase purchase, String orderId, long at) {
            Map<Reviews.Aspect, Integer> experience = Experiences.of(traits, purchase, stories, random);
            List<Reviews.Aspect> bad = experience.entrySet().stream().filter(entry -> entry.getValue() < 0).map(Map.Entry::getKey).toList();
            boolean defective = bad.contains(Reviews.Aspect.QUALITY) || bad.contains(Reviews.Aspect.DESCRIPTION)
                    || bad.contains(Reviews.Aspect.USABILITY);
            if (random.nextDouble() < (defective ? 0.35 : 0.015)) {
                refund(purchase, orderId, at + days(3 + random.nextInt(12)), defective ? bad.get(0) : null);
            }
            double reviewChance = bad.isEmpty() ? 0.12 + 0.1 * traits.loyalty() : 0.2 + 0.4 * traits.complaintPropensity();
            if (random.nextDouble() < reviewChance) {
                review(experience, purchase, orderId, at + days(3 + random.nextInt(18)));
            }
            if (!bad.isEmpty() && random.nextDouble() < 0.1 + 0.6 * traits.complaintPropensity()) {
                Reviews.Aspect aspect = bad.get(random.nextInt(bad.size()));
                ticket(aspect.name().toLowerCase(Locale.ROOT), Voices.ticketSubject(aspect, traits.english(), random),
                        Voices.ticket(aspect, purchase.product(), traits.english(), random), purchase, orderId,
                        at + days(1 + random.nextInt(7)), bad.contains(Reviews.Aspect.AFTER_SALES));
            }
            if (person.socialHandle() != null
                    && random.nextDouble() < (bad.isEmpty() ? 0.04 + 0.04 * traits.loyalty() : 0.05 + 0.25 * traits.complaintPropensity())) {
                social(experience, purchase.product(), at + days(1 + random.nextInt(14)), !bad.isEmpty());
            }
            if (random.nextDouble() < 0.1) {
                int good = experience.size() - bad.size();
                int score = (int) Math.round(7 + 2.5 * traits.loyalty() + 0.5 * good - 3 * bad.size() + 1.2 * Sampling.normal(random));
                score = Math.max(0, Math.min(10, score));
                survey("post-purchase-nps", "nps", score, purchase.product().sku(), experience, at + days(7 + random.nextInt(7)));
            }
            if (purchase.product().category().connected()) {
                telemetry(purchase, orderId, at, bad.contains(Reviews.Aspect.USABILITY));
            }
        }

        private void review(Map<Reviews.Aspect, Integer> experience, Purchases.Purchase purchase, String orderId, long at) {
            if (happened(at)) {
                Reviews.Review review = Reviews.write(experience, traits.english(), random);
                row(Feed.REVIEWS, at, member(at), "RV" + id + "-" + (++records), timestamp(at), purchase.product().sku(), orderId,
                        Integer.toString(review.stars()), "", review.text());
            }
        }

        private void refund(Purchases.Purchase purchase, String orderId, long at, Reviews.Aspect reason) {
            if (!happened(at)) {
                return;
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("order_id", orderId);
            properties.put("revenue", round(purchase.amount()));
            properties.put("currency", "CNY");
            properties.put("reason", reason == null ? "changed_mind" : reason.name().toLowerCase(Locale.ROOT));
            properties.put("products", List.of(product(purchase.product(), purchase.quantity(), purchase.price())));
            Map<String, Object> message = track("Order Refunded", properties);
            message.put("channel", purchase.channel().wireName());
            switch (purchase.channel()) {
                case ECOMMERCE -> marketplaceBuyer(message);
                case STORE -> {
                    if (storeMember) {
                        message.put("userId", member(at));
                    } else {
                        message.put("anonymousId", "receipt-" + orderId);
                    }
                }
                default -> message.put("userId", member(at));
            }
            send(Feed.REFUNDS, message, at);
        }

        private void ticket(String category, String subject, String text, Purchases.Purchase purchase, String orderId, long at,
                boolean afterSalesFailed) {
            if (!happened(at)) {
                return;
            }
            long age = settings.days() * (long) SECONDS_PER_DAY - at;
            double draw = random.nextDouble();
            String status = age < days(3) && draw < 0.6 ? "open"
                    : afterSalesFailed || draw < 0.1 ? "escalated" : draw < 0.15 ? "closed_unresolved" : "resolved";
            String priority = traits.complaintPropensity() > 0.5 || afterSalesFailed ? "high" : random.nextDouble() < 0.3 ? "low" : "normal";
            row(Feed.TICKETS, at, member(at), "TK" + id + "-" + (++records), timestamp(at), category, status, priority,
                    purchase.product().sku(), orderId, subject, text);
            if (!status.equals("open") && random.nextDouble() < 0.45) {
                boolean satisfied = status.equals("resolved");
                int score = satisfied ? (random.nextDouble() < 0.7 ? 5 : 4) : (random.nextDouble() < 0.6 ? 1 : 2);
                if (satisfied && random.nextDouble() < 0.15) {
                    score = 3;
                }
                Map<Reviews.Aspect, Integer> service = Map.of(Reviews.Aspect.SERVICE, score >= 3 ? 1 : -1);
                survey("service-csat", "csat", score, purchase.product().sku(), service, at + days(1 + random.nextInt(3)));
            }
        }

        private void survey(String name, String kind, int score, String sku, Map<Reviews.Aspect, Integer> experience, long at) {
            if (!happened(at)) {
                return;
            }
            row(Feed.SURVEYS, at, member(at), "SV" + id + "-" + (++records), timestamp(at), name, kind, Integer.toString(score), sku,
                    Voices.surveyVerbatim(score, kind, experience, traits.english(), random));
        }

        private void social(Map<Reviews.Aspect, Integer> experience, Catalogue.Product product, long at, boolean negative) {
            if (!happened(at)) {
                return;
            }
            String platform = SOCIAL_PLATFORMS[(traits.number() * 7) % SOCIAL_PLATFORMS.length];
            // a complaint draws more attention than praise: log-normal likes, a share of them shared
            int likes = (int) Math.exp(1.2 * Sampling.normal(random) + (negative ? 2.8 : 1.8));
            int shares = (int) (likes * 0.3 * random.nextDouble());
            String comment = "C" + id + "-" + (++records);
            row(Feed.SOCIAL, at, socialLinked ? member(at) : "", platform, person.socialHandle(), comment, timestamp(at),
                    "post-" + product.sku(), "https://" + platform + ".example.cn/" + person.socialHandle() + "/" + comment,
                    Integer.toString(likes), Integer.toString(shares), Voices.social(experience, product, traits.english(), random));
        }

        // ---- connected products

        private void telemetry(Purchases.Purchase purchase, String orderId, long at, boolean usabilityProblem) {
            if (random.nextDouble() < 0.2) {
                return; // never connected to the app
            }
            Catalogue.Product product = purchase.product();
            boolean launched = product.sku().equals(stories.launch().sku());
            double faultsPerWeek = 0.005 + (launched ? 0.03 : 0) + (usabilityProblem ? 0.03 : 0);
            List<String> codes = Voices.errorCodes(product.category());
            String device = "QHD" + id + "-" + orderId.substring(orderId.lastIndexOf('-') + 1);
            boolean bound = random.nextDouble() < 0.85;
            long setUp = at + days(1) + random.nextInt(SECONDS_PER_DAY);
            if (bound && happened(setUp)) {
                // the owner binds the device in the app: the IoT platform reports it with both ids
                Map<String, Object> binding = track("Device Bound", object("device_id", device, "model", product.sku(), "name", product.name()));
                binding.put("userId", member(setUp));
                binding.put("anonymousId", "device:" + device);
                send(Feed.DEVICES, binding, setUp);
            }
            for (long time = setUp + 600; happened(time); time += days(7)) {
                boolean fault = random.nextDouble() < faultsPerWeek;
                String code = fault ? codes.get(random.nextInt(codes.size())) : "";
                Reading reading = reading(product.category(), fault);
                row(Feed.IOT, time, bound ? member(time) : "", device, timestamp(time), product.sku(), firmware(time), reading.metric(), reading.value(),
                        reading.battery(), code);
                if (fault && random.nextDouble() < 0.25 + 0.5 * traits.complaintPropensity()) {
                    String category = code.contains("BAT") ? "battery" : "usability";
                    ticket(category, (traits.english() ? "Device error " : "设备报错 ") + code,
                            Voices.fault(code, product, traits.english(), random), purchase, orderId,
                            time + 3600 + random.nextInt(2 * SECONDS_PER_DAY), false);
                }
            }
        }

        private record Reading(String metric, String value, String battery) {
        }

        private Reading reading(Catalogue.Category category, boolean fault) {
            double use = Math.max(0, 1 + 0.3 * Sampling.normal(random)) * (fault ? 0.4 : 1);
            return switch (category.id()) {
                case "wearables" -> new Reading("daily_steps", Long.toString(Math.round(7000 * use)),
                        Integer.toString(fault ? 5 + random.nextInt(10) : 30 + random.nextInt(70)));
                case "robot-vacuums" -> new Reading("cleaning_minutes", Long.toString(Math.round(320 * use)),
                        Integer.toString(fault ? 3 + random.nextInt(15) : 40 + random.nextInt(60)));
                case "air-purifiers" -> new Reading("runtime_hours", Long.toString(Math.round(60 * use)), "");
                default -> new Reading("wash_cycles", Long.toString(Math.round(5 * use)), "");
            };
        }

        private String firmware(long time) {
            // a release every 60 days
            return "3." + (time / days(60)) + ".0";
        }

        // ---- direct sales

        private void salesVisits(Catalogue.Category category, int dealDay, String outcome) {
            int visits = 1 + random.nextInt(3);
            String competitor = competitor(category, dealDay);
            int day = dealDay - 7 * visits - random.nextInt(7);
            for (int visit = 0; visit < visits; visit++) {
                day = Math.max(day, 0);
                salesVisit(category, day, STAGES[Math.min(visit, STAGES.length - 1)], competitor);
                day += 3 + random.nextInt(7);
            }
            salesVisit(category, Math.min(Math.max(day, dealDay), settings.days() - 1), outcome, competitor);
        }

        private void salesVisit(Catalogue.Category category, int day, String stage, String competitor) {
            long at = time(day, 9 + random.nextInt(10), 0);
            row(Feed.SALES_VISITS, at, member(at), "SA" + id + "-" + (++records), timestamp(at),
                    person.name() + "家", person.name(), SALES_REPS[traits.region().ordinal()], stage, competitor == null ? "" : competitor,
                    Voices.salesNote(category, stage, competitor, traits.priceSensitivity(), random));
        }

        private String competitor(Catalogue.Category category, int day) {
            if (stories.priceCut().covers(category, day)) {
                return random.nextDouble() < 0.8 ? stories.priceCut().competitor() : null;
            }
            return random.nextDouble() < 0.3 ? Voices.COMPETITORS.get(random.nextInt(Voices.COMPETITORS.size())) : null;
        }

        /** Deals the direct-sales team works on and loses: more of them when a competitor undercuts. */
        private void lostDeals() {
            int deals = Sessions.poisson(random, traits.purchaseRate() * 0.5 * (settings.days() - traits.signedUp()));
            for (int deal = 0; deal < deals; deal++) {
                int day = traits.signedUp() + random.nextInt(Math.max(1, settings.days() - traits.signedUp()));
                Catalogue.Category category = Catalogue.categories().get(Sampling.pick(random, traits.categoryAffinity()));
                salesVisits(category, day, "lost");
            }
        }

        // ---- output

        private void send(Feed feed, Map<String, Object> message, long at) {
            message.put("messageId", "demo-" + id + "-" + (++messages));
            message.put("timestamp", timestamp(at));
            pending.add(new Pending(at, pending.size(), feed, message, null));
        }

        private void row(Feed feed, long at, String... cells) {
            pending.add(new Pending(at, pending.size(), feed, null, List.of(cells)));
        }

        /** Hands the customer's records to the sink in time order, as their systems would have recorded them. */
        private void flush() {
            pending.sort(Comparator.comparingLong(Pending::at).thenComparingInt(Pending::order));
            for (Pending record : pending) {
                if (record.message() != null) {
                    sink.message(record.feed(), record.message());
                } else {
                    sink.row(record.feed(), record.cells());
                }
            }
            pending.clear();
        }
    }

    /** Seconds from the start of the history to {@code hour} o'clock plus {@code seconds} on {@code day}. */
    private static long time(int day, int hour, int seconds) {
        return day * (long) SECONDS_PER_DAY + hour * 3600L + seconds;
    }

    private static long days(int days) {
        return days * (long) SECONDS_PER_DAY;
    }

    /** Whether a time (seconds from the start) is inside the history; what would come later has not happened yet. */
    private boolean happened(long secondsFromStart) {
        return secondsFromStart < settings.days() * (long) SECONDS_PER_DAY;
    }

    /** ISO-8601 in China Standard Time. */
    private String timestamp(long at) {
        int day = (int) (at / SECONDS_PER_DAY);
        int second = (int) (at % SECONDS_PER_DAY);
        StringBuilder text = new StringBuilder(25).append(dayPrefixes[day]);
        two(text, second / 3600).append(':');
        two(text, second / 60 % 60).append(':');
        return two(text, second % 60).append("+08:00").toString();
    }

    private static StringBuilder two(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** A JSON object with its keys in the order given (so files are the same byte for byte in every run). */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    private static double round(double amount) {
        return Math.round(amount * 100) / 100.0;
    }
}
