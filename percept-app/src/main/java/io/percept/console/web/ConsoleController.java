package io.percept.console.web;

import io.percept.console.ConsoleCalendar;
import io.percept.console.ExecutiveOverview;
import io.percept.console.OverviewFilter;
import io.percept.console.RulesBoard;
import io.percept.perception.PerceptionSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
    private final RulesBoard rules;

    ConsoleController(ExecutiveOverview overview, ConsoleCalendar calendar, PerceptionSettings perception, RulesBoard rules) {
        this.overview = overview;
        this.calendar = calendar;
        this.perception = perception;
        this.rules = rules;
    }

    @GetMapping
    String overview(@RequestParam(required = false) Integer days, @RequestParam(required = false) String region,
            @RequestParam(required = false) String channel, Locale locale, Model model) {
        OverviewFilter filter = ConsolePages.filter(calendar, days, region, channel);
        ExecutiveOverview.Overview data = overview.overview(filter, ConsoleLocales.language(locale));
        model.addAttribute("page", "overview");
        model.addAttribute("filter", filter);
        model.addAttribute("periods", List.of(7, 30, 90));
        model.addAttribute("overview", data);
        model.addAttribute("kpis", data.kpis().stream().map(kpi -> KpiView.of(kpi, locale)).toList());
        return "console/overview";
    }

    /** A topic's verbatims: the fragment for htmx, else a page of its own. */
    @GetMapping("/verbatims")
    String verbatims(@RequestParam String topic, @RequestParam(required = false) String name, @RequestParam(required = false) Integer days,
            @RequestParam(required = false) String region, @RequestParam(required = false) String channel,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        OverviewFilter filter = ConsolePages.filter(calendar, days, region, channel);
        model.addAttribute("page", "overview");
        model.addAttribute("filter", filter);
        model.addAttribute("topic", topic);
        model.addAttribute("topicName", name == null || name.isBlank() ? topic : name);
        model.addAttribute("verbatims", overview.verbatims(filter, topic, VERBATIMS).stream()
                .map(quote -> VerbatimView.of(quote, perception.zone())).toList());
        return htmx != null ? "console/verbatims :: verbatims" : "console/verbatims";
    }

    /** The rules with their firings, and the newest alerts; {@code rule} opens one rule's panel (the page without htmx). */
    @GetMapping("/rules")
    String rules(@RequestParam(required = false) String rule, HttpServletRequest request, Model model) {
        model.addAttribute("page", "rules");
        model.addAttribute("board", rules.board());
        model.addAttribute("mayAct", mayAct(request));
        model.addAttribute("maxDays", RulesBoard.MAX_DRY_RUN_DAYS);
        model.addAttribute("detail", rule == null ? null : rules.detail(rule).orElse(null));
        return "console/rules";
    }

    /** One rule's panel: the fragment for htmx, else the page with the panel open. */
    @GetMapping("/rules/{id}")
    String rule(@PathVariable String id, @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (htmx == null) {
            return "redirect:/console/rules?rule=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
        }
        Optional<RulesBoard.RuleDetail> detail = rules.detail(id);
        if (detail.isEmpty()) {
            return refused(response, HttpServletResponse.SC_NOT_FOUND, "no rule " + id, model);
        }
        model.addAttribute("detail", detail.get());
        model.addAttribute("mayAct", mayAct(request));
        model.addAttribute("maxDays", RulesBoard.MAX_DRY_RUN_DAYS);
        return "console/rules :: detail";
    }

    /** A dry run of a stored rule over the last {@code days} (1 to 30): analysts and admins only. */
    @PostMapping("/rules/{id}/dry-run")
    String dryRun(@PathVariable String id, @RequestParam(defaultValue = "7") int days, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        if (!mayAct(request)) {
            return refused(response, HttpServletResponse.SC_FORBIDDEN, "dry runs are for analysts and admins", model);
        }
        Optional<RulesBoard.DryRunResult> result = rules.dryRun(id, days);
        if (result.isEmpty()) {
            return refused(response, HttpServletResponse.SC_NOT_FOUND, "no rule " + id, model);
        }
        model.addAttribute("dryRun", result.get());
        return "console/rules :: dryrun";
    }

    /** Acknowledges an alert (analysts and admins) and answers the alerts again: the fragment for htmx, else back to the page. */
    @PostMapping("/rules/alerts/{id}/acknowledge")
    String acknowledge(@PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (!mayAct(request)) {
            return refused(response, HttpServletResponse.SC_FORBIDDEN, "acknowledging alerts is for analysts and admins", model);
        }
        rules.acknowledge(id);
        if (htmx == null) {
            return "redirect:/console/rules";
        }
        model.addAttribute("board", rules.board());
        model.addAttribute("mayAct", true);
        return "console/rules :: alerts";
    }

    /** Dry runs and acknowledging alerts are for analysts and admins (as {@code AccessPolicy} has them for the API). */
    private static boolean mayAct(HttpServletRequest request) {
        return request.isUserInRole("ANALYST") || request.isUserInRole("ADMIN");
    }

    private static String refused(HttpServletResponse response, int status, String reason, Model model) {
        response.setStatus(status);
        model.addAttribute("reason", reason);
        return "console/rules :: refused";
    }

    @GetMapping({"/{page:segments|customers|initiatives|data}", "/customers/{id}"})
    String comingSoon(@PathVariable(required = false) String page, @PathVariable(required = false) String id, Model model) {
        model.addAttribute("page", page == null ? "customers" : page);
        model.addAttribute("customer", id);
        return "console/notice";
    }
}
