package io.percept.demo.world;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Product reviews written from what happened to the customer: each aspect they experienced well
 * or badly gets a phrase (written for this project, per aspect and polarity, in Chinese and
 * English), with varied intensifiers, connectors and closings, and the star rating follows the
 * balance of good and bad. Mixed experiences give mixed reviews (a good product that arrived
 * late), which is what keeps a sentiment model from being trivial.
 */
public final class Reviews {

    /** What a review can be about. */
    public enum Aspect {
        QUALITY, LOGISTICS, PRICE, SERVICE, PACKAGING, DESCRIPTION, AFTER_SALES, USABILITY
    }

    /**
     * A written review.
     *
     * @param stars   1 to 5
     * @param text    what the customer wrote
     * @param english whether it is in English
     * @param aspects the aspects it talks about, each +1 (good) or -1 (bad)
     */
    public record Review(int stars, String text, boolean english, Map<Aspect, Integer> aspects) {
    }

    private static final Map<Aspect, String[][]> ZH = new EnumMap<>(Aspect.class);
    private static final Map<Aspect, String[][]> EN = new EnumMap<>(Aspect.class);

    static {
        // {good phrases}, {bad phrases}; "{}" takes an intensifier
        ZH.put(Aspect.QUALITY, new String[][] {{"做工{}精细", "质量{}好", "用料扎实，手感{}好", "品质{}靠谱"},
            {"质量{}差", "做工粗糙，有毛刺", "用了几天就坏了", "品质{}一般，和价格不符"}});
        ZH.put(Aspect.LOGISTICS, new String[][] {{"物流{}快，第二天就到了", "快递小哥很负责", "发货{}及时"},
            {"物流{}慢，等了一个多星期", "快递一直不更新", "发货拖了好几天"}});
        ZH.put(Aspect.PRICE, new String[][] {{"性价比{}高", "活动价很划算", "价格{}实惠"},
            {"价格{}贵", "刚买就降价了，{}郁闷", "不值这个价"}});
        ZH.put(Aspect.SERVICE, new String[][] {{"客服态度{}好", "客服回复{}及时，问题都解决了", "导购{}耐心"},
            {"客服态度{}差", "客服一直不回消息", "问了三次都没人解决"}});
        ZH.put(Aspect.PACKAGING, new String[][] {{"包装{}严实", "包装完好，没有磕碰", "包装{}精美，送人很合适"},
            {"包装破损", "盒子被压扁了", "包装{}简陋"}});
        ZH.put(Aspect.DESCRIPTION, new String[][] {{"和描述的一样", "颜色和图片一致", "实物比图片还好看"},
            {"和描述不符", "颜色和图片差很多", "参数写的和实际不一样"}});
        ZH.put(Aspect.AFTER_SALES, new String[][] {{"售后{}给力，很快就换了新的", "退换货{}方便", "售后上门很准时"},
            {"售后{}推诿", "申请退货一直不处理", "维修等了半个月"}});
        ZH.put(Aspect.USABILITY, new String[][] {{"续航{}给力", "操作{}简单，老人也会用", "连接{}稳定，App 好用"},
            {"续航{}短", "经常断连", "App {}难用，老是闪退"}});
        EN.put(Aspect.QUALITY, new String[][] {{"{}solid build", "the quality is {}good", "feels {}premium"},
            {"{}poor quality", "broke after a few days", "feels {}cheap"}});
        EN.put(Aspect.LOGISTICS, new String[][] {{"delivery was {}fast", "arrived the next day"},
            {"delivery was {}slow", "took over a week to arrive"}});
        EN.put(Aspect.PRICE, new String[][] {{"{}good value for money", "great deal on sale"},
            {"{}overpriced", "the price dropped right after I bought it"}});
        EN.put(Aspect.SERVICE, new String[][] {{"customer service was {}helpful", "support answered quickly"},
            {"customer service was {}rude", "support never replied"}});
        EN.put(Aspect.PACKAGING, new String[][] {{"packed {}well", "the box arrived intact"},
            {"the box was damaged", "packaging was {}flimsy"}});
        EN.put(Aspect.DESCRIPTION, new String[][] {{"exactly as described", "looks even better than the pictures"},
            {"not as described", "the colour is nothing like the photos"}});
        EN.put(Aspect.AFTER_SALES, new String[][] {{"the replacement came {}quickly", "returns were easy"},
            {"the return request was ignored", "the repair took two weeks"}});
        EN.put(Aspect.USABILITY, new String[][] {{"battery life is {}great", "the app is {}easy to use"},
            {"battery drains {}fast", "keeps disconnecting"}});
    }

    private static final String[] ZH_INTENSIFIERS = {"", "很", "非常", "特别", "超级", "挺"};
    private static final String[] ZH_MILD = {"有点", "比较", "略"};
    private static final String[] EN_INTENSIFIERS = {"", "very ", "really ", "super "};
    private static final String[] ZH_GOOD_CLOSINGS = {"推荐购买！", "好评！", "会回购的。", "满意。", ""};
    private static final String[] ZH_BAD_CLOSINGS = {"不会再买了。", "差评。", "很失望。", "希望改进。", ""};
    private static final String[] ZH_MIXED_CLOSINGS = {"总体还行吧。", "中规中矩。", "一般般。", ""};
    private static final String[] EN_GOOD_CLOSINGS = {"Recommended!", "Would buy again.", ""};
    private static final String[] EN_BAD_CLOSINGS = {"Very disappointed.", "Would not buy again.", ""};
    private static final String[] EN_MIXED_CLOSINGS = {"It's okay overall.", "Mixed feelings.", ""};

    private Reviews() {
    }

    /**
     * The review of a customer whose experience was {@code experience} (aspect to +1 or -1; at
     * least one aspect).
     */
    public static Review write(Map<Aspect, Integer> experience, boolean english, SplittableRandom random) {
        if (experience.isEmpty()) {
            throw new IllegalArgumentException("a review needs at least one experienced aspect");
        }
        List<Map.Entry<Aspect, Integer>> aspects = new ArrayList<>(experience.entrySet());
        aspects.sort(Map.Entry.comparingByKey());
        for (int i = aspects.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Map.Entry<Aspect, Integer> swap = aspects.get(i);
            aspects.set(i, aspects.get(j));
            aspects.set(j, swap);
        }
        int balance = aspects.stream().mapToInt(Map.Entry::getValue).sum();
        int good = (int) aspects.stream().filter(entry -> entry.getValue() > 0).count();
        int bad = aspects.size() - good;
        int stars = stars(balance, good, bad, random);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < aspects.size(); i++) {
            Map.Entry<Aspect, Integer> aspect = aspects.get(i);
            boolean positive = aspect.getValue() > 0;
            String[] phrases = (english ? EN : ZH).get(aspect.getKey())[positive ? 0 : 1];
            String phrase = phrases[random.nextInt(phrases.length)].replace("{}", intensifier(english, positive, random));
            if (i > 0) {
                boolean turn = aspects.get(i - 1).getValue() > 0 != positive;
                text.append(english ? (turn ? ", but " : ", and ") : (turn ? (random.nextBoolean() ? "，但是" : "，不过") : "，"));
            }
            text.append(phrase);
        }
        String closing = closing(english, good, bad, random);
        if (english) {
            text.setCharAt(0, Character.toUpperCase(text.charAt(0)));
            text.append('.');
            if (!closing.isEmpty()) {
                text.append(' ').append(closing);
            }
        } else {
            text.append('。').append(closing);
        }
        return new Review(stars, text.toString(), english, Map.copyOf(experience));
    }

    private static int stars(int balance, int good, int bad, SplittableRandom random) {
        if (bad == 0) {
            return random.nextDouble() < 0.75 ? 5 : 4;
        }
        if (good == 0) {
            return random.nextDouble() < 0.7 ? 1 : 2;
        }
        return balance > 0 ? (random.nextBoolean() ? 4 : 3) : balance < 0 ? (random.nextBoolean() ? 2 : 3) : 3;
    }

    private static String intensifier(boolean english, boolean positive, SplittableRandom random) {
        if (english) {
            return EN_INTENSIFIERS[random.nextInt(EN_INTENSIFIERS.length)];
        }
        if (!positive && random.nextDouble() < 0.3) {
            return ZH_MILD[random.nextInt(ZH_MILD.length)];
        }
        return ZH_INTENSIFIERS[random.nextInt(ZH_INTENSIFIERS.length)];
    }

    private static String closing(boolean english, int good, int bad, SplittableRandom random) {
        String[] closings = good > 0 && bad > 0 ? (english ? EN_MIXED_CLOSINGS : ZH_MIXED_CLOSINGS)
                : bad > 0 ? (english ? EN_BAD_CLOSINGS : ZH_BAD_CLOSINGS) : (english ? EN_GOOD_CLOSINGS : ZH_GOOD_CLOSINGS);
        return closings[random.nextInt(closings.length)];
    }
}
