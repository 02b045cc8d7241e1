package io.percept.console.web;

import io.percept.console.ConsoleCalendar;
import io.percept.console.ExecutiveOverview;
import io.percept.console.OverviewFilter;
import io.percept.perception.PerceptionSettings;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The console's pages, rendered on the server from the modules' facades. */
@Controller
@ConsolePage
@RequestMapping("/console")
class ConsoleController {

    private static final int VERBATIMS = 50;

    private final ExecutiveOverview overview;
    private final ConsoleCalendar calendar;
    private final PerceptionSettings perception;

    ConsoleController(ExecutiveOverview overview, ConsoleCalendar calendar, PerceptionSettings perception) {
        this.overview = overview;
        this.calendar = calendar;
        this.perception = perception;
    }

    @GetMapping
    String overview(@RequestParam(required = false) Integer days, @RequestParam(required = false) String region,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String product,
            @RequestParam(required = false) String segment, Locale locale, Model model) {
        OverviewFilter filter = ConsolePages.filter(calendar, days, region, channel, product, segment);
        ExecutiveOverview.Overview data = overview.overview(filter, ConsoleLocales.language(locale));
        model.addAttribute("page", "overview");
        model.addAttribute("filter", filter);
        model.addAttribute("periods", List.of(7, 30, 90));
        model.addAttribute("overview", data);
        model.addAttribute("zh", "zh".equals(ConsoleLocales.language(locale)));
        model.addAttribute("savedSegments", data.segments().stream().filter(s -> !s.id().startsWith("cluster:")).toList());
        model.addAttribute("clusterSegments", data.segments().stream().filter(s -> s.id().startsWith("cluster:")).toList());
        model.addAttribute("kpis", data.kpis().stream().map(kpi -> KpiView.of(kpi, locale)).toList());
        return "console/overview";
    }

    /** A topic's verbatims: the fragment for htmx, else a page of its own. */
    @GetMapping("/verbatims")
    String verbatims(@RequestParam String topic, @RequestParam(required = false) String name, @RequestParam(required = false) Integer days,
            @RequestParam(required = false) String region, @RequestParam(required = false) String channel, @RequestParam(required = false) String product,
            @RequestParam(required = false) String segment,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        OverviewFilter filter = ConsolePages.filter(calendar, days, region, channel, product, segment);
        model.addAttribute("page", "overview");
        model.addAttribute("filter", filter);
        model.addAttribute("topic", topic);
        model.addAttribute("topicName", name == null || name.isBlank() ? topic : name);
        model.addAttribute("verbatims", overview.verbatims(filter, topic, VERBATIMS).stream()
                .map(quote -> VerbatimView.of(quote, perception.zone())).toList());
        return htmx != null ? "console/verbatims :: verbatims" : "console/verbatims";
    }
}
