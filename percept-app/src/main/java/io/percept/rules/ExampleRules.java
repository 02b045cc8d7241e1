package io.percept.rules;

import io.percept.platform.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The shipped example rules (classpath {@code rules/examples/*.yaml}), pointed at where their
 * webhooks should go. The files post to {@value #SHIPPED_BASE}{@code /<name>} signed with
 * {@value #SHIPPED_SECRET}; loading them replaces that base (e.g. with the local inbox,
 * {@code http://localhost:8080/api/rules/inbox}), the placeholder secret with the secret of
 * {@code <name>} and, when asked, their absence windows (the demo shortens the cart's 2 hours).
 */
final class ExampleRules {

    /** The base of the example files' webhook URLs. */
    static final String SHIPPED_BASE = "https://hooks.example.com/percept";
    /** The example files' placeholder secret. */
    static final String SHIPPED_SECRET = "change-me";

    private static final Logger log = LoggerFactory.getLogger(ExampleRules.class);

    private final String baseUrl;
    private final UnaryOperator<String> secrets;
    private final Duration absence;

    /**
     * @param baseUrl where the webhooks go instead of {@value #SHIPPED_BASE} (no trailing slash)
     * @param secrets the secret of each destination name; {@code null} keeps the placeholder
     * @param absence the absence windows' length; {@code null} keeps the files'
     */
    ExampleRules(String baseUrl, UnaryOperator<String> secrets, Duration absence) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.secrets = secrets;
        this.absence = absence;
    }

    /** The example documents as shipped, in file order. */
    static List<Map<String, Object>> shipped() {
        try {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:rules/examples/*.yaml")) {
                documents.add(RuleDocuments.parse(resource.getContentAsString(StandardCharsets.UTF_8), resource.getFilename()));
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the example rules", e);
        }
    }

    /**
     * Saves each example that is not stored yet, and brings up to date a stored one that differs
     * from what this would save only in the fields it sets (URLs, secrets, absence windows): one
     * loaded by an earlier start on another port, say. An example edited otherwise is left alone.
     */
    void load(Rules rules) {
        for (Map<String, Object> shipped : shipped()) {
            String id = String.valueOf(shipped.get("id"));
            try {
                Map<String, Object> document = rules.validate(adapt(shipped)).toDocument();
                Optional<Rules.StoredRule> stored = rules.get(id);
                if (stored.isEmpty()) {
                    rules.save(document);
                    log.info("Loaded the example rule {}", id);
                } else if (!JsonValues.toJson(stored.get().document()).equals(JsonValues.toJson(document))
                        && JsonValues.toJson(blank(stored.get().document())).equals(JsonValues.toJson(blank(document)))) {
                    rules.save(document);
                    log.info("Updated the example rule {} (where its webhooks go)", id);
                }
            } catch (IllegalArgumentException e) {
                log.warn("The example rule {} could not be loaded: {}", id, e.getMessage());
            }
        }
    }

    /** A copy of an example document with this base URL, secrets and absence window. */
    Map<String, Object> adapt(Map<String, Object> document) {
        return rewrite(document, url -> url.startsWith(SHIPPED_BASE + "/") ? baseUrl + url.substring(SHIPPED_BASE.length()) : url,
                (url, secret) -> secrets != null && SHIPPED_SECRET.equals(secret) ? secrets.apply(url.substring(url.lastIndexOf('/') + 1)) : secret,
                within -> absence == null ? within : absence.toMillis() % 1000 == 0 ? absence.toSeconds() + "s" : absence.toMillis() + "ms");
    }

    /** The document without the fields {@link #adapt} sets. */
    private static Map<String, Object> blank(Map<String, Object> document) {
        return rewrite(document, url -> "", (url, secret) -> "", within -> "");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rewrite(Map<String, Object> document, UnaryOperator<String> url,
            BinaryOperator<String> secret, UnaryOperator<String> within) {
        Map<String, Object> copy = JsonValues.parseObject(JsonValues.toJson(document));
        if (copy.get("actions") instanceof List<?> actions) {
            for (Object action : actions) {
                if (action instanceof Map<?, ?> entry) {
                    rewriteHook((Map<String, Object>) entry.get("webhook"), "url", url, secret);
                    rewriteHook((Map<String, Object>) entry.get("alert"), "webhook", url, secret);
                }
            }
        }
        if (copy.get("window") instanceof Map<?, ?> window && window.get("absent") instanceof Map<?, ?> absent && absent.get("within") != null) {
            ((Map<String, Object>) absent).put("within", within.apply(String.valueOf(absent.get("within"))));
        }
        return copy;
    }

    private static void rewriteHook(Map<String, Object> hook, String urlField, UnaryOperator<String> url,
            BinaryOperator<String> secret) {
        if (hook != null && hook.get(urlField) instanceof String target) {
            hook.put(urlField, url.apply(target));
            if (hook.get("secret") instanceof String current) {
                hook.put("secret", secret.apply(target, current));
            }
        }
    }
}
