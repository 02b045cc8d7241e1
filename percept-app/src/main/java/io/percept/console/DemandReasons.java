package io.percept.console;

import java.util.Locale;

/**
 * The reasons the market page gives for a region's or a segment's rank, in English and Chinese,
 * written from its figures (never from a list of known stories).
 */
final class DemandReasons {

    private DemandReasons() {
    }

    /** The figures a region's reason is written from; nulls are left out of the sentence. */
    record RegionFacts(String region, int days, double revenue, Double revenueChange, String driver, Double driverChange, Double forecastChange,
                       Double predictedValue, int customers) {
    }

    static String english(RegionFacts f) {
        StringBuilder text = new StringBuilder(f.region()).append(": revenue ");
        text.append(f.revenueChange() == null ? "new" : percent(f.revenueChange()))
                .append(" vs the previous ").append(f.days()).append(" days (").append(moneyEn(f.revenue())).append(')');
        if (f.driver() != null) {
            text.append(f.driverChange() != null && f.driverChange() < 0 ? ", held back by " : ", driven by ").append(f.driver());
            if (f.driverChange() != null) {
                text.append(" (").append(percent(f.driverChange())).append(')');
            }
        }
        if (f.forecastChange() != null) {
            text.append("; forecast ").append(f.forecastChange() > 0.05 ? "keeps rising" : f.forecastChange() < -0.05 ? "falls" : "holds steady")
                    .append(" (").append(percent(f.forecastChange())).append(" next 7 days)");
        }
        if (f.predictedValue() != null) {
            text.append("; predicted value ").append(moneyEn(f.predictedValue())).append(" from ").append(f.customers()).append(" customers");
        }
        return text.toString();
    }

    static String chinese(RegionFacts f) {
        StringBuilder text = new StringBuilder(f.region()).append("：收入较前").append(f.days()).append("天");
        text.append(f.revenueChange() == null ? "从无到有" : change(f.revenueChange())).append("（").append(moneyZh(f.revenue())).append("）");
        if (f.driver() != null) {
            text.append(f.driverChange() != null && f.driverChange() < 0 ? "，主要拖累来自" : "，主要来自").append(f.driver());
            if (f.driverChange() != null) {
                text.append("（").append(percent(f.driverChange()).replace(" ", "")).append("）");
            }
        }
        if (f.forecastChange() != null) {
            text.append("；预测未来7天").append(f.forecastChange() > 0.05 ? "继续上升" : f.forecastChange() < -0.05 ? "回落" : "基本持平")
                    .append("（").append(percent(f.forecastChange()).replace(" ", "")).append("）");
        }
        if (f.predictedValue() != null) {
            text.append("；").append(f.customers()).append("位客户的预测价值").append(moneyZh(f.predictedValue()));
        }
        return text.append("。").toString();
    }

    /** Why a region's category is a hotspot. */
    static String hotspotEnglish(String region, String category, int days, double change, double everywhere, double extra) {
        return region + " · " + category + ": revenue " + percent(change) + " vs the previous " + days + " days, against " + percent(everywhere)
                + " in all regions: " + moneyEn(extra) + " more than the category's trend";
    }

    static String hotspotChinese(String region, String category, int days, double change, double everywhere, double extra) {
        return region + " · " + category + "：收入较前" + days + "天" + change(change) + "，全国同品类" + change(everywhere) + "，比品类整体趋势多出"
                + moneyZh(extra) + "。";
    }

    /** A segment's reason: its spend, outlook and predicted value. */
    static String english(String name, double revenuePerCustomer, Double churnRisk, double predictedValue, int customers) {
        return name + ": " + customers + " customers spending " + moneyEn(revenuePerCustomer) + " each so far"
                + (churnRisk == null ? "" : "; churn risk " + Math.round(churnRisk * 100) + " %") + "; predicted value " + moneyEn(predictedValue);
    }

    static String chinese(String name, double revenuePerCustomer, Double churnRisk, double predictedValue, int customers) {
        return name + "：" + customers + "位客户，人均累计消费" + moneyZh(revenuePerCustomer)
                + (churnRisk == null ? "" : "；流失风险" + Math.round(churnRisk * 100) + "%") + "；预测价值" + moneyZh(predictedValue) + "。";
    }

    /** {@code +212 %}, {@code −8 %}. */
    static String percent(double change) {
        long rounded = Math.round(change * 100);
        return (rounded > 0 ? "+" : rounded < 0 ? "−" : "±") + Math.abs(rounded) + " %";
    }

    private static String change(double change) {
        long rounded = Math.round(change * 100);
        return rounded > 0 ? "增长" + rounded + "%" : rounded < 0 ? "下降" + (-rounded) + "%" : "持平";
    }

    /** ¥1.2M, ¥35.4K, ¥870. */
    static String moneyEn(double value) {
        double abs = Math.abs(value);
        if (abs >= 1_000_000) {
            return "¥" + String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (abs >= 10_000) {
            return "¥" + String.format(Locale.ROOT, "%.1fK", value / 1_000);
        }
        return "¥" + String.format(Locale.ROOT, "%,.0f", value);
    }

    /** ¥1.2亿, ¥120.5万, ¥870. */
    static String moneyZh(double value) {
        double abs = Math.abs(value);
        if (abs >= 100_000_000) {
            return "¥" + String.format(Locale.ROOT, "%.2f亿", value / 100_000_000);
        }
        if (abs >= 10_000) {
            return "¥" + String.format(Locale.ROOT, "%.1f万", value / 10_000);
        }
        return "¥" + String.format(Locale.ROOT, "%,.0f", value);
    }
}
