package io.percept.console;

import io.percept.console.ChangeFinder.Change;
import java.time.LocalDate;
import java.util.Locale;

/**
 * A found change in English and Chinese: a headline and its figures in words — what rose or fell,
 * where, from when to when, against what, compared with where, and what it belongs to. Written from
 * the figures, never from a list of known stories.
 */
final class ChangeWords {

    /**
     * What a change's words are written from.
     *
     * @param categories the region's categories (for "7 of 10 categories"), 0 when not regional
     * @param regions    how many regions there are
     * @param product    the product's name, or null
     * @param topicName  the complaint topic's name, or null
     * @param evidence   a shift's rising complaint topic's name, or null
     * @param festival   the festival the change's weeks cover, or null
     * @param initiative the name of the initiative it belongs to, or null
     */
    record Facts(Change change, LocalDate from, LocalDate to, int regions, int categories, String product, String topicName, String evidence,
                 String festival,
                 String initiative) {
    }

    private ChangeWords() {
    }

    static String englishHeadline(Facts f) {
        Change c = f.change();
        return switch (c.kind()) {
            case NATIONAL_DEMAND -> "Orders peaked nationwide" + (f.festival() == null ? "" : " around " + f.festival());
            case REGIONAL_DEMAND -> c.regions().get(0) + " bought more across categories";
            case LOCAL_DEMAND -> c.category() + " demand surged in " + where(c, false);
            case NEW_PRODUCT -> "New product " + named(f) + (c.regions().isEmpty() ? "" : " in " + String.join(", ", c.regions()));
            case SHARE_SHIFT -> c.category() + (c.ratio() < 1 ? " lost" : " gained") + " share of orders and kept it" + (c.ratio() < 1 ? " down" : " up");
            case COMPLAINTS -> f.topicName() + " complaints rose" + (c.regions().isEmpty() ? " everywhere" : " in " + String.join(", ", c.regions()));
        };
    }

    static String chineseHeadline(Facts f) {
        Change c = f.change();
        return switch (c.kind()) {
            case NATIONAL_DEMAND -> (f.festival() == null ? "" : f.festival() + "期间") + "全国订单高峰";
            case REGIONAL_DEMAND -> c.regions().get(0) + "多品类需求齐涨";
            case LOCAL_DEMAND -> where(c, true) + c.category() + "需求激增";
            case NEW_PRODUCT -> "新品" + namedZh(f) + (c.regions().isEmpty() ? "上市" : "在" + String.join("、", c.regions()) + "上市");
            case SHARE_SHIFT -> c.category() + "订单占比持续" + (c.ratio() < 1 ? "下降" : "上升");
            case COMPLAINTS -> (c.regions().isEmpty() ? "各地区" : String.join("、", c.regions())) + f.topicName() + "投诉激增";
        };
    }

    static String english(Facts f) {
        Change c = f.change();
        String when = f.from() + " – " + f.to();
        String weeks = weeks(c, false);
        StringBuilder text = new StringBuilder();
        switch (c.kind()) {
            case NATIONAL_DEMAND -> text.append(when).append(" (").append(weeks).append("): ").append(count(c.observed())).append(" orders, ")
                    .append(times(c.ratio())).append(" the ").append(count(c.expected())).append(" the weeks before let expect, in every region")
                    .append(f.festival() == null ? "." : " — " + f.festival() + ".");
            case REGIONAL_DEMAND -> text.append(c.regions().get(0)).append(", ").append(when).append(" (").append(weeks).append("): ")
                    .append(count(c.observed())).append(" orders, ").append(times(c.ratio())).append(" usual; ").append(c.breadth()).append(" of ")
                    .append(f.categories()).append(" categories rose 1.2× or more").append(elsewhere(c, " while the other regions were at ", false))
                    .append(" — a regional cause, such as a promotion.");
            case LOCAL_DEMAND -> text.append(c.category()).append(" in ").append(where(c, false)).append(", ").append(when).append(" (")
                    .append(weeks).append("): ").append(count(c.observed())).append(" orders, ").append(times(c.ratio())).append(" usual")
                    .append(elsewhere(c, "; in the other regions ", false)).append(c.regions().isEmpty() ? "." : " — local demand, not a national trend.");
            case NEW_PRODUCT -> {
                text.append("First sold on ").append(f.from()).append(c.regions().isEmpty() ? " in every region" : " in " + String.join(", ", c.regions())
                        + " only (" + c.regions().size() + " of " + f.regions() + " regions)").append(": ").append(count(c.observed()))
                        .append(" orders since.");
                if (c.ratio() > 0) {
                    text.append(" ").append(c.category()).append(" orders there in its first 8 weeks: ").append(times(c.ratio()))
                            .append(" the 8 weeks before").append(elsewhere(c, "; elsewhere ", false)).append('.');
                }
            }
            case SHARE_SHIFT -> {
                text.append(c.category()).append("'s share of orders ").append(c.ratio() < 1 ? "fell" : "rose").append(" from ")
                        .append(percent(c.expected())).append(" to ").append(percent(c.observed())).append(" from the week of ").append(f.from())
                        .append(" on, and stayed there; the same way in ").append(c.breadth()).append(" of ").append(f.regions()).append(" regions.");
                if (f.evidence() != null) {
                    text.append(" Texts about ").append(c.category()).append(": ").append(f.evidence()).append(" complaints ")
                            .append(percent(c.evidenceBefore())).append(" of them before, ").append(percent(c.evidenceAfter())).append(" since.");
                }
            }
            case COMPLAINTS -> text.append(when).append(" (").append(weeks).append("): ").append(count(c.observed())).append(" negative mentions of ")
                    .append(f.topicName()).append(c.regions().isEmpty() ? "" : " in " + String.join(", ", c.regions())).append(", ")
                    .append(times(c.ratio())).append(" the usual ").append(count(c.expected()))
                    .append(elsewhere(c, "; in the other regions ", false)).append(", faster than texts as a whole.");
        }
        if (f.initiative() != null) {
            text.append(" Tracked as the initiative “").append(f.initiative()).append("”.");
        }
        return text.toString();
    }

    static String chinese(Facts f) {
        Change c = f.change();
        String when = f.from() + "至" + f.to();
        String weeks = weeks(c, true);
        StringBuilder text = new StringBuilder();
        switch (c.kind()) {
            case NATIONAL_DEMAND -> text.append(when).append("（").append(weeks).append("）：订单").append(count(c.observed())).append("单，是此前几周水平（约")
                    .append(count(c.expected())).append("单）的").append(timesZh(c.ratio())).append("，各地区普遍上涨")
                    .append(f.festival() == null ? "。" : "，正值" + f.festival() + "。");
            case REGIONAL_DEMAND -> text.append(c.regions().get(0)).append("，").append(when).append("（").append(weeks).append("）：订单")
                    .append(count(c.observed())).append("单，为平时的").append(timesZh(c.ratio())).append("；").append(f.categories()).append("个品类中")
                    .append(c.breadth()).append("个上涨1.2倍以上").append(elsewhere(c, "，其他地区同期为", true)).append("——属地区性因素，例如促销。");
            case LOCAL_DEMAND -> text.append(where(c, true)).append("的").append(c.category()).append("，").append(when).append("（")
                    .append(weeks).append("）：订单").append(count(c.observed())).append("单，为平时的").append(timesZh(c.ratio()))
                    .append(elsewhere(c, "；其他地区同期为", true)).append(c.regions().isEmpty() ? "。" : "——是局部需求，并非全国趋势。");
            case NEW_PRODUCT -> {
                text.append(f.from()).append("首次售出，").append(c.regions().isEmpty() ? "各地区均有销售"
                        : "仅在" + String.join("、", c.regions()) + "销售（" + f.regions() + "个地区中的" + c.regions().size() + "个）").append("，至今")
                        .append(count(c.observed())).append("单。");
                if (c.ratio() > 0) {
                    text.append("上市后8周这些地区的").append(c.category()).append("订单为之前8周的").append(timesZh(c.ratio()))
                            .append(elsewhere(c, "，其他地区为", true)).append("。");
                }
            }
            case SHARE_SHIFT -> {
                text.append(c.category()).append("的订单占比自").append(f.from()).append("那一周起从").append(percentZh(c.expected())).append(c.ratio() < 1 ? "降至" : "升至")
                        .append(percentZh(c.observed())).append("，此后一直维持；").append(f.regions()).append("个地区中有").append(c.breadth()).append("个同向变化。");
                if (f.evidence() != null) {
                    text.append("有关").append(c.category()).append("的文本中，").append(f.evidence()).append("投诉占比由").append(percentZh(c.evidenceBefore()))
                            .append("升至").append(percentZh(c.evidenceAfter())).append("。");
                }
            }
            case COMPLAINTS -> text.append(when).append("（").append(weeks).append("）：").append(c.regions().isEmpty() ? "" : String.join("、", c.regions()))
                    .append("有").append(count(c.observed())).append("条负面提及“").append(f.topicName()).append("”，为平时（约").append(count(c.expected()))
                    .append("条）的").append(timesZh(c.ratio())).append(elsewhere(c, "；其他地区同期为", true)).append("，涨幅超过文本总量。");
        }
        if (f.initiative() != null) {
            text.append("已作为举措“").append(f.initiative()).append("”跟踪。");
        }
        return text.toString();
    }

    /** A product as {@code 青禾 扫拖一体机器人 X1 (QH-RV-02, 扫地机器人)}: its name when orders named it, its code and category. */
    private static String named(Facts f) {
        String code = f.change().sku() + ", " + f.change().category();
        return f.product() == null || f.product().equals(f.change().sku()) ? f.change().sku() + " (" + f.change().category() + ")"
                : f.product() + " (" + code + ")";
    }

    private static String namedZh(Facts f) {
        return f.product() == null || f.product().equals(f.change().sku()) ? f.change().sku() + "（" + f.change().category() + "）"
                : f.product() + "（" + f.change().sku() + "，" + f.change().category() + "）";
    }

    /** The change's regions, or every region when it names none. */
    private static String where(Change c, boolean zh) {
        if (c.regions().isEmpty()) {
            return zh ? "各地区" : "every region";
        }
        return String.join(zh ? "、" : ", ", c.regions());
    }

    private static String weeks(Change c, boolean zh) {
        int weeks = c.to() - c.from() + 1;
        return zh ? weeks + "周" : weeks + (weeks == 1 ? " week" : " weeks");
    }

    /** The other regions' ratio after {@code before}, or nothing when there is none. */
    private static String elsewhere(Change c, String before, boolean zh) {
        return c.elsewhere() == null ? "" : before + (zh ? timesZh(c.elsewhere()) : times(c.elsewhere()));
    }

    /** {@code 2.4倍}. */
    static String timesZh(double ratio) {
        return String.format(Locale.ROOT, "%.1f倍", ratio);
    }

    /** {@code 2.4×}. */
    static String times(double ratio) {
        return String.format(Locale.ROOT, "%.1f×", ratio);
    }

    /** {@code 1,234}. */
    private static String count(double value) {
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    /** {@code 9.1%} of a percentage, as Chinese writes it. */
    private static String percentZh(Double value) {
        return percent(value).replace(" ", "");
    }

    /** {@code 9.1 %} of a percentage. */
    private static String percent(Double value) {
        return value == null ? "?" : String.format(Locale.ROOT, "%.1f %%", value);
    }
}
