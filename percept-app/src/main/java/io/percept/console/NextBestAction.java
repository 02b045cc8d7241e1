package io.percept.console;

import java.util.Locale;

/**
 * The next best action for one customer: a fixed ranking of rules over the profile's facts and
 * model scores, the first that holds wins (docs/console.md):
 * <ol>
 * <li>{@code service-recovery}: an open complaint and churn risk at least {@value #HIGH_CHURN};</li>
 * <li>{@code resolve-complaint}: an open complaint;</li>
 * <li>{@code win-back}: lapsing (no order for {@value #LAPSED_DAYS} days, or churn risk at least {@value #HIGH_CHURN}) and valuable
 * (CLV or net revenue at least {@value #HIGH_VALUE});</li>
 * <li>{@code offer}: a category propensity at least {@value #HIGH_PROPENSITY}, with the recommended product if there is one;</li>
 * <li>{@code retention-check}: churn risk at least {@value #HIGH_CHURN};</li>
 * <li>{@code thank-you}: a buyer with nothing notable;</li>
 * <li>{@code none}: no orders, no complaint, no scores worth acting on.</li>
 * </ol>
 * Win-back and offer are marketing: for a customer without marketing consent they are passed over.
 * Scores are left out (null) for a customer without profiling consent ({@code docs/identity.md}, Consent).
 * Pure and deterministic: the same facts give the same action and reason.
 */
public final class NextBestAction {

    /** Churn risk from which a customer counts as at risk. */
    public static final double HIGH_CHURN = 0.6;
    /** Propensity from which a category is worth offering. */
    public static final double HIGH_PROPENSITY = 0.5;
    /** CLV or net revenue (yuan) from which a customer counts as valuable. */
    public static final double HIGH_VALUE = 3000;
    /** Days without an order after which a buyer counts as lapsing. */
    public static final long LAPSED_DAYS = 90;

    /**
     * What the ranking reads; scores are null before the first prediction run.
     *
     * @param daysSinceLastOrder null when the customer never ordered
     * @param bestTarget         the category with the highest propensity, null if none
     * @param recommended        the recommended product's name or id, null if none
     * @param marketingAllowed   whether the customer's marketing consent allows an offer
     */
    public record Facts(int openComplaints, int orders, double netRevenue, Long daysSinceLastOrder, Double churnRisk, Double clv,
                        String bestTarget, Double bestPropensity, String recommended, boolean marketingAllowed) {

        /** Facts of a customer whose consent allows marketing. */
        public Facts(int openComplaints, int orders, double netRevenue, Long daysSinceLastOrder, Double churnRisk, Double clv,
                String bestTarget, Double bestPropensity, String recommended) {
            this(openComplaints, orders, netRevenue, daysSinceLastOrder, churnRisk, clv, bestTarget, bestPropensity, recommended, true);
        }
    }

    /** The action: a stable {@code kind}, the product or category to offer (null if none) and the reason in words. */
    public record Action(String kind, String offer, String reason) {
    }

    private NextBestAction() {
    }

    /** The action for {@code facts}, its reason in {@code language} ({@code zh} or {@code en}). */
    public static Action decide(Facts facts, String language) {
        boolean zh = "zh".equals(language);
        boolean atRisk = facts.churnRisk() != null && facts.churnRisk() >= HIGH_CHURN;
        String risk = facts.churnRisk() == null ? (zh ? "未知" : "unknown") : percent(facts.churnRisk());
        if (facts.openComplaints() > 0 && atRisk) {
            return new Action("service-recovery", null, zh
                    ? "有 " + facts.openComplaints() + " 条未结投诉，且流失风险高（" + risk + "）：先打服务挽回电话，解决问题后再谈销售。"
                    : facts.openComplaints() + " open complaint(s) and a high churn risk (" + risk + "): make a service recovery call first, sell only once it is fixed.");
        }
        if (facts.openComplaints() > 0) {
            return new Action("resolve-complaint", null, zh
                    ? "有 " + facts.openComplaints() + " 条未结投诉（流失风险 " + risk + "）：跟进并解决投诉。"
                    : facts.openComplaints() + " open complaint(s) (churn risk " + risk + "): follow up and resolve the complaint.");
        }
        double value = Math.max(facts.netRevenue(), facts.clv() == null ? 0 : facts.clv());
        boolean lapsing = facts.daysSinceLastOrder() != null && facts.daysSinceLastOrder() >= LAPSED_DAYS || atRisk;
        if (lapsing && value >= HIGH_VALUE && facts.orders() > 0 && facts.marketingAllowed()) {
            String since = facts.daysSinceLastOrder() == null ? "" : zh ? "已 " + facts.daysSinceLastOrder() + " 天未下单，" : "no order for "
                    + facts.daysSinceLastOrder() + " days, ";
            return new Action("win-back", facts.recommended(), zh
                    ? "高价值客户（价值约 ¥" + money(value) + "）正在流失：" + since + "流失风险 " + risk + "。发送专属回购优惠" + offerZh(facts.recommended()) + "。"
                    : "A valuable customer (worth about ¥" + money(value) + ") is lapsing: " + since + "churn risk " + risk + ". Send a win-back offer"
                      + offerEn(facts.recommended()) + ".");
        }
        if (facts.bestPropensity() != null && facts.bestPropensity() >= HIGH_PROPENSITY && facts.bestTarget() != null && facts.marketingAllowed()) {
            String offer = facts.recommended() != null ? facts.recommended() : facts.bestTarget();
            return new Action("offer", offer, zh
                    ? "购买「" + facts.bestTarget() + "」类商品的倾向为 " + percent(facts.bestPropensity()) + "：推荐「" + offer + "」。"
                    : "Propensity to buy " + facts.bestTarget() + " is " + percent(facts.bestPropensity()) + ": offer " + offer + ".");
        }
        if (atRisk) {
            return new Action("retention-check", null, zh
                    ? "流失风险高（" + risk + "），但没有未结投诉：做一次关怀回访，了解是否有不满。"
                    : "High churn risk (" + risk + ") without an open complaint: call to check in and ask what could be better.");
        }
        if (facts.orders() > 0) {
            return new Action("thank-you", null, zh
                    ? "已下单 " + facts.orders() + " 次，没有投诉和明显风险：发一条感谢信息即可，无需其他动作。"
                    : facts.orders() + " order(s), no complaint and no notable risk: a thank-you message, nothing else needed.");
        }
        return new Action("none", null, zh ? "尚无订单、投诉或值得行动的预测分：暂无需行动。"
                : "No orders, complaints or scores worth acting on yet: no action needed.");
    }

    private static String offerZh(String product) {
        return product == null ? "" : "（推荐「" + product + "」）";
    }

    private static String offerEn(String product) {
        return product == null ? "" : " (suggest " + product + ")";
    }

    private static String percent(double share) {
        return Math.round(share * 100) + " %";
    }

    private static String money(double amount) {
        return String.format(Locale.ROOT, "%,.0f", amount);
    }
}
