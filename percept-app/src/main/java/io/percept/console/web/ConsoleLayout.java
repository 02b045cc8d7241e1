package io.percept.console.web;

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
    void layout(Model model, Locale locale, Principal user) {
        model.addAttribute("navigation", ConsolePages.NAVIGATION);
        model.addAttribute("user", user == null ? null : user.getName());
        model.addAttribute("lang", ConsoleLocales.supported(locale).toLanguageTag());
        model.addAttribute("zhUrl", ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("lang", "zh-CN").build().toUriString());
        model.addAttribute("enUrl", ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("lang", "en").build().toUriString());
    }

    /** A bad parameter (period, filter, expression…): the notice page with the reason, status 400. */
    @ExceptionHandler(IllegalArgumentException.class)
    String invalid(IllegalArgumentException e, HttpServletResponse response, Model model, Locale locale, Principal user) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        layout(model, locale, user);
        model.addAttribute("page", "overview");
        model.addAttribute("problem", e.getMessage());
        return "console/notice";
    }
}
