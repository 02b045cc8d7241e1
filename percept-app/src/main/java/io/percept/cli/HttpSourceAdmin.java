package io.percept.cli;

import io.percept.platform.JsonValues;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link SourceAdmin} through a running server's {@code /api/sources}. */
final class HttpSourceAdmin implements SourceAdmin {

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    HttpSourceAdmin(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Whether a Percept answers at the URL. */
    boolean reachable() {
        try {
            http.send(HttpRequest.newBuilder(base.resolve("/actuator/health")).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public List<Map<String, Object>> list() {
        return list(send("GET", "/api/sources", null));
    }

    @Override
    public Map<String, Object> create(String name, String channel, String writeKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("channel", channel);
        if (writeKey != null) {
            body.put("writeKey", writeKey);
        }
        return JsonValues.parseObject(send("POST", "/api/sources", JsonValues.toJson(body)));
    }

    @Override
    public Map<String, Object> setEnabled(String name, boolean enabled) {
        return JsonValues.parseObject(send("PATCH", "/api/sources/" + encode(name), "{\"enabled\":" + enabled + "}"));
    }

    @Override
    public Map<String, Object> rotate(String name, String writeKey) {
        String body = writeKey == null ? "{}" : JsonValues.toJson(Map.of("writeKey", writeKey));
        return JsonValues.parseObject(send("POST", "/api/sources/" + encode(name) + "/rotate-key", body));
    }

    @Override
    public Map<String, Object> stats(String name) {
        return JsonValues.parseObject(send("GET", "/api/sources/" + encode(name) + "/stats", null));
    }

    @Override
    public List<Map<String, Object>> events(String name, int limit) {
        return list(send("GET", "/api/sources/" + encode(name) + "/events?limit=" + limit, null));
    }

    @Override
    public String target() {
        return "the server at " + base;
    }

    @Override
    public void close() {
    }

    /** Sends {@code json} (or nothing) to {@code path} with the admin token; the answer's body, or an {@link AdminException} with the problem. */
    String send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AdminException("cannot reach " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            String detail = response.body();
            try {
                Object problem = JsonValues.parseObject(response.body()).get("detail");
                detail = problem != null ? problem.toString() : detail;
            } catch (IllegalArgumentException notJson) {
                // keep the raw body
            }
            throw new AdminException(response.statusCode() + ": " + detail);
        }
        return response.body();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(String json) {
        return (List<Map<String, Object>>) JsonValues.parseObject("{\"items\":" + json + "}").get("items");
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
