package io.percept.platform;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Fast reading and writing of ISO-8601 instants ({@code 2026-11-27T08:30:00.123Z}), which
 * ingestion parses and the log writes several times per event: the JDK's formatters cost about a
 * microsecond each, these a few dozen nanoseconds. The fast paths cover years 0000-9999 with
 * {@code Z} or a {@code ±HH:MM} offset and 0-9 fraction digits; anything else falls back to the
 * JDK, so results are always the JDK's.
 */
public final class IsoInstants {

    private static final long SECONDS_PER_DAY = 86_400;
    private static final long MIN_FAST_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_FAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private IsoInstants() {
    }

    /** Parses an ISO-8601 instant; equivalent to {@link Instant#parse}. */
    public static Instant parse(String text) {
        Instant fast = parseFast(text, false);
        return fast != null ? fast : Instant.parse(text);
    }

    /**
     * Parses {@code 2026-11-27T08:30:00.123Z} or {@code 2026-11-27T16:30:00.123+08:00} quickly.
     *
     * @return the instant, or {@code null} if the text is not in one of those forms or not a valid
     *         date-time (the caller then asks the JDK, which explains what is wrong)
     */
    public static Instant parseOffsetDateTime(String text) {
        return parseFast(text, true);
    }

    private static Instant parseFast(String text, boolean offsets) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int end;
        int offsetSeconds = 0;
        char last = text.charAt(length - 1);
        if (last == 'Z') {
            end = length - 1;
        } else if (offsets && length >= 25 && text.charAt(length - 3) == ':' && (text.charAt(length - 6) == '+' || text.charAt(length - 6) == '-')) {
            int hours = digits(text, length - 5, 2);
            int minutes = digits(text, length - 2, 2);
            if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) {
                return null;
            }
            offsetSeconds = (hours * 3600 + minutes * 60) * (text.charAt(length - 6) == '-' ? -1 : 1);
            end = length - 6;
        } else {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = 0;
        if (end > 19) {
            int fractionDigits = end - 20;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        } else if (end != 19) {
            return null;
        }
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > lengthOfMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay = epochDay(year, month, day);
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    }

    /** Formats like {@link DateTimeFormatter#ISO_INSTANT} (and {@link Instant#toString}). */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST_SECOND || seconds > MAX_FAST_SECOND) {
            return DateTimeFormatter.ISO_INSTANT.format(instant);
        }
        long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // civil_from_days (Howard Hinnant)
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
        int nanos = instant.getNano();
        char[] out = new char[nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1000 == 0 ? 27 : 30];
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        if (nanos != 0) {
            out[19] = '.';
            int digits = out.length - 21;
            put(out, 20, nanos / (digits == 3 ? 1_000_000 : digits == 6 ? 1000 : 1), digits);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The value of {@code count} decimal digits at {@code start}, or -1 if any is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static int lengthOfMonth(int year, int month) {
        if (month == 2) {
            return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }
}
