package io.percept.testing;

import io.percept.platform.JsonValues;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser-like client of a test server: cookies kept, the login form filled in, the CSRF token sent in the header. */
public final class ConsoleClient {

    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private String csrf;

    public ConsoleClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /** Logs in through the form; the response to the form's post (302 to /console on success). */
    public HttpResponse<String> login(String username, String password) throws Exception {
        HttpResponse<String> page = get("/login");
        Matcher token = FORM_TOKEN.matcher(page.body());
        if (!token.find()) {
            throw new AssertionError("no CSRF token on the login page: " + page.body());
        }
        String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(token.group(1));
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> session = get("/api/session");
        if (session.statusCode() == 200) {
            Object csrfObject = JsonValues.parseObject(session.body().getBytes(StandardCharsets.UTF_8)).get("csrf");
            csrf = (String) ((Map<?, ?>) csrfObject).get("token");
        }
        return posted;
    }

    /** A client signed in through the login form as {@code username}; fails the test when the login is refused. */
    public static ConsoleClient signedIn(int port, String username, String password) throws Exception {
        ConsoleClient client = new ConsoleClient(port);
        HttpResponse<String> answer = client.login(username, password);
        if (answer.statusCode() != 302 || answer.headers().firstValue("Location").orElse("").contains("/login")) {
            throw new AssertionError("login as " + username + " refused: " + answer.statusCode() + " " + answer.headers().firstValue("Location"));
        }
        return client;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, Map.of());
    }

    /** A GET with extra headers, given as name, value, name, value… */
    public HttpResponse<String> get(String path, String... headers) throws Exception {
        Map<String, String> named = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            named.put(headers[i], headers[i + 1]);
        }
        return send("GET", path, null, named);
    }

    /** Sends with the session's CSRF token in {@code X-CSRF-TOKEN}, a JSON body for anything but GET. */
    public HttpResponse<String> send(String method, String path, String json) throws Exception {
        return send(method, path, json, csrf == null ? Map.of() : Map.of("X-CSRF-TOKEN", csrf));
    }

    public HttpResponse<String> send(String method, String path, String json, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form as a page's {@code <form method="post">} does (fields as name, value, …; a name may repeat), with the session's CSRF token. */
    public HttpResponse<String> postForm(String path, String... fields) throws Exception {
        return postForm(path, Map.of(), fields);
    }

    /** As {@link #postForm(String, String...)} with extra headers (e.g. {@code HX-Request} for an htmx form). */
    public HttpResponse<String> postForm(String path, Map<String, String> headers, String... fields) throws Exception {
        StringBuilder form = new StringBuilder("_csrf=").append(encode(csrf == null ? "" : csrf));
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.append('&').append(encode(fields[i])).append('=').append(encode(fields[i + 1]));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
