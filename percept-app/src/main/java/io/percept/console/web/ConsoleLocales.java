package io.percept.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Locale;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * The console's languages: Simplified Chinese and English. The choice is kept in a cookie (set by
 * {@code ?lang=zh-CN} or {@code ?lang=en}); without one, Chinese when the browser prefers it, else English.
 */
final class ConsoleLocales extends CookieLocaleResolver {

    static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    static final Locale ENGLISH = Locale.ENGLISH;

    ConsoleLocales() {
        super("percept-lang");
        setCookieMaxAge(Duration.ofDays(365));
        setDefaultLocaleFunction(request -> supported(request.getLocale()));
    }

    /** zh-CN for any Chinese locale, else en. */
    static Locale supported(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? CHINESE : ENGLISH;
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        return supported(super.resolveLocale(request));
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        super.setLocale(request, response, locale == null ? null : supported(locale));
    }

    /** The language of topic names and texts for a locale: {@code zh} or {@code en}. */
    static String language(Locale locale) {
        return supported(locale) == CHINESE ? "zh" : "en";
    }
}
