package io.percept.console.web;

import io.percept.console.InitiativeVerdicts;
import io.percept.console.Initiatives;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;

/** Puts an initiative's verdict into words (the page's and the API's), in the request's language. */
final class InitiativeViews {

    /** The report with its verdict in words: {@code headline} the decision, {@code explanation} one sentence per piece of evidence. */
    record Explained(Initiatives.Report report, String headline, List<String> explanation) {
    }

    private InitiativeViews() {
    }

    static Explained explain(Initiatives.Report report, MessageSource messages, Locale locale) {
        InitiativeVerdicts.Verdict verdict = report.verdict();
        List<String> sentences = new ArrayList<>();
        for (InitiativeVerdicts.Evidence evidence : verdict.evidence()) {
            String kpi = evidence.kpi() == null ? "" : messages.getMessage("initiatives.kpi." + evidence.kpi(), null, locale);
            sentences.add(messages.getMessage("initiatives.evidence." + evidence.code(), new Object[] {kpi, number(evidence.estimate(), locale),
                    number(evidence.low(), locale), number(evidence.high(), locale), evidence.topicName() == null ? "" : evidence.topicName()}, locale));
        }
        return new Explained(report, messages.getMessage("initiatives.verdict." + verdict.decision(), null, locale), sentences);
    }

    private static String number(Double value, Locale locale) {
        if (value == null) {
            return "—";
        }
        boolean whole = value == Math.rint(value) || Math.abs(value) >= 100;
        return String.format(locale, whole ? "%,.0f" : "%,.2f", value);
    }
}
