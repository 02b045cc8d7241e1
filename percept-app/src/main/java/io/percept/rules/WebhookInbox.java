package io.percept.rules;

import io.percept.platform.Digests;
import io.percept.platform.JsonValues;
import io.percept.platform.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The local webhook inbox: keeps the newest webhooks posted to {@code /api/rules/inbox/{name}} in
 * memory, per name, and checks their {@code Percept-Signature} against the name's secret. For the
 * demo and for trying rules without a receiver of one's own. Thread-safe.
 */
public final class WebhookInbox {

    /** Inbox names: what the URL's last segment may be. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** A signature's time may be this far from the clock. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** What the signature header said about a webhook. */
    public enum Signature {
        /** It verifies with the name's secret, at a time within 5 minutes of the clock. */
        VERIFIED,
        /** It does not verify (another secret or body, or malformed). */
        INVALID,
        /** It verifies, but its time is more than 5 minutes from the clock (a replayed request). */
        STALE,
        /** There is none. */
        MISSING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One webhook received.
     *
     * @param id             its number in this inbox (since start, all names)
     * @param inbox          the name it was posted to
     * @param receivedAt     when
     * @param ruleId         its {@code Percept-Rule} header, or null
     * @param idempotencyKey its {@code Percept-Idempotency-Key} header, or null
     * @param attempt        its {@code Percept-Attempt} header, or null
     * @param signature      {@code verified}, {@code invalid}, {@code stale} or {@code missing}
     * @param body           the body as JSON (an object, list, ...), or as text when it is not JSON
     */
    public record Received(long id, String inbox, Instant receivedAt, String ruleId, String idempotencyKey, String attempt, String signature,
            Object body) {
    }

    private final int keep;
    private final UnaryOperator<String> secrets;
    private final Clock clock;
    private final Map<String, Deque<Received>> inboxes = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param keep    how many webhooks to keep per name
     * @param secrets the secret of each name
     */
    public WebhookInbox(int keep, UnaryOperator<String> secrets, Clock clock) {
        this.keep = keep;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The secret webhooks posted to {@code name} should be signed with. */
    public String secret(String name) {
        return secrets.apply(name);
    }

    /** Checks a signature header ({@code t=<unix seconds>,v1=<hex>}; null when absent) of a body posted to {@code name}. */
    public Signature check(String name, String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return Signature.MISSING;
        }
        String time = null;
        String expected = null;
        for (String part : header.split(",")) {
            String field = part.strip();
            if (field.startsWith("t=")) {
                time = field.substring(2);
            } else if (field.startsWith("v1=")) {
                expected = field.substring(3);
            }
        }
        if (time == null || expected == null || !time.matches("[0-9]{1,12}")) {
            return Signature.INVALID;
        }
        String signature = Digests.hmacSha256Hex(secret(name), (time + ".").getBytes(StandardCharsets.UTF_8), body);
        if (!Digests.secretsEqual(signature, expected)) {
            return Signature.INVALID;
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(time));
        return skew <= TOLERANCE.toSeconds() ? Signature.VERIFIED : Signature.STALE;
    }

    /** Keeps a webhook posted to {@code name}, forgetting the oldest beyond the limit. */
    public Received receive(String name, Map<String, String> headers, byte[] body, Signature signature) {
        String text = new String(body, StandardCharsets.UTF_8);
        Object parsed;
        try {
            parsed = text.isBlank() ? null : JsonValues.parse(body);
        } catch (MalformedJsonException notJson) {
            parsed = text;
        }
        Received received = new Received(ids.incrementAndGet(), name, clock.instant(), headers.get("Percept-Rule"),
                headers.get("Percept-Idempotency-Key"), headers.get("Percept-Attempt"), signature.wireName(), parsed);
        synchronized (inboxes) {
            Deque<Received> inbox = inboxes.computeIfAbsent(name, any -> new ArrayDeque<>());
            inbox.addFirst(received);
            while (inbox.size() > keep) {
                inbox.removeLast();
            }
        }
        return received;
    }

    /** The newest webhooks posted to {@code name} (all names when null), newest first. */
    public List<Received> list(String name, int limit) {
        List<Received> all = new ArrayList<>();
        synchronized (inboxes) {
            for (Map.Entry<String, Deque<Received>> inbox : inboxes.entrySet()) {
                if (name == null || name.equals(inbox.getKey())) {
                    inbox.getValue().stream().limit(limit).forEach(all::add);
                }
            }
        }
        all.sort(Comparator.comparingLong(Received::id).reversed());
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }
}
