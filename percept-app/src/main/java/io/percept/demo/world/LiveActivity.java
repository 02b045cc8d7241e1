package io.percept.demo.world;

import io.percept.eventlog.Channel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the world's customers do after its history, as it happens: live Segment messages for the
 * demo's rules to act on. Customers who ordered on the website or app (so Percept knows them by
 * member id) browse and add to carts, some of which they order; the biggest spenders among them
 * write negative reviews and file complaints; owners of connected products have devices that report
 * error codes. Texts come from the world's own voices; the review and service platforms label
 * their sentiment. Not thread-safe.
 */
public final class LiveActivity {

    /** How many customers (the first ones) it draws from. */
    static final int SAMPLED = 3000;
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** What kinds of message it sends, in shares of all messages. */
    public enum Kind {
        PRODUCT_VIEWED(0.37), CART_ADDED(0.30), ORDER_COMPLETED(0.12), NEGATIVE_REVIEW(0.07), COMPLAINT(0.07), DEVICE_ERROR(0.07);

        private final double share;

        Kind(double share) {
            this.share = share;
        }
    }

    /** A message and the feed (source) it comes through. */
    public record Message(Feed feed, Kind kind, Map<String, Object> message) {
    }

    private record Customer(CustomerTraits traits, People.Person person, double spent, Purchases.Purchase connected, String device) {
    }

    private final World world;
    private final List<Customer> buyers = new ArrayList<>();
    private final List<Customer> valuable;
    private final List<Customer> owners = new ArrayList<>();
    private final Deque<Map<String, Object>> carts = new ArrayDeque<>();
    private final SplittableRandom random;
    private final Map<Kind, Long> sent = new EnumMap<>(Kind.class);
    private long messages;

    /** The live activity of {@code world}'s customers, drawn with {@code seed}. */
    public LiveActivity(World world, long seed) {
        this.world = world;
        this.random = new SplittableRandom(seed);
        World.Settings settings = world.settings();
        for (int number = 1; number <= Math.min(SAMPLED, settings.customers()); number++) {
            CustomerTraits traits = Population.customer(settings.seed(), number, settings.days());
            List<Purchases.Purchase> purchases = Purchases.of(traits, settings.seed(), settings.start(), settings.days(), world.stories());
            boolean known = purchases.stream().anyMatch(purchase -> purchase.channel() == Channel.WEB || purchase.channel() == Channel.APP);
            if (!known) {
                continue;
            }
            double spent = purchases.stream().mapToDouble(Purchases.Purchase::amount).sum();
            Purchases.Purchase connected = null;
            String device = null;
            for (int i = 0; i < purchases.size() && connected == null; i++) {
                if (purchases.get(i).product().category().connected()) {
                    connected = purchases.get(i);
                    device = "QHD" + number + "-" + (i + 1);
                }
            }
            Customer customer = new Customer(traits, People.of(traits, settings.seed()), spent, connected, device);
            buyers.add(customer);
            if (connected != null) {
                owners.add(customer);
            }
        }
        if (buyers.isEmpty()) {
            throw new IllegalArgumentException("the world's first " + SAMPLED + " customers never ordered on the website or app");
        }
        List<Customer> bySpend = new ArrayList<>(buyers);
        bySpend.sort(Comparator.comparingDouble(Customer::spent).reversed());
        this.valuable = List.copyOf(bySpend.subList(0, Math.max(1, bySpend.size() / 10)));
    }

    /** The next message, happening at {@code now}. */
    public Message next(Instant now) {
        double draw = random.nextDouble();
        Kind kind = Kind.DEVICE_ERROR;
        for (Kind candidate : Kind.values()) {
            draw -= candidate.share;
            if (draw < 0) {
                kind = candidate;
                break;
            }
        }
        if (kind == Kind.ORDER_COMPLETED && carts.isEmpty() || kind == Kind.DEVICE_ERROR && owners.isEmpty()) {
            kind = Kind.PRODUCT_VIEWED;
        }
        Message message = switch (kind) {
            case PRODUCT_VIEWED -> visit(kind, "Product Viewed");
            case CART_ADDED -> visit(kind, "Product Added");
            case ORDER_COMPLETED -> order();
            case NEGATIVE_REVIEW -> review();
            case COMPLAINT -> complaint();
            case DEVICE_ERROR -> deviceError();
        };
        message.message().put("messageId", "live-" + world.settings().seed() + "-" + Long.toHexString(random.nextLong()) + "-" + (++messages));
        message.message().put("timestamp", TIMESTAMP.format(now.truncatedTo(ChronoUnit.MILLIS).atOffset(CHINA)));
        sent.merge(message.kind(), 1L, Long::sum);
        return message;
    }

    /** Messages sent so far, by kind. */
    public Map<Kind, Long> sent() {
        return Map.copyOf(sent);
    }

    private Message visit(Kind kind, String event) {
        Customer customer = pick(buyers);
        boolean app = customer.traits().preferredChannel() == Channel.APP || random.nextDouble() < 0.3;
        Catalogue.Product product = product(customer);
        Map<String, Object> message = track(event, World.object("product_id", product.sku(), "name", product.name(), "category",
                product.category().name(), "price", product.price(), "quantity", 1));
        identify(message, customer);
        message.put("context", World.object("locale", customer.traits().english() ? "en-US" : "zh-CN", "location",
                World.object("country", "CN", "region", customer.traits().region().label(), "city", customer.traits().city())));
        if (kind == Kind.CART_ADDED && random.nextDouble() < 0.4) {
            carts.addLast(message);
            while (carts.size() > 200) {
                carts.removeFirst();
            }
        }
        return new Message(app ? Feed.APP : Feed.WEB, kind, message);
    }

    /** One of the recent carts ordered (the rest are abandoned). */
    private Message order() {
        Map<String, Object> cart = carts.removeFirst();
        @SuppressWarnings("unchecked")
        Map<String, Object> line = (Map<String, Object>) cart.get("properties");
        Map<String, Object> message = track("Order Completed", World.object("order_id", "QL" + Long.toHexString(random.nextLong() >>> 16),
                "revenue", line.get("price"), "currency", "CNY", "products", List.of(line)));
        message.put("userId", cart.get("userId"));
        message.put("anonymousId", cart.get("anonymousId"));
        return new Message(Feed.WEB, Kind.ORDER_COMPLETED, message);
    }

    private Message review() {
        Customer customer = pick(valuable);
        Map<Reviews.Aspect, Integer> experience = badExperience();
        Reviews.Review review = Reviews.write(experience, customer.traits().english(), random);
        int stars = Math.min(review.stars(), 2);
        Catalogue.Product product = product(customer);
        Map<String, Object> message = track("Review Submitted", World.object("review_id", "RL" + Long.toHexString(random.nextLong() >>> 16),
                "product_id", product.sku(), "rating", stars, "sentiment", stars == 1 ? "very_negative" : "negative", "text", review.text()));
        message.put("userId", customer.person().memberId());
        return new Message(Feed.REVIEWS, Kind.NEGATIVE_REVIEW, message);
    }

    private Message complaint() {
        Customer customer = pick(valuable);
        Reviews.Aspect aspect = badExperience().keySet().iterator().next();
        Catalogue.Product product = product(customer);
        Map<String, Object> message = track("Complaint Filed", World.object("ticket_id", "TL" + Long.toHexString(random.nextLong() >>> 16),
                "category", aspect.name().toLowerCase(Locale.ROOT), "product_id", product.sku(),
                "subject", Voices.ticketSubject(aspect, customer.traits().english(), random),
                "text", Voices.ticket(aspect, product, customer.traits().english(), random),
                "sentiment", random.nextDouble() < 0.4 ? "very_negative" : "negative"));
        message.put("userId", customer.person().memberId());
        return new Message(Feed.TICKETS, Kind.COMPLAINT, message);
    }

    private Message deviceError() {
        Customer owner = pick(owners);
        Catalogue.Product product = owner.connected().product();
        List<String> codes = Voices.errorCodes(product.category());
        String code = codes.isEmpty() ? "E00" : codes.get(random.nextInt(codes.size()));
        Map<String, Object> message = track("Device Error", World.object("device_id", owner.device(), "model", product.sku(), "error_code", code,
                "severity", 2 + random.nextInt(4), "message", Voices.fault(code, product, owner.traits().english(), random)));
        message.put("userId", owner.person().memberId());
        message.put("anonymousId", "device:" + owner.device());
        message.put("context", World.object("device", World.object("id", owner.device(), "model", product.sku())));
        return new Message(Feed.IOT, Kind.DEVICE_ERROR, message);
    }

    /** One to two aspects that went wrong. */
    private Map<Reviews.Aspect, Integer> badExperience() {
        Reviews.Aspect[] aspects = Reviews.Aspect.values();
        Map<Reviews.Aspect, Integer> experience = new LinkedHashMap<>();
        experience.put(aspects[random.nextInt(aspects.length)], -1);
        if (random.nextBoolean()) {
            experience.put(aspects[random.nextInt(aspects.length)], -1);
        }
        return experience;
    }

    private void identify(Map<String, Object> message, Customer customer) {
        message.put("userId", customer.person().memberId());
        message.put("anonymousId", People.anonymousId(customer.traits(), 0, world.settings().seed()));
    }

    private Catalogue.Product product(Customer customer) {
        List<Catalogue.Product> products = Catalogue.products();
        Catalogue.Category category = Catalogue.categories().get(Sampling.pick(random, customer.traits().categoryAffinity()));
        List<Catalogue.Product> inCategory = products.stream().filter(product -> product.category().equals(category)).toList();
        return inCategory.isEmpty() ? products.get(random.nextInt(products.size())) : inCategory.get(random.nextInt(inCategory.size()));
    }

    private Customer pick(List<Customer> customers) {
        return customers.get(random.nextInt(customers.size()));
    }

    private static Map<String, Object> track(String event, Map<String, Object> properties) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "track");
        message.put("event", event);
        message.put("properties", properties);
        return message;
    }
}
