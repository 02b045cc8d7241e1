package io.percept.access.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /login}: the console's login form, in Simplified Chinese or English (from
 * {@code ?lang=zh|en}, else the browser's {@code Accept-Language}), with the error or logout
 * message and the CSRF token. Plain HTML written here, so it needs no template engine.
 */
@Controller
class LoginPage {

    private record Text(String lang, String title, String username, String password, String submit, String error, String loggedOut,
            String locked, String other, String otherLang) {
    }

    private static final Text ZH = new Text("zh-CN", "登录 Percept 控制台", "用户名", "密码", "登录", "用户名或密码错误，或账号已停用。",
            "您已退出登录。", "登录失败次数过多，请 %d 分钟后再试。", "English", "en");
    private static final Text EN = new Text("en", "Sign in to the Percept console", "Username", "Password", "Sign in",
            "Wrong username or password, or the account is disabled.", "You have signed out.",
            "Too many failed sign-ins: try again in %d min.", "中文", "zh");

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(HttpServletRequest request) {
        Text text = chinese(request) ? ZH : EN;
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String message = request.getParameter("error") != null ? "<p class=\"error\" role=\"alert\">" + text.error() + "</p>"
                : locked(request) > 0 ? "<p class=\"error\" role=\"alert\">" + text.locked().formatted(locked(request)) + "</p>"
                : request.getParameter("logout") != null ? "<p class=\"info\">" + text.loggedOut() + "</p>" : "";
        return """
                <!doctype html>
                <html lang="%1$s">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%2$s</title>
                <style>
                body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f4f6f8;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
                form{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.1);width:min(22rem,90vw)}
                h1{font-size:1.25rem;margin:0 0 1rem}label{display:block;margin:.75rem 0 .25rem}
                input[type=text],input[type=password]{width:100%%;box-sizing:border-box;padding:.5rem;border:1px solid #ccd;border-radius:4px}
                button{margin-top:1.25rem;width:100%%;padding:.6rem;border:0;border-radius:4px;background:#2f6fde;color:#fff;font-size:1rem}
                .error{color:#b00020}.info{color:#2e7d32}.lang{margin-top:1rem;font-size:.85rem;text-align:right}
                </style>
                </head>
                <body>
                <form method="post" action="%3$s/login">
                <h1>%2$s</h1>
                %4$s
                <label for="username">%5$s</label>
                <input type="text" id="username" name="username" autocomplete="username" autofocus required>
                <label for="password">%6$s</label>
                <input type="password" id="password" name="password" autocomplete="current-password" required>
                <input type="hidden" name="%7$s" value="%8$s">
                <input type="hidden" name="lang" value="%1$s">
                <button type="submit">%9$s</button>
                <p class="lang"><a href="%3$s/login?lang=%10$s">%11$s</a></p>
                </form>
                </body>
                </html>
                """.formatted(text.lang(), text.title(), request.getContextPath(), message, text.username(), text.password(),
                HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()), text.submit(), text.otherLang(),
                text.other());
    }

    /** The minutes {@code ?locked=} names (the throttle's redirect), 0 without one or when it is not a small number. */
    private static long locked(HttpServletRequest request) {
        String minutes = request.getParameter("locked");
        return minutes != null && minutes.matches("[0-9]{1,3}") ? Long.parseLong(minutes) : 0;
    }

    /** {@code &lang=zh} or {@code &lang=en} when the request names a language, else nothing. */
    static String langParameter(HttpServletRequest request) {
        String lang = request.getParameter("lang");
        if (lang == null) {
            return "";
        }
        return lang.toLowerCase(Locale.ROOT).startsWith("zh") ? "&lang=zh" : "&lang=en";
    }

    private static boolean chinese(HttpServletRequest request) {
        String lang = request.getParameter("lang");
        if (lang != null) {
            return lang.toLowerCase(Locale.ROOT).startsWith("zh");
        }
        return request.getHeader("Accept-Language") != null && "zh".equals(request.getLocale().getLanguage());
    }
}
