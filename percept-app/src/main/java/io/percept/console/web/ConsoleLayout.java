package io.percept.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Locale;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** What every console page's layout needs, for each controller marked {@link ConsolePage}. */
@ControllerAdvice(annotations = ConsolePage.class)
class ConsoleLayout {

    /**
     * The navigation, the language switch's links (this page in the other language) and who is
     * signed in (null when nobody is).
     */
    @ModelAttribute
    void layout(Model model, Locale locale, Principal user, HttpServletRequest request) {
        fill(model, locale, user, request);
    }

    /** The layout's model, for handlers that answer with a page of their own (exception handlers get no {@code @ModelAttribute}s). */
    static void fill(Model model, Locale locale, Principal user, HttpServletRequest request) {
        model.addAttribute("navigation", ConsolePages.navigation(request));
        model.addAttribute("user", user == null ? null : user.getName());
        model.addAttribute("lang", ConsoleLocales.supported(locale).toLanguageTag());
        model.addAttribute("zhUrl", ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("lang", "zh-CN").build().toUriString());
        model.addAttribute("enUrl", ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("lang", "en").build().toUriString());
    }

    /** A bad parameter (period, filter, expression…): the notice page with the reason, status 400. */
    @ExceptionHandler(IllegalArgumentException.class)
    String invalid(IllegalArgumentException e, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale,
            Principal user) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        fill(model, locale, user, request);
        model.addAttribute("page", "overview");
        model.addAttribute("problem", e.getMessage());
        return "console/notice";
    }

    /** A page not meant for the user's roles: the notice page saying so, status 403. */
    @ExceptionHandler(ConsolePageAccess.PageNotForYou.class)
    String notForYou(ConsolePageAccess.PageNotForYou e, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale,
            Principal user) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        fill(model, locale, user, request);
        model.addAttribute("page", e.getMessage());
        model.addAttribute("forbidden", true);
        return "console/notice";
    }
}
