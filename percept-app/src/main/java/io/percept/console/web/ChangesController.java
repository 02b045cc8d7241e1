package io.percept.console.web;

import io.percept.console.ConsoleCalendar;
import io.percept.console.WhatChanged;
import io.percept.perception.PerceptionSettings;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The overview's "what changed" card, loaded after the page (its year of figures is read apart from the
 * period's), and the customers' words behind a complaint change.
 */
@Controller
@ConsolePage
@RequestMapping("/console/changes")
class ChangesController {

    private static final int WORDS = 30;

    private final WhatChanged changes;
    private final ConsoleCalendar calendar;
    private final PerceptionSettings perception;

    ChangesController(WhatChanged changes, ConsoleCalendar calendar, PerceptionSettings perception) {
        this.changes = changes;
        this.calendar = calendar;
        this.perception = perception;
    }

    /** The card's body (an htmx fragment). */
    @GetMapping
    String changes(Locale locale, Model model) {
        WhatChanged.Changes found = changes.changes(calendar.today(), ConsoleLocales.language(locale));
        long days = ChronoUnit.DAYS.between(found.from(), found.to()) + 1;
        model.addAttribute("found", found);
        model.addAttribute("changes", found.changes().stream().map(change -> ChangeView.of(change, found.from(), days)).toList());
        return "console/changes :: changes";
    }

    /** The newest negative texts of a complaint change: the fragment for htmx, else a page of its own. */
    @GetMapping("/words")
    String words(@RequestParam String topic, @RequestParam(required = false) String name, @RequestParam(required = false) List<String> region,
            @RequestParam LocalDate from, @RequestParam LocalDate to, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        List<String> regions = region == null ? List.of() : region.stream().filter(r -> !r.isBlank()).toList();
        model.addAttribute("topic", topic);
        model.addAttribute("topicName", name == null || name.isBlank() ? topic : name);
        model.addAttribute("page", "overview");
        model.addAttribute("filter", new Scope(null, from, to, null, null, null, null));
        model.addAttribute("verbatims", changes.words(topic, regions, from, to, WORDS).stream()
                .map(quote -> VerbatimView.of(quote, perception.zone())).toList());
        return htmx != null ? "console/verbatims :: verbatims" : "console/verbatims";
    }

    /** The period the verbatims template names (and its link back: to the overview, unfiltered). */
    record Scope(Integer days, LocalDate from, LocalDate today, String region, String channel, String product, String segment) {
    }

    /**
     * A change as the card draws it: where its weeks lie in the year ({@code left} and {@code width} in % of
     * the card's time strip).
     */
    record ChangeView(WhatChanged.Change change, double left, double width) {

        static ChangeView of(WhatChanged.Change change, LocalDate start, long days) {
            double left = 100.0 * ChronoUnit.DAYS.between(start, change.from()) / days;
            double width = Math.max(1.5, 100.0 * (ChronoUnit.DAYS.between(change.from(), change.to()) + 1) / days);
            return new ChangeView(change, Math.round(left * 10) / 10.0, Math.round(Math.min(width, 100 - left) * 10) / 10.0);
        }

        /** The region whose overview tells more: a regional change's own (not a category's, which the market page tells). */
        public String region() {
            return change.regions().size() == 1 && change.category() == null ? change.regions().get(0) : null;
        }

        public String kindKey() {
            return "changes.kind." + change.kind();
        }

        public String tone() {
            return switch (change.kind()) {
                case "complaints" -> "bad";
                case "share-shift" -> change.ratio() < 1 ? "bad" : "good";
                default -> "good";
            };
        }
    }
}
