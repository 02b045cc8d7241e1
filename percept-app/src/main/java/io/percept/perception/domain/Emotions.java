package io.percept.perception.domain;

import java.util.List;
import java.util.Locale;

/**
 * How strongly a text feels, and which feeling: from the sentiment score and cues written here —
 * intensifiers (太, 非常, extremely), exclamation marks, words of anger (气死, 骗子, scam,
 * unacceptable) and of delight (惊喜, 完美, amazing). Negative texts with anger cues are
 * {@code anger}, other negative ones {@code disappointment}; positive ones with delight cues
 * {@code delight}, others {@code satisfaction}; neutral ones {@code none}.
 */
public final class Emotions {

    /** A feeling and its intensity from 0 to 1. */
    public record Emotion(String name, double intensity) {
    }

    private static final List<String> INTENSIFIERS_ZH = List.of("太", "非常", "特别", "极其", "超级", "真的", "简直", "十分", "完全", "根本", "再也不", "绝对");
    private static final List<String> INTENSIFIERS_EN = List.of("very", "really", "extremely", "so ", "totally", "absolutely", "never again",
            "completely", "super");
    private static final List<String> ANGER_ZH = List.of("气死", "愤怒", "生气", "垃圾", "骗子", "骗人", "坑人", "恶心", "无语", "什么玩意", "投诉",
            "差劲", "忍无可忍", "欺骗", "太坑");
    private static final List<String> ANGER_EN = List.of("angry", "furious", "scam", "ridiculous", "worst", "unacceptable", "disgust",
            "outrage", "fraud", "pathetic", "horrible", "hate");
    private static final List<String> DELIGHT_ZH = List.of("惊喜", "超赞", "太棒", "爱了", "完美", "超级好", "非常满意", "喜欢", "超值", "惊艳");
    private static final List<String> DELIGHT_EN = List.of("love", "amazing", "awesome", "perfect", "fantastic", "excellent", "wonderful",
            "delight", "brilliant");

    private Emotions() {
    }

    /**
     * The feeling of {@code text} ({@code zh} or {@code en}) whose sentiment is {@code score}
     * (in [-1, 1]) and label {@code sign} (-1, 0, 1).
     */
    public static Emotion of(String text, String language, double score, int sign) {
        if (sign == 0) {
            return new Emotion("none", 0);
        }
        boolean chinese = "zh".equals(language);
        String lower = chinese ? text : text.toLowerCase(Locale.ROOT);
        int intensifiers = count(lower, chinese ? INTENSIFIERS_ZH : INTENSIFIERS_EN);
        int exclamations = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            exclamations += c == '!' || c == '！' ? 1 : 0;
        }
        int strong = sign < 0 ? count(lower, chinese ? ANGER_ZH : ANGER_EN) : count(lower, chinese ? DELIGHT_ZH : DELIGHT_EN);
        double boost = 0.12 * Math.min(3, intensifiers) + 0.08 * Math.min(3, exclamations) + 0.2 * Math.min(2, strong);
        double intensity = Math.min(1, Math.abs(score) * (0.6 + boost));
        String name = sign < 0 ? (strong > 0 ? "anger" : "disappointment") : (strong > 0 ? "delight" : "satisfaction");
        return new Emotion(name, Math.round(intensity * 1000) / 1000.0);
    }

    private static int count(String text, List<String> cues) {
        int count = 0;
        for (String cue : cues) {
            if (text.contains(cue)) {
                count++;
            }
        }
        return count;
    }
}
