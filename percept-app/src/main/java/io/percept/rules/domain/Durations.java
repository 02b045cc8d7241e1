package io.percept.rules.domain;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rule durations: a whole number and a unit, {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}. */
final class Durations {

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final String[] UNITS = {"d", "h", "m", "s"};
    private static final long[] MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};

    private Durations() {
    }

    /** The duration, or {@code null} if the text is not one. */
    static Duration parse(String text) {
        Matcher matcher = SHAPE.matcher(text.strip());
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The shortest text {@link #parse} reads back as {@code duration} (whole milliseconds). */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        for (int i = 0; i < UNITS.length; i++) {
            if (millis % MILLIS[i] == 0) {
                return millis / MILLIS[i] + UNITS[i];
            }
        }
        return millis + "ms";
    }

    static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }
}
