package io.percept.demo;

import io.percept.eventlog.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a small, seeded omnichannel history: customers who browse anonymously, log in,
 * order, review (mostly in Chinese), open service tickets and answer surveys, spread over the last
 * days. Messages are Segment-spec JSON objects (as maps of JSON values) grouped by channel, so
 * they enter Percept through the same path as any client's. Deterministic for a seed, size and end.
 */
final class DemoHistory {

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "杰", "涛", "明", "霞"};
    private static final String[][] CITIES = {{"上海", "华东"}, {"杭州", "华东"}, {"南京", "华东"}, {"北京", "华北"},
            {"天津", "华北"}, {"广州", "华南"}, {"深圳", "华南"}, {"武汉", "华中"}, {"长沙", "华中"}, {"成都", "西南"},
            {"重庆", "西南"}, {"西安", "西北"}, {"沈阳", "东北"}};
    private static final String[][] PRODUCTS = {{"P-100", "手机", "2999"}, {"P-101", "手机", "4599"}, {"P-200", "耳机", "399"},
            {"P-300", "扫地机器人", "1899"}, {"P-400", "空气净化器", "1299"}, {"P-500", "电饭煲", "499"}, {"P-600", "智能手表", "1599"}};
    private static final String[] PRAISE_ZH = {"质量很好，物流也快，非常满意", "性价比高，包装完好", "客服态度很好，推荐购买", "用了一周，续航不错"};
    private static final String[] COMPLAINT_ZH = {"物流太慢了，等了一个星期", "质量一般，用了几天就坏了", "客服态度差，问题一直没解决",
            "和描述不符，颜色不一样", "包装破损，很失望"};
    private static final String[] PRAISE_EN = {"Great quality and fast delivery", "Works well, good value for money"};
    private static final String[] COMPLAINT_EN = {"Delivery took far too long", "Stopped working after a week"};

    private final SplittableRandom random;
    private final int customers;
    private final int days;
    private final Instant end;
    private final long seed;
    private long nextMessage;

    DemoHistory(DemoSettings settings, Instant end) {
        this.random = new SplittableRandom(settings.seed());
        this.customers = settings.customers();
        this.days = settings.days();
        this.end = end;
        this.seed = settings.seed();
    }

    /** All messages, per channel, each list in time order per customer. */
    Map<Channel, List<Map<String, Object>>> generate() {
        Map<Channel, List<Map<String, Object>>> byChannel = new EnumMap<>(Channel.class);
        for (int i = 1; i <= customers; i++) {
            customer(i, byChannel);
        }
        return byChannel;
    }

    private void customer(int number, Map<Channel, List<Map<String, Object>>> out) {
        String userId = "c" + number;
        String anonymousId = "anon-" + seed + "-" + number;
        String[] city = CITIES[random.nextInt(CITIES.length)];
        double loyalty = random.nextDouble();
        Instant time = end.minus(Duration.ofMinutes(random.nextLong(days * 24L * 60L)));
        boolean identified = random.nextDouble() < 0.8;
        Channel home = random.nextDouble() < 0.6 ? Channel.WEB : Channel.APP;
        Map<String, Object> page = message("page", null, anonymousId, time);
        page.put("name", "首页");
        page.put("properties", map("path", "/", "referrer", random.nextBoolean() ? "https://www.baidu.com/" : ""));
        emit(out, home, page);
        if (identified) {
            time = time.plusSeconds(30 + random.nextInt(600));
            Map<String, Object> identify = message("identify", userId, anonymousId, time);
            identify.put("traits", map("name", SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)],
                    "city", city[0], "region", city[1], "email", userId + "@example.com"));
            emit(out, home, identify);
        }
        int visits = 1 + random.nextInt(2 + (int) (loyalty * 6));
        for (int visit = 0; visit < visits && time.isBefore(end); visit++) {
            String[] product = PRODUCTS[random.nextInt(PRODUCTS.length)];
            Map<String, Object> viewed = message("track", identified ? userId : null, anonymousId, time);
            viewed.put("event", "Product Viewed");
            viewed.put("properties", map("product_id", product[0], "category", product[1], "price", Double.parseDouble(product[2])));
            emit(out, home, viewed);
            if (identified && random.nextDouble() < 0.25 + 0.5 * loyalty) {
                order(userId, anonymousId, product, time.plusSeconds(60 + random.nextInt(1800)), city, out);
            }
            time = time.plus(Duration.ofHours(12 + random.nextInt(24 * 20)));
        }
    }

    private void order(String userId, String anonymousId, String[] product, Instant time, String[] city,
            Map<Channel, List<Map<String, Object>>> out) {
        boolean inStore = random.nextDouble() < 0.2;
        long quantity = 1 + (random.nextDouble() < 0.15 ? 1 : 0);
        double price = Double.parseDouble(product[2]);
        Map<String, Object> order = message("track", userId, inStore ? null : anonymousId, time);
        order.put("event", "Order Completed");
        order.put("properties", map("order_id", "o-" + seed + "-" + nextMessage, "revenue", price * quantity, "currency", "CNY",
                "region", city[1], "city", city[0],
                "products", new ArrayList<>(List.of(map("product_id", product[0], "category", product[1], "price", price, "quantity", quantity)))));
        emit(out, inStore ? Channel.STORE : Channel.ECOMMERCE, order);
        boolean unhappy = random.nextDouble() < 0.2;
        if (random.nextDouble() < 0.35) {
            boolean english = random.nextDouble() < 0.15;
            String[] texts = unhappy ? (english ? COMPLAINT_EN : COMPLAINT_ZH) : (english ? PRAISE_EN : PRAISE_ZH);
            Map<String, Object> review = message("track", userId, null, time.plus(Duration.ofDays(3 + random.nextInt(10))));
            review.put("event", "Review Submitted");
            review.put("properties", map("product_id", product[0], "rating", unhappy ? 1L + random.nextInt(2) : 4L + random.nextInt(2),
                    "text", texts[random.nextInt(texts.length)], "language", english ? "en" : "zh"));
            emit(out, Channel.ECOMMERCE, review);
        }
        if (unhappy && random.nextDouble() < 0.4) {
            Map<String, Object> ticket = message("track", userId, null, time.plus(Duration.ofDays(2 + random.nextInt(10))));
            ticket.put("event", "Ticket Opened");
            ticket.put("properties", map("ticket_id", "t-" + seed + "-" + nextMessage, "category", "complaint",
                    "text", COMPLAINT_ZH[random.nextInt(COMPLAINT_ZH.length)], "product_id", product[0]));
            emit(out, Channel.SERVICE, ticket);
        }
        if (random.nextDouble() < 0.15) {
            Map<String, Object> survey = message("track", userId, null, time.plus(Duration.ofDays(14)));
            survey.put("event", "Survey Answered");
            survey.put("properties", map("survey", "nps", "score", unhappy ? (long) random.nextInt(7) : 7L + random.nextInt(4)));
            emit(out, Channel.SURVEY, survey);
        }
    }

    private Map<String, Object> message(String type, String userId, String anonymousId, Instant time) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("messageId", "demo-" + seed + "-" + customers + "-" + nextMessage++);
        if (userId != null) {
            message.put("userId", userId);
        }
        if (anonymousId != null) {
            message.put("anonymousId", anonymousId);
        }
        message.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(time.isAfter(end) ? end : time));
        return message;
    }

    private static void emit(Map<Channel, List<Map<String, Object>>> out, Channel channel, Map<String, Object> message) {
        out.computeIfAbsent(channel, c -> new ArrayList<>()).add(message);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
