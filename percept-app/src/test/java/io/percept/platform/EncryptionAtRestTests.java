package io.percept.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.percept.PerceptApplication;
import io.percept.eventlog.EventLog;
import io.percept.profile.Profiles;
import io.percept.testing.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Encryption at rest end to end (issue 11): people identified through the HTTP API with the key
 * set; after the server stops and the store is compacted, no byte of the store, its write-ahead
 * log or the profile snapshot holds their emails, phones, names or streets, while the APIs return
 * them decrypted, also after a restart. The same run without the key is the control: the scan finds
 * every one of them. A missing, other or malformed key is refused at start.
 */
class EncryptionAtRestTests {

    private static final String TOKEN = "crypt-admin-token-0001";
    private static final String WRITE_KEY = "crypt-write-key-0001";
    private static final int PEOPLE = 12;

    private final HttpClient http = HttpClient.newHttpClient();

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String email(int person) {
        return "zelda.quixote" + person + "@crypt-example.org";
    }

    /** As the client sends it; the identifier is its E.164 form, +8613907720NNN, which holds these digits too. */
    private static String phone(int person) {
        return String.format(Locale.ROOT, "139 0772 0%03d", person).replace(" ", "");
    }

    private static String name(int person) {
        return "Zelda Quixote-" + person;
    }

    private static String street(int person) {
        return person + " Nightingale Crescent";
    }

    /** The plaintexts the scan looks for. */
    private static List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        for (int person = 0; person < PEOPLE; person++) {
            secrets.addAll(List.of(email(person), phone(person), name(person), street(person)));
        }
        return secrets;
    }

    private static ConfigurableApplicationContext start(Path dir, String key) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--percept.platform.data-dir=" + dir,
                "--percept.platform.admin-token=" + TOKEN, "--percept.ingest.write-keys=shop:web:" + WRITE_KEY));
        if (key != null) {
            arguments.add("--percept.platform.encryption.key=" + key);
        }
        return new SpringApplicationBuilder(PerceptApplication.class).run(arguments.toArray(String[]::new));
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private HttpResponse<String> call(ConfigurableApplicationContext context, String method, String path, String body, boolean tracking)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(context) + path)).header("Authorization", tracking
                ? "Basic " + Base64.getEncoder().encodeToString((WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8))
                : "Bearer " + TOKEN);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> get(ConfigurableApplicationContext context, String path) throws Exception {
        HttpResponse<String> response = call(context, "GET", path, null, false);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JsonValues.parseObject(response.body());
    }

    /** Identifies {@link #PEOPLE} people (email, phone, name, address; one by context.traits) with two orders each, and waits for unify. */
    private void ingest(ConfigurableApplicationContext context) throws Exception {
        List<Object> batch = new ArrayList<>();
        for (int person = 0; person < PEOPLE; person++) {
            Map<String, Object> traits = new LinkedHashMap<>();
            traits.put("email", email(person));
            traits.put("phone", phone(person));
            traits.put("name", name(person));
            traits.put("address", Map.of("street", street(person), "city", "Hangzhou"));
            traits.put("plan", "gold");
            batch.add(Map.of("type", "identify", "userId", "crypt-" + person, "traits", traits));
            for (int order = 0; order < 2; order++) {
                Map<String, Object> track = new LinkedHashMap<>();
                track.put("type", "track");
                track.put("userId", "crypt-" + person);
                track.put("event", "Order Completed");
                track.put("properties", Map.of("order_id", "o-" + person + "-" + order, "revenue", 10 + person));
                if (order == 1) {
                    track.put("context", Map.of("traits", Map.of("email", email(person))));
                }
                batch.add(track);
            }
        }
        HttpResponse<String> response = call(context, "POST", "/v1/batch", JsonText.of(Map.of("batch", batch)), true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        EventLog log = context.getBean(EventLog.class);
        Profiles profiles = context.getBean(Profiles.class);
        long deadline = System.currentTimeMillis() + 60_000;
        while (profiles.position() < log.head() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(profiles.position()).isEqualTo(log.head());
    }

    /** What the APIs say about person 3: profile by email and by phone, timeline, export, segment preview and the console search. */
    @SuppressWarnings("unchecked")
    private void apisShowPlaintext(ConfigurableApplicationContext context) throws Exception {
        Map<String, Object> profile = get(context, "/api/profiles/by-identifier/email/" + URLEncoder.encode(email(3), StandardCharsets.UTF_8));
        long id = ((Number) profile.get("id")).longValue();
        assertThat(profile.toString()).contains(email(3), name(3), street(3));
        assertThat(((Number) ((Map<String, Object>) profile.get("attributes")).get("orders")).intValue()).isEqualTo(2);
        assertThat(((Number) get(context, "/api/profiles/by-identifier/phone/" + phone(3)).get("id")).longValue()).isEqualTo(id);

        String timeline = call(context, "GET", "/api/profiles/" + id + "/events", null, false).body();
        assertThat(timeline).contains(email(3), name(3), street(3)).doesNotContain("enc1:", "encj1:");
        assertThat(timeline.split("Order Completed", -1).length - 1).isEqualTo(2);

        String export = call(context, "GET", "/api/profiles/" + id + "/export", null, false).body();
        assertThat(export).contains(email(3), phone(3), name(3), street(3)).doesNotContain("enc1:", "encj1:", "det1:");

        String audit = call(context, "GET", "/api/profiles/" + id + "/merges", null, false).body();
        assertThat(audit).doesNotContain("det1:");

        HttpResponse<String> preview = call(context, "POST", "/api/segments/preview?sample=50",
                JsonText.of(Map.of("definition", "traits.email contains \"quixote3@\"")), false);
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        Map<String, Object> evaluation = (Map<String, Object>) JsonValues.parseObject(preview.body()).get("evaluation");
        assertThat(((Number) evaluation.get("size")).intValue()).as(preview.body()).isEqualTo(1);

        String found = call(context, "GET", "/api/profiles?filter=" + URLEncoder.encode("traits.email ~ QUIXOTE3@", StandardCharsets.UTF_8), null,
                false).body();
        assertThat(found).contains("\"total\":1", email(3));

        String search = call(context, "GET", "/api/console/customers?q=" + URLEncoder.encode(email(3), StandardCharsets.UTF_8), null, false)
                .body();
        assertThat(search).contains("\"id\":" + id);
    }

    /** A prediction run reads the events with their (sealed) identifiers and its score board reaches the profiles. */
    @SuppressWarnings("unchecked")
    private void predictionsReachTheProfiles(ConfigurableApplicationContext context) throws Exception {
        HttpResponse<String> started = call(context, "POST", "/api/predictions/runs", null, false);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long deadline = System.currentTimeMillis() + 120_000;
        Map<String, Object> status;
        do {
            Thread.sleep(200);
            status = get(context, "/api/predictions/status");
        } while (!"succeeded".equals(status.get("status")) && !"failed".equals(status.get("status")) && System.currentTimeMillis() < deadline);
        assertThat(status.get("status")).as(String.valueOf(status)).isEqualTo("succeeded");
        assertThat(((Number) ((Map<String, Object>) status.get("summary")).get("customers")).intValue()).isEqualTo(PEOPLE);
        Map<String, Object> profile = get(context, "/api/profiles/by-identifier/email/" + URLEncoder.encode(email(3), StandardCharsets.UTF_8));
        // on the run's score board: the events' sealed identifiers were opened and led to the profile (12 same-day buyers
        // are too few for the models to give values, which the JSON leaves out)
        assertThat((Map<String, Object>) ((Map<String, Object>) profile.get("attributes")).get("scores")).containsKeys("run", "churnDrivers");
    }

    /** For each file of the data directory, how many of the secrets its raw bytes hold. */
    private static Map<String, Integer> scan(Path dir) throws IOException {
        Map<String, Integer> hits = new LinkedHashMap<>();
        List<String> secrets = secrets();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                int found = 0;
                for (String secret : secrets) {
                    found += bytes.contains(secret) ? 1 : 0;
                }
                hits.put(dir.relativize(file).toString(), found);
            }
        }
        return hits;
    }

    private static int total(Map<String, Integer> hits) {
        return hits.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void encryptedStoreHoldsNoPlaintextWhileTheApisShowIt() throws Exception {
        Path dir = TestServers.temporaryDirectory("percept-crypt-");
        String key = newKey();
        try (ConfigurableApplicationContext context = start(dir, key)) {
            ingest(context);
            apisShowPlaintext(context);
            predictionsReachTheProfiles(context);
            // before any compaction: the write-ahead log and the file as the running server left them
            Map<String, Integer> live = scan(dir);
            System.out.println("encrypted store, running, plaintext hits per file: " + live);
            assertThat(total(live)).as("plaintext in %s", live).isZero();
        }
        Map<String, Integer> stopped = scan(dir);
        EmbeddedStore.compact(dir);
        Map<String, Integer> compacted = scan(dir);
        System.out.println("encrypted store, stopped: " + stopped + ", compacted: " + compacted);
        assertThat(total(stopped)).as("plaintext in %s", stopped).isZero();
        assertThat(total(compacted)).as("plaintext in %s", compacted).isZero();
        assertThat(compacted).containsKeys(EmbeddedStore.DATABASE_FILE, "state/unify.snapshot");

        // restarted with its key: the snapshot and the store are read back, nothing shows ciphertext
        try (ConfigurableApplicationContext context = start(dir, key)) {
            apisShowPlaintext(context);
        }

        // without the key, with another key, with a malformed one: refused with a clear message that never holds a key
        assertRefused(dir, null, "is encrypted (key id " + PiiCipher.of(key, List.of()).keyId() + "), but no encryption key is set", key);
        String other = newKey();
        assertRefused(dir, other, "is encrypted with key id " + PiiCipher.of(key, List.of()).keyId() + ", but the encryption key set", key,
                other);
        String malformed = key.substring(0, 30);
        assertRefused(dir, malformed, "must be 256 bits", malformed);
        assertRefused(dir, "not base64 at all!", "is not valid base64", "not base64 at all!");
    }

    @Test
    void withoutTheKeyTheSameScanFindsThePlaintextAndTheKeyCannotBeTurnedOnLater() throws Exception {
        Path dir = TestServers.temporaryDirectory("percept-plain-");
        try (ConfigurableApplicationContext context = start(dir, null)) {
            ingest(context);
            apisShowPlaintext(context);
        }
        EmbeddedStore.compact(dir);
        Map<String, Integer> compacted = scan(dir);
        System.out.println("plaintext store, compacted, plaintext hits per file: " + compacted);
        assertThat(compacted.get("state/unify.snapshot")).as("every secret in the snapshot").isEqualTo(secrets().size());
        assertThat(compacted.get(EmbeddedStore.DATABASE_FILE)).as("the store file holds plaintext").isPositive();

        String key = newKey();
        assertRefused(dir, key, "holds unencrypted data, so encryption cannot be turned on", key);
        try (ConfigurableApplicationContext context = start(dir, null)) {
            apisShowPlaintext(context);
        }
    }

    private static void assertRefused(Path dir, String key, String message, String... neverShown) {
        assertThatThrownBy(() -> start(dir, key).close()).satisfies(failure -> {
            Throwable cause = failure;
            while (cause != null && !(cause instanceof EncryptionKeyException)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("an EncryptionKeyException in %s", failure).isNotNull();
            assertThat(cause.getMessage()).contains(message);
            for (Throwable each = failure; each != null; each = each.getCause()) {
                for (String secret : neverShown) {
                    assertThat(String.valueOf(each.getMessage())).doesNotContain(secret);
                }
            }
        });
    }
}
