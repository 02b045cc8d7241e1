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
        page(model, Map.of(), null, null, mayEdit(request));
        return "console/initiatives";
    }

    /** The page with the form filled with an initiative's definition, to change it (analysts and admins). */
    @GetMapping("/{id}/edit")
    String edit(@PathVariable long id, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!mayEdit(request)) {
            return refused(response, model);
        }
        Optional<Initiatives.Initiative> initiative = initiatives.get(id);
        if (initiative.isEmpty()) {
            return notFound(id, response, model);
        }
        InitiativeDefinition d = initiative.get().definition();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", d.name());
        form.put("kind", d.kind().wireName());
        form.put("startsOn", String.valueOf(d.startsOn()));
        form.put("endsOn", d.endsOn() == null ? "" : String.valueOf(d.endsOn()));
        form.put("regions", String.join(", ", d.regions()));
        form.put("controlRegions", String.join(", ", d.controlRegions()));
        form.put("skus", String.join(", ", d.skus()));
        form.put("categories", String.join(", ", d.categories()));
        form.put("segments", String.join(", ", d.segments()));
        page(model, form, d.kpis().stream().map(InitiativeDefinition.Kpi::wireName).toList(), id, true);
        return "console/initiatives";
    }

    /** Defines an initiative from the form: to its page when valid, else the form again with the reason (400). */
    @PostMapping
    String create(@RequestParam Map<String, String> form, @RequestParam(name = "kpis", required = false) List<String> kpis,
            @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletRequest request, HttpServletResponse response, Model model) {
        return save(null, form, kpis, htmx, request, response, model);
    }

    /** Changes an initiative from the form: to its page when valid, else the form again with the reason (400). */
    @PostMapping("/{id}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, @RequestParam(name = "kpis", required = false) List<String> kpis,
            @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletRequest request, HttpServletResponse response, Model model) {
        return save(id, form, kpis, htmx, request, response, model);
    }

    private String save(Long id, Map<String, String> form, List<String> kpis, String htmx, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        if (!mayEdit(request)) {
            return refused(response, model);
        }
        Map<String, Object> document = new LinkedHashMap<>(form);
        document.remove("_csrf");
        document.put("kpis", kpis == null ? List.of() : kpis);
        try {
            InitiativeDefinition definition = Initiatives.definition(document);
            Optional<Initiatives.Initiative> saved = id == null ? Optional.of(initiatives.create(definition)) : initiatives.update(id, definition);
            if (saved.isEmpty()) {
                return notFound(id, response, model);
            }
            String target = "/console/initiatives/" + saved.get().id();
            if (htmx != null) {
                response.setHeader("HX-Redirect", target);
                return "console/initiatives :: created";
            }
            return "redirect:" + target;
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", e.getMessage());
            page(model, form, kpis == null ? List.of() : kpis, id, true);
            return htmx != null ? "console/initiatives :: form" : "console/initiatives";
        }
    }

    /** The list page's model: the initiatives, and the form (filled from {@code form}; changing {@code editing} when not null). */
    private void page(Model model, Map<String, String> form, List<String> chosenKpis, Long editing, boolean mayEdit) {
        model.addAttribute("page", "initiatives");
        model.addAttribute("initiatives", initiatives.list());
        model.addAttribute("mayEdit", mayEdit);
        model.addAttribute("form", form);
        model.addAttribute("chosenKpis", chosenKpis);
        model.addAttribute("editing", editing);
        model.addAttribute("kinds", List.of(InitiativeDefinition.Kind.values()));
        model.addAttribute("kpis", List.of(InitiativeDefinition.Kpi.values()));
    }

    private String notFound(long id, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("page", "initiatives");
        model.addAttribute("problem", messages.getMessage("initiatives.notFound", new Object[] {id}, LocaleContextHolder.getLocale()));
        return "console/notice";
    }

    @GetMapping("/{id}")
    String initiative(@PathVariable long id, Locale locale, HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<Initiatives.Report> report = initiatives.report(id, ConsoleLocales.language(locale));
        if (report.isEmpty()) {
            return notFound(id, response, model);
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
