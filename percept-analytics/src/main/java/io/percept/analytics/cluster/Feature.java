package io.percept.analytics.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One clustering feature as the caller declares it: its name, its display names in Chinese and
 * English, the words that describe a segment where it is high and where it is low (e.g. monetary
 * high: 高价值 / High value; recency in days low: 近期活跃 / Recently active), whether it is a 0/1
 * indicator, and whether it is compared on a log scale (signed {@code log1p}) because it is
 * skewed like money or counts. The vocabulary is data: {@link #standard(String)} has defaults for
 * the profile's RFM and behaviour attributes, and any feature can carry its own words.
 *
 * @param name     the feature's key (e.g. {@code monetary})
 * @param label    its display names
 * @param high     the words for a segment where it is high; null when high says nothing worth a label
 * @param low      the words for a segment where it is low; null when low says nothing worth a label
 * @param kind     continuous or a 0/1 indicator
 * @param logScale whether standardisation and effect sizes use {@code sign(x) log1p(|x|)}
 */
public record Feature(String name, Words label, Words high, Words low, Kind kind, boolean logScale) {

    /** A continuous measurement, or a 0/1 indicator (has the app, bought on promotion, ...). */
    public enum Kind {
        CONTINUOUS, INDICATOR
    }

    /**
     * A phrase in Chinese and in English.
     *
     * @param zh the Chinese words (e.g. 高价值)
     * @param en the English words, capitalised as at the start of a label (e.g. High value)
     */
    public record Words(String zh, String en) {

        public Words {
            if (zh == null || zh.isBlank() || en == null || en.isBlank()) {
                throw new IllegalArgumentException("words need both a Chinese and an English text");
            }
        }
    }

    public Feature {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a feature needs a name");
        }
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.INDICATOR && logScale) {
            throw new IllegalArgumentException("indicator feature " + name + " cannot be on a log scale");
        }
    }

    /** A continuous feature with the given words. */
    public static Feature continuous(String name, Words label, Words high, Words low) {
        return new Feature(name, label, high, low, Kind.CONTINUOUS, false);
    }

    /** A 0/1 indicator feature with the given words. */
    public static Feature indicator(String name, Words label, Words high, Words low) {
        return new Feature(name, label, high, low, Kind.INDICATOR, false);
    }

    /** This feature on a signed log1p scale (for money and counts). */
    public Feature logScaled() {
        return new Feature(name, label, high, low, kind, true);
    }

    /** This feature without log scale. */
    public Feature linearScaled() {
        return new Feature(name, label, high, low, kind, false);
    }

    /** The value as the algorithms see it: {@code sign(x) log1p(|x|)} on a log scale, else {@code x}. */
    public double transform(double value) {
        return logScale ? Math.copySign(Math.log1p(Math.abs(value)), value) : value;
    }

    /**
     * The feature with Percept's default words when {@code name} is a known profile attribute
     * (case and separators ignored: {@code recency_days} = {@code recencyDays}), else a plain
     * continuous feature whose words are "高 name" / "High name" and "低 name" / "Low name".
     */
    public static Feature standard(String name) {
        Feature known = DEFAULTS.get(key(name));
        if (known != null) {
            return new Feature(name, known.label, known.high, known.low, known.kind, known.logScale);
        }
        return new Feature(name, new Words(name, name), new Words("高" + name, "High " + name), new Words("低" + name, "Low " + name),
                Kind.CONTINUOUS, false);
    }

    /** {@link #standard(String)} for each name, in order. */
    public static List<Feature> standard(String... names) {
        List<Feature> features = new ArrayList<>();
        for (String name : names) {
            features.add(standard(name));
        }
        return List.copyOf(features);
    }

    /** The names of the features that have default words, as {@link #standard(String)} knows them. */
    public static List<String> knownNames() {
        return DEFAULTS.values().stream().map(Feature::name).sorted().toList();
    }

    private static String key(String name) {
        return name.replace("_", "").replace("-", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static Feature known(String name, String zh, String en, String highZh, String highEn, String lowZh, String lowEn, boolean log) {
        return new Feature(name, new Words(zh, en), highZh == null ? null : new Words(highZh, highEn),
                lowZh == null ? null : new Words(lowZh, lowEn), Kind.CONTINUOUS, log);
    }

    private static Feature flag(String name, String zh, String en, String highZh, String highEn, String lowZh, String lowEn) {
        return new Feature(name, new Words(zh, en), highZh == null ? null : new Words(highZh, highEn),
                lowZh == null ? null : new Words(lowZh, lowEn), Kind.INDICATOR, false);
    }

    private static final Map<String, Feature> DEFAULTS;

    static {
        List<Feature> all = List.of(
                known("recencyDays", "最近购买间隔(天)", "Days since last order", "久未购买", "Lapsed", "近期活跃", "Recently active", false),
                known("recency", "最近购买间隔(天)", "Days since last order", "久未购买", "Lapsed", "近期活跃", "Recently active", false),
                known("frequency", "购买频次", "Order frequency", "高频", "Frequent", "低频", "Infrequent", true),
                known("orders", "订单数", "Orders", "高频", "Frequent", "低频", "Infrequent", true),
                known("monetary", "消费金额", "Spend", "高价值", "High value", "低价值", "Low value", true),
                known("revenue", "消费金额", "Revenue", "高价值", "High value", "低价值", "Low value", true),
                known("netRevenue", "净消费金额", "Net revenue", "高价值", "High value", "低价值", "Low value", true),
                known("averageOrderValue", "客单价", "Average order value", "高客单价", "Big baskets", "低客单价", "Small baskets", true),
                known("tenureDays", "客龄(天)", "Tenure in days", "老客户", "Long-standing", "新客户", "New", false),
                known("events", "互动次数", "Interactions", "高互动", "Highly engaged", "低互动", "Little engaged", true),
                known("sessions", "访问次数", "Visits", "常访问", "Frequent visitors", "少访问", "Rare visitors", true),
                known("pageViews", "浏览量", "Page views", "爱浏览", "Heavy browsers", "少浏览", "Light browsers", true),
                known("refunds", "退款次数", "Refunds", "高退款", "Refund-prone", null, null, true),
                known("refundRate", "退款率", "Refund rate", "高退款", "Refund-prone", null, null, false),
                known("discountShare", "折扣订单占比", "Share of discounted orders", "折扣敏感", "Deal seekers", "原价购买", "Full-price buyers", false),
                known("tickets", "工单数", "Service tickets", "多工单", "Needs support", null, null, true),
                known("complaints", "投诉次数", "Complaints", "多投诉", "Complaining", null, null, true),
                known("sentiment", "情感得分", "Sentiment", "好评", "Positive voice", "差评", "Negative voice", false),
                known("nps", "净推荐值", "NPS", "推荐者", "Promoters", "贬损者", "Detractors", false),
                known("categories", "购买品类数", "Categories bought", "多品类", "Broad buyers", "单一品类", "Narrow buyers", false),
                flag("appUser", "使用 App", "Uses the app", "App 用户", "App users", null, null),
                flag("marketingConsent", "营销许可", "Marketing consent", "可营销", "Reachable", "拒绝营销", "Opted out"),
                flag("member", "会员", "Member", "会员", "Members", "非会员", "Non-members"));
        Map<String, Feature> defaults = new LinkedHashMap<>();
        for (Feature feature : all) {
            defaults.put(key(feature.name()), feature);
        }
        DEFAULTS = Map.copyOf(defaults);
    }
}
