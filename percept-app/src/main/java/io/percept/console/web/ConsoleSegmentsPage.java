package io.percept.console.web;

import io.percept.console.SegmentsBoard;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The segments page: saved segments with their sizes, the run's clusters, a comparison of two groups and
 * a definition's live size. For executives, analysts and admins; only analysts and admins save.
 */
@Controller
@ConsolePage
@RequestMapping("/console/segments")
class ConsoleSegmentsPage {

    private static final String VIEW = "console/segments";

    private final SegmentsBoard board;

    ConsoleSegmentsPage(SegmentsBoard board) {
        this.board = board;
    }

    /** The page; {@code segment} selects a saved segment for the large chart, {@code a} and {@code b} open a comparison. */
    @GetMapping
    String page(@RequestParam(required = false) String segment, @RequestParam(required = false) String a, @RequestParam(required = false) String b,
            HttpServletRequest request, Model model) {
        model.addAttribute("page", "segments");
        SegmentsBoard.Board data = board.board();
        model.addAttribute("board", data);
        model.addAttribute("selected", segment != null ? segment : data.segments().isEmpty() ? null : data.segments().get(0).name());
        model.addAttribute("maySave", maySave(request));
        model.addAttribute("fields", board.fields().keySet());
        model.addAttribute("a", a);
        model.addAttribute("b", b);
        if (a != null && b != null) {
            model.addAttribute("comparison", board.compare(a, b));
        }
        return VIEW;
    }

    /** A definition's size now (the fragment the builder swaps in while typing); a parse error is shown with its column. */
    @GetMapping("/preview")
    String preview(@RequestParam(defaultValue = "") String definition, Model model) {
        model.addAttribute("preview", definition.isBlank() ? null : board.preview(definition));
        return VIEW + " :: preview";
    }

    /** Two groups side by side: the fragment for htmx, else the page with the comparison open. */
    @GetMapping("/compare")
    String compare(@RequestParam String a, @RequestParam String b, @RequestHeader(name = "HX-Request", required = false) String htmx,
            HttpServletResponse response, Model model) {
        if (htmx == null) {
            return "redirect:/console/segments?a=" + encode(a) + "&b=" + encode(b);
        }
        try {
            model.addAttribute("comparison", board.compare(a, b));
        } catch (IllegalArgumentException e) {
            return refused(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage(), model);
        }
        return VIEW + " :: comparison";
    }

    /** Saves a segment (analysts and admins): the result for htmx, else back to the page with it selected. */
    @PostMapping
    String save(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String definition,
            @RequestParam(required = false) String description, @RequestHeader(name = "HX-Request", required = false) String htmx,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!maySave(request)) {
            return refused(response, HttpServletResponse.SC_FORBIDDEN, "saving segments is for analysts and admins", model);
        }
        SegmentsBoard.SegmentRow saved;
        try {
            saved = board.save(name, definition, description);
        } catch (IllegalArgumentException e) {
            if (htmx == null) {
                throw e;
            }
            return refused(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage(), model);
        }
        if (htmx == null) {
            return "redirect:/console/segments?segment=" + encode(saved.name());
        }
        model.addAttribute("saved", saved);
        return VIEW + " :: saved";
    }

    /** Saving is for analysts and admins (as {@code AccessPolicy} has it); who reads the page is kept by {@code ConsolePageAccess}. */
    private static boolean maySave(HttpServletRequest request) {
        return request.isUserInRole("ANALYST") || request.isUserInRole("ADMIN");
    }

    private static String refused(HttpServletResponse response, int status, String reason, Model model) {
        response.setStatus(status);
        model.addAttribute("reason", reason);
        return VIEW + " :: refused";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
