package io.percept.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.PerceptApplication;
import io.percept.platform.JsonValues;
import io.percept.testing.ChildJvm;
import io.percept.testing.ConsoleClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret reaches the log, with DEBUG on for {@code io.percept} and Spring Security: the
 * application runs in a child JVM whose whole output (start-up included) is captured, is given or
 * generates every kind of secret it handles, uses each, and the output is then searched for each
 * secret. Two runs: one with the admin token, the first admin's password and the MQTT password
 * configured, one with the token and password generated into files (the log names the file).
 */
class SecretsNotLoggedIT {

    private static final Pattern READY = Pattern.compile("ready in .* at (http://localhost:(\\d+)/)");
    private static final List<String> DEBUG = List.of("-Dlogging.level.io.percept=DEBUG", "-Dlogging.level.percept=DEBUG",
            "-Dlogging.level.org.springframework.security=DEBUG", "-Dpercept.prediction.enabled=false");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Each secret used in a run, by what it is. */
    private final Map<String, String> secrets = new LinkedHashMap<>();

    @Test
    void configuredSecretsAndEverySecretUsedAtRunTimeStayOutOfTheLog() throws Exception {
        secrets.put("admin token (configured)", "Configured-Admin-Token-7f3a9c2e51");
        secrets.put("first admin password (configured)", "Configured-Admin-Pw-4d8b");
        secrets.put("MQTT password", "Mqtt-Broker-Pw-2c6e91");
        secrets.put("write key (configured)", "Configured-Write-Key-5b7d3f");
        secrets.put("inbox signing secret", "Inbox-Signing-Secret-8e2a64");
        List<String> options = new ArrayList<>(DEBUG);
        options.addAll(List.of("-Dpercept.platform.admin-token=" + secrets.get("admin token (configured)"),
                "-Dpercept.access.admin-password=" + secrets.get("first admin password (configured)"),
                "-Dpercept.ingest.write-keys=shop:web:" + secrets.get("write key (configured)"),
                "-Dpercept.ingest.mqtt.broker=tcp://127.0.0.1:9", "-Dpercept.ingest.mqtt.username=percept",
                "-Dpercept.ingest.mqtt.password=" + secrets.get("MQTT password"),
                "-Dpercept.ingest.mqtt.subscriptions[0].topic=devices/{device_id}/telemetry",
                "-Dpercept.rules.inbox.enabled=true", "-Dpercept.rules.inbox.secret=" + secrets.get("inbox signing secret")));
        Path log = dir.resolve("configured.log");
        Process server = ChildJvm.start(PerceptApplication.class, log, options, "serve", "--port", "0", "--data-dir", dir.resolve("data-1").toString());
        try {
            Matcher ready = awaitReady(server, log);
            exercise(ready.group(1), Integer.parseInt(ready.group(2)), secrets.get("admin token (configured)"),
                    secrets.get("first admin password (configured)"), secrets.get("write key (configured)"));
        } finally {
            stop(server);
        }
        assertNoSecretIn(log);
    }

    @Test
    void generatedTokenAndPasswordAreInTheirFilesAndTheLogNamesTheFilesOnly() throws Exception {
        Path data = dir.resolve("data-2");
        Path log = dir.resolve("generated.log");
        Process server = ChildJvm.start(PerceptApplication.class, log, DEBUG, "serve", "--port", "0", "--data-dir", data.toString());
        try {
            Matcher ready = awaitReady(server, log);
            secrets.put("admin token (generated)", Files.readString(data.resolve("admin-token")).strip());
            secrets.put("first admin password (generated)", Files.readString(data.resolve("admin-password")).strip());
            HttpResponse<String> created = send("POST", ready.group(1) + "api/sources", "Bearer " + secrets.get("admin token (generated)"),
                    "{\"name\":\"shop\",\"channel\":\"web\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            secrets.put("write key (generated at creation)", (String) JsonValues.parseObject(created.body()).get("writeKey"));
            exercise(ready.group(1), Integer.parseInt(ready.group(2)), secrets.get("admin token (generated)"),
                    secrets.get("first admin password (generated)"), secrets.get("write key (generated at creation)"));
        } finally {
            stop(server);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).as("the log says where the password is").contains(data.resolve("admin-password").toString());
        assertNoSecretIn(log);
    }

    /** Uses every kind of secret: the admin token, sources' write keys, users' passwords, failed logins, signing secrets. */
    private void exercise(String url, int port, String token, String adminPassword, String writeKey) throws Exception {
        String bearer = "Bearer " + token;
        secrets.put("wrong admin token", "Wrong-Admin-Token-0c4e8a2b9d");
        assertThat(send("GET", url + "api/sources", bearer, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", url + "api/sources", "Bearer " + secrets.get("wrong admin token"), null).statusCode()).isEqualTo(401);

        secrets.put("write key (chosen)", "Chosen-Write-Key-6a1f0e");
        assertThat(send("POST", url + "api/sources", bearer, "{\"name\":\"desk\",\"channel\":\"service\",\"writeKey\":\""
                + secrets.get("write key (chosen)") + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> rotated = send("POST", url + "api/sources/desk/rotate-key", bearer, null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        secrets.put("write key (rotated)", (String) JsonValues.parseObject(rotated.body()).get("writeKey"));
        secrets.put("write key (rotated to a chosen one)", "Rotated-Chosen-Key-3e9b2d");
        assertThat(send("POST", url + "api/sources/desk/rotate-key", bearer, "{\"writeKey\":\"" + secrets.get("write key (rotated to a chosen one)")
                + "\"}").statusCode()).isEqualTo(200);

        String event = "{\"userId\":\"u1\",\"event\":\"Secret Test\"}";
        assertThat(send("POST", url + "v1/track", basic(writeKey), event).statusCode()).isEqualTo(200);
        assertThat(send("POST", url + "v1/track", basic(secrets.get("write key (rotated to a chosen one)")), event).statusCode()).isEqualTo(200);
        assertThat(send("POST", url + "v1/track", basic(secrets.get("write key (chosen)")), event).statusCode()).as("rotated away").isEqualTo(401);
        secrets.put("unknown write key", "Unknown-Write-Key-9d2c7a");
        assertThat(send("POST", url + "v1/track", basic(secrets.get("unknown write key")), event).statusCode()).isEqualTo(401);
        assertThat(send("POST", url + "v1/track", null, "{\"writeKey\":\"" + writeKey + "\",\"userId\":\"u2\",\"event\":\"E\"}").statusCode())
                .isEqualTo(200);

        secrets.put("webhook signing secret", "Webhook-Signing-Secret-1b5f7c");
        assertThat(send("PUT", url + "api/sources/desk/webhook", bearer, "signature: {secret: \"" + secrets.get("webhook signing secret")
                + "\", header: X-Signature}\ntype: track\nevent: Pushed\nuser_id: $.user\n").statusCode()).isEqualTo(200);
        assertThat(send("GET", url + "api/sources/desk/webhook", bearer, null).body()).doesNotContain(secrets.get("webhook signing secret"));
        assertThat(send("POST", url + "v1/webhooks/desk", null, "{\"user\":\"u3\"}").statusCode()).isEqualTo(401);
        secrets.put("rule webhook secret", "Rule-Webhook-Secret-4c8e2a");
        HttpResponse<String> rule = send("POST", url + "api/rules", bearer, "id: secret-test\nname: Secret test\nwhen:\n  event: {name: \"Secret Test\"}\n"
                + "actions:\n  - webhook: {url: \"http://127.0.0.1:9/hook\", secret: \"" + secrets.get("rule webhook secret") + "\", maxAttempts: 1}\n");
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(200);
        assertThat(send("POST", url + "v1/track", basic(writeKey), event).statusCode()).as("fires the rule").isEqualTo(200);

        secrets.put("user password", "Carol-Password-0a7e3c");
        secrets.put("user password (reset)", "Carol-Reset-Pw-5d1b8f");
        secrets.put("user password (changed)", "Carol-Changed-Pw-2f9a6e");
        assertThat(send("POST", url + "api/users", bearer, "{\"username\":\"carol\",\"password\":\"" + secrets.get("user password")
                + "\",\"roles\":[\"analyst\"]}").statusCode()).isEqualTo(201);
        assertThat(send("POST", url + "api/users/carol/password", bearer, "{\"password\":\"" + secrets.get("user password (reset)") + "\"}")
                .statusCode()).isEqualTo(204);
        ConsoleClient carol = ConsoleClient.signedIn(port, "carol", secrets.get("user password (reset)"));
        assertThat(carol.send("POST", "/api/session/password", "{\"currentPassword\":\"" + secrets.get("user password (reset)")
                + "\",\"newPassword\":\"" + secrets.get("user password (changed)") + "\"}").statusCode()).isEqualTo(204);
        secrets.put("a too short password", "Short-7c");
        assertThat(send("POST", url + "api/users", bearer, "{\"username\":\"dave\",\"password\":\"" + secrets.get("a too short password")
                + "\",\"roles\":[\"analyst\"]}").statusCode()).isEqualTo(400);

        secrets.put("wrong password at login", "Wrong-Login-Pw-8b3d1e");
        secrets.put("password typed as the username", "Typed-As-Username-6e2c9a");
        assertThat(new ConsoleClient(port).login("carol", secrets.get("wrong password at login")).headers().firstValue("Location").orElse(""))
                .contains("/login?error");
        assertThat(new ConsoleClient(port).login(secrets.get("password typed as the username"), "whatever-else-1").headers().firstValue("Location")
                .orElse("")).contains("/login?error");
        assertThat(new ConsoleClient(port).login("admin", adminPassword).statusCode()).isEqualTo(302);
        String audit = send("GET", url + "api/users/audit?limit=1000", bearer, null).body();
        assertThat(audit).as("the audit keeps no password either").doesNotContain(secrets.get("password typed as the username"),
                secrets.get("wrong password at login"), secrets.get("user password (changed)"));
    }

    private void assertNoSecretIn(Path log) throws Exception {
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.copy(log, Path.of("target", "secrets-scan-" + log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(output).as("the server ran with DEBUG on for Spring Security (see target/secrets-scan-*)").contains("Securing POST /api/users");
        assertThat(output).as("and for Percept").containsPattern("DEBUG +[A-Z][A-Za-z]+ ");
        String lower = output.toLowerCase(java.util.Locale.ROOT);
        List<String> leaked = new ArrayList<>();
        secrets.forEach((what, secret) -> {
            int at = lower.indexOf(secret.toLowerCase(java.util.Locale.ROOT));
            if (at >= 0) {
                leaked.add(what + ": ..." + output.substring(Math.max(0, at - 200), Math.min(output.length(), at + secret.length() + 40)));
            }
        });
        System.out.printf("secrets scan: %d secrets searched in %,d lines (%,d bytes) of %s: %d found%n", secrets.size(),
                output.lines().count(), output.length(), log.getFileName(), leaked.size());
        assertThat(leaked).isEmpty();
    }

    private HttpResponse<String> send(String method, String url, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static Matcher awaitReady(Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("the server runs (see %s)", log).isTrue();
            Matcher ready = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (ready.find()) {
                return ready;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not get ready in 180 s; see " + log);
    }

    /** An orderly stop (SIGTERM), so the shutdown's log lines are searched too. */
    private static void stop(Process server) throws Exception {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }
}
