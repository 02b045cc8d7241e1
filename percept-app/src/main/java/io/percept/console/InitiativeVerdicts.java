package io.percept.console;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict on an initiative from its difference-in-differences estimates and pain points, by
 * explicit rules (docs/console.md):
 * <ol>
 * <li>not started, or fewer than {@value #MIN_DAYS} days since the start: {@code wait};
 * <li>the outcome KPI (the first tracked of revenue, orders, adoption, NPS, sentiment; complaints
 *     when only they are) significantly better (its 95 % interval wholly on the good side of 0) and no
 *     guard KPI (complaints up, sentiment or NPS down) significantly worse: {@code scale-up};
 * <li>the outcome significantly better but a guard significantly worse: {@code adjust}, naming the
 *     top pain point;
 * <li>otherwise (no significant improvement, or a significant deterioration): {@code stop}.
 * </ol>
 */
public final class InitiativeVerdicts {

    /** Fewest days after the start for a verdict. */
    public static final int MIN_DAYS = 7;

    /**
     * One piece of evidence, for the page to put into words: {@code code} is {@code better}, {@code notSignificant},
     * {@code worse}, {@code guardWorse}, {@code guardsHeld}, {@code painPoint}, {@code tooEarly} or {@code notStarted}.
     */
    public record Evidence(String code, String kpi, Double estimate, Double low, Double high, String topic, String topicName) {
    }

    /** {@code decision}: {@code scale-up}, {@code adjust}, {@code stop} or {@code wait}. */
    public record Verdict(String decision, List<Evidence> evidence) {
    }

    private static final List<String> OUTCOMES = List.of("revenue", "orders", "adoption", "nps", "sentiment", "complaints");

    private InitiativeVerdicts() {
    }

    static Verdict notStarted() {
        return new Verdict("wait", List.of(new Evidence("notStarted", null, null, null, null, null, null)));
    }

    /** The verdict over the effects of a started initiative ({@code daysAfter} days since its start) and its pain points, most important first. */
    static Verdict verdict(List<Initiatives.Effect> effects, List<Initiatives.PainPoint> painPoints, int daysAfter) {
        if (daysAfter < MIN_DAYS) {
            return new Verdict("wait", List.of(new Evidence("tooEarly", null, (double) daysAfter, null, null, null, null)));
        }
        Initiatives.Effect outcome = null;
        for (String key : OUTCOMES) {
            for (Initiatives.Effect effect : effects) {
                if (outcome == null && effect.kpi().equals(key)) {
                    outcome = effect;
                }
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        if (outcome == null) {
            return new Verdict("stop", evidence);
        }
        String good = lowerIsBetter(outcome.kpi()) ? "down" : "up";
        boolean better = outcome.significance().equals(good);
        boolean worse = !better && !outcome.significance().equals("none");
        evidence.add(evidence(better ? "better" : worse ? "worse" : "notSignificant", outcome));
        List<Evidence> harms = new ArrayList<>();
        for (Initiatives.Effect effect : effects) {
            if (effect != outcome && isGuard(effect.kpi()) && effect.significance().equals(lowerIsBetter(effect.kpi()) ? "up" : "down")) {
                harms.add(evidence("guardWorse", effect));
            }
        }
        Initiatives.PainPoint top = painPoints.isEmpty() ? null : painPoints.get(0);
        Evidence pain = top == null ? null : new Evidence("painPoint", null, (double) top.negative(), null, null, top.topic(), top.name());
        if (better && harms.isEmpty()) {
            evidence.add(new Evidence("guardsHeld", null, null, null, null, null, null));
            if (pain != null) {
                evidence.add(pain);
            }
            return new Verdict("scale-up", evidence);
        }
        evidence.addAll(harms);
        if (pain != null) {
            evidence.add(pain);
        }
        return new Verdict(better ? "adjust" : "stop", evidence);
    }

    private static boolean isGuard(String kpi) {
        return kpi.equals("complaints") || kpi.equals("sentiment") || kpi.equals("nps");
    }

    private static boolean lowerIsBetter(String kpi) {
        return kpi.equals("complaints");
    }

    private static Evidence evidence(String code, Initiatives.Effect effect) {
        return new Evidence(code, effect.kpi(), effect.estimate(), effect.low(), effect.high(), null, null);
    }
}
