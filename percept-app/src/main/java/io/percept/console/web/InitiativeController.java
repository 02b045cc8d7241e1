package io.percept.console.web;

import io.percept.console.InitiativeDefinition;
import io.percept.console.Initiatives;
import io.percept.platform.JsonValues;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The initiatives page (the list and the form) and one initiative's page: for executives, analysts
 * and admins; analysts and admins define and delete them. The front line sees a polite refusal.
 */
@Controller
@ConsolePage
@RequestMapping("/console/initiatives")
class InitiativeController {

    private final Initiatives initiatives;
    private final MessageSource messages;

    InitiativeController(Initiatives initiatives, MessageSource messages) {
        this.initiatives = initiatives;
        this.messages = messages;
    }

    @GetMapping
    String list(HttpServletRequest request, Model model) {
        model.addAttribute("page", "initiatives");
        model.addAttribute("initiatives", initiatives.list());
        model.addAttribute("mayEdit", mayEdit(request));
        model.addAttribute("form", Map.of());
        model.addAttribute("kinds", List.of(InitiativeDefinition.Kind.values()));
        model.addAttribute("kpis", List.of(InitiativeDefinition.Kpi.values()));
        return "console/initiatives";
    }

    /** Defines an initiative from the form: to its page when valid, else the form again with the reason (400). */
    @PostMapping
    String create(@RequestParam Map<String, String> form, @RequestParam(name = "kpis", required = false) List<String> kpis,
            @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!mayEdit(request)) {
            return refused(response, model);
        }
        Map<String, Object> document = new LinkedHashMap<>(form);
        document.put("kpis", kpis == null ? List.of() : kpis);
        try {
            Initiatives.Initiative created = initiatives.create(Initiatives.definition(document));
            String target = "/console/initiatives/" + created.id();
            if (htmx != null) {
                response.setHeader("HX-Redirect", target);
                return "console/initiatives :: created";
            }
            return "redirect:" + target;
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("page", "initiatives");
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("form", form);
            model.addAttribute("chosenKpis", kpis == null ? List.of() : kpis);
            model.addAttribute("kinds", List.of(InitiativeDefinition.Kind.values()));
            model.addAttribute("kpis", List.of(InitiativeDefinition.Kpi.values()));
            model.addAttribute("mayEdit", true);
            model.addAttribute("initiatives", initiatives.list());
            return htmx != null ? "console/initiatives :: form" : "console/initiatives";
        }
    }

    @GetMapping("/{id}")
    String initiative(@PathVariable long id, Locale locale, HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<Initiatives.Report> report = initiatives.report(id, ConsoleLocales.language(locale));
        if (report.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            model.addAttribute("page", "initiatives");
            model.addAttribute("problem", messages.getMessage("initiatives.notFound", new Object[] {id}, locale));
            return "console/notice";
        }
        model.addAttribute("page", "initiatives");
        model.addAttribute("view", InitiativeViews.explain(report.get(), messages, locale));
        model.addAttribute("chartJson", chartJson(report.get()));
        model.addAttribute("channelKpis", List.of("orders", "revenue", "units"));
        model.addAttribute("mayEdit", mayEdit(request));
        return "console/initiative";
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!mayEdit(request)) {
            return refused(response, model);
        }
        initiatives.delete(id);
        return "redirect:/console/initiatives";
    }

    /** The chart's data for initiatives.js: the days, the start and each KPI's daily values. */
    private static String chartJson(Initiatives.Report report) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("days", report.days().stream().map(String::valueOf).toList());
        chart.put("start", String.valueOf(report.afterFrom()));
        chart.put("series", report.series().stream().map(series -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("kpi", series.kpi());
            one.put("treated", series.treated());
            one.put("control", series.control());
            return one;
        }).toList());
        return JsonValues.toJson(chart).replace("</", "<\\/");
    }

    /** Defining and deleting initiatives is for analysts and admins (as {@code AccessPolicy} has it for the API). */
    private static boolean mayEdit(HttpServletRequest request) {
        return request.isUserInRole("ANALYST") || request.isUserInRole("ADMIN");
    }

    /** Defining or deleting refused (an executive): who reading the page is for is kept by {@code ConsolePageAccess}. */
    private String refused(HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("page", "initiatives");
        model.addAttribute("problem", messages.getMessage("initiatives.refused", null, LocaleContextHolder.getLocale()));
        return "console/notice";
    }
}
