package io.percept.console.web;

import io.percept.console.RulesBoard;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The rules page: the rules with their firings, a rule's panel (statistics, versions, dead deliveries),
 * dry runs, the editor (check, dry-run and save a draft in YAML or JSON), enabling and disabling, and the
 * newest alerts. Who may do what follows {@code AccessPolicy} for the same API calls: analysts and admins
 * dry-run, check drafts and acknowledge alerts; only admins save, enable, disable and replay.
 */
@Controller
@ConsolePage
@RequestMapping("/console/rules")
class RulesPageController {

    private final RulesBoard rules;

    RulesPageController(RulesBoard rules) {
        this.rules = rules;
    }

    /** The rules with their firings, and the newest alerts; {@code rule} opens one rule's panel (the page without htmx). */
    @GetMapping
    String rules(@RequestParam(required = false) String rule, @RequestParam(required = false) Integer replayed, HttpServletRequest request,
            Model model) {
        model.addAttribute("replayed", replayed);
        model.addAttribute("page", "rules");
        model.addAttribute("board", rules.board());
        model.addAttribute("mayAct", mayAct(request));
        model.addAttribute("maxDays", RulesBoard.MAX_DRY_RUN_DAYS);
        model.addAttribute("mayEdit", mayEdit(request));
        model.addAttribute("detail", rule == null ? null : rules.detail(rule).orElse(null));
        model.addAttribute("versions", rule == null ? List.of() : rules.versions(rule));
        return "console/rules";
    }

    /** One rule's panel: the fragment for htmx, else the page with the panel open. */
    @GetMapping("/{id}")
    String rule(@PathVariable String id, @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (htmx == null) {
            return "redirect:/console/rules?rule=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        }
        Optional<RulesBoard.RuleDetail> detail = rules.detail(id);
        if (detail.isEmpty()) {
            return refused(response, HttpServletResponse.SC_NOT_FOUND, "no rule " + id, model);
        }
        model.addAttribute("detail", detail.get());
        model.addAttribute("versions", rules.versions(id));
        model.addAttribute("mayAct", mayAct(request));
        model.addAttribute("mayEdit", mayEdit(request));
        model.addAttribute("maxDays", RulesBoard.MAX_DRY_RUN_DAYS);
        return "console/rules :: detail";
    }

    /** A dry run of a stored rule over the last {@code days} (1 to 30): analysts and admins only. */
    @PostMapping("/{id}/dry-run")
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
    @PostMapping("/alerts/{id}/acknowledge")
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

    /** The editor with the rule's document, or a starting point for a new rule: analysts and admins (only admins may save). */
    @GetMapping("/editor")
    String editor(@RequestParam(required = false) String rule, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!mayAct(request)) {
            return refused(response, HttpServletResponse.SC_FORBIDDEN, "the rule editor is for analysts and admins", model);
        }
        String text = rule == null ? RulesBoard.TEMPLATE : rules.document(rule).orElse(null);
        if (text == null) {
            return refused(response, HttpServletResponse.SC_NOT_FOUND, "no rule " + rule, model);
        }
        model.addAttribute("text", text);
        model.addAttribute("editing", rule);
        model.addAttribute("mayEdit", mayEdit(request));
        model.addAttribute("maxDays", RulesBoard.MAX_DRY_RUN_DAYS);
        return "console/rules :: editor";
    }

    /** Checks a draft as saving would (nothing saved): what it is, or the problem with its JSON path. */
    @PostMapping("/editor/check")
    String check(@RequestParam String text, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!mayAct(request)) {
            return refused(response, HttpServletResponse.SC_FORBIDDEN, "checking rules is for analysts and admins", model);
        }
        RulesBoard.Draft draft = rules.check(text);
        if (!draft.valid()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        model.addAttribute("draft", draft);
        return "console/rules :: draft";
    }

    /** A dry run of the draft, without saving it. */
    @PostMapping("/editor/dry-run")
    String dryRunDraft(@RequestParam String text, @RequestParam(defaultValue = "7") int days, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        if (!mayAct(request)) {
            return refused(response, HttpServletResponse.SC_FORBIDDEN, "dry runs are for analysts and admins", model);
        }
        try {
            model.addAttribute("dryRun", rules.dryRunDraft(text, days));
        } catch (IllegalArgumentException e) {
            return refused(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage(), model);
        }
        return "console/rules :: dryrun";
    }

    /** Saves the draft (admins): the page with the rule open, or the problem where the answer goes. */
    @PostMapping("/editor/save")
    String save(@RequestParam String text, @RequestHeader(name = "HX-Request", required = false) String htmx, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (!mayEdit(request)) {
            return refused(response, HttpServletResponse.SC_FORBIDDEN, "saving rules is for admins", model);
        }
        String id;
        try {
            id = rules.save(text);
        } catch (IllegalArgumentException e) {
            return refused(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage(), model);
        }
        String page = "/console/rules?rule=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        if (htmx != null) {
            // htmx opens the saved rule's page; the fragment says so meanwhile
            response.setHeader("HX-Redirect", request.getContextPath() + page);
            model.addAttribute("saved", id);
            return "console/rules :: saved";
        }
        return "redirect:" + page;
    }

    /** Enables or disables a rule (admins), then the page with it open. */
    @PostMapping("/{id}/{change:enable|disable}")
    String enable(@PathVariable String id, @PathVariable String change, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!mayEdit(request)) {
            return refused(response, HttpServletResponse.SC_FORBIDDEN, "enabling and disabling rules is for admins", model);
        }
        if (!rules.setEnabled(id, "enable".equals(change))) {
            return refused(response, HttpServletResponse.SC_NOT_FOUND, "no rule " + id, model);
        }
        return "redirect:/console/rules?rule=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** Sends a rule's dead deliveries again (admins), then the page with it open. */
    @PostMapping("/{id}/replay")
    String replay(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!mayEdit(request)) {
            return refused(response, HttpServletResponse.SC_FORBIDDEN, "replaying deliveries is for admins", model);
        }
        int replayed = rules.replayDead(id);
        return "redirect:/console/rules?rule=" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&replayed=" + replayed;
    }

    /** Saving, enabling, disabling and replaying are for admins (as {@code AccessPolicy} has them for the API). */
    private static boolean mayEdit(HttpServletRequest request) {
        return request.isUserInRole("ADMIN");
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
}
