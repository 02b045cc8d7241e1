package io.percept.identity.domain;

import io.percept.identity.Identifier;
import io.percept.identity.IdentifierType;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns raw identifier values into normalised {@link Identifier}s, refusing placeholders: values
 * on the blocklist, values of one repeated character ({@code 000000}, {@code xxxxxx}) and values
 * longer than {@value Identifier#MAX_LENGTH} characters. Emails are lower-cased and must look
 * like {@code local@domain.tld}; phones become E.164 ({@code +8613812345678}), with Chinese
 * mobile numbers recognised in their usual spellings and other numbers without a country code
 * given the default one.
 *
 * @param blocklist          placeholder values, lower-case
 * @param defaultCountryCode the calling code for phone numbers written without one, e.g. {@code 86}
 */
public record IdentifierValues(Set<String> blocklist, String defaultCountryCode) {

    /** Placeholders that clients send for "no id" (compared case-insensitively after trimming). */
    public static final Set<String> DEFAULT_BLOCKLIST = Set.of("", "null", "undefined", "nil", "none", "nan", "n/a", "na", "anonymous",
            "guest", "unknown", "test", "0", "-1", "true", "false", "[object object]", "{}", "[]",
            "00000000-0000-0000-0000-000000000000");

    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+");
    private static final Pattern CHINESE_MOBILE = Pattern.compile("1[3-9]\\d{9}");

    public IdentifierValues {
        blocklist = Set.copyOf(blocklist.stream().map(value -> value.strip().toLowerCase(Locale.ROOT)).toList());
        if (!defaultCountryCode.matches("[1-9]\\d{0,2}")) {
            throw new IllegalArgumentException("the default country code must be 1-3 digits, e.g. 86, was '" + defaultCountryCode + "'");
        }
    }

    /** The defaults: {@link #DEFAULT_BLOCKLIST} and country code 86 (China). */
    public static IdentifierValues defaults() {
        return new IdentifierValues(DEFAULT_BLOCKLIST, "86");
    }

    /** The normalised identifier, or empty when {@code raw} is not a usable value of {@code type}. */
    public Optional<Identifier> normalize(IdentifierType type, Object raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String text;
        if (raw instanceof String string) {
            text = string.strip();
        } else if (raw instanceof Long || raw instanceof Integer) {
            text = raw.toString();
        } else if (raw instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
            text = Long.toString(number.longValue());
        } else {
            return Optional.empty();
        }
        if (text.isEmpty() || text.length() > Identifier.MAX_LENGTH || blocklist.contains(text.toLowerCase(Locale.ROOT)) || oneCharacter(text)) {
            return Optional.empty();
        }
        if (type.equals(IdentifierType.EMAIL)) {
            String email = text.toLowerCase(Locale.ROOT);
            return EMAIL.matcher(email).matches() ? Optional.of(new Identifier(type, email)) : Optional.empty();
        }
        if (type.equals(IdentifierType.PHONE)) {
            return phone(text).map(value -> new Identifier(type, value));
        }
        return Optional.of(new Identifier(type, text));
    }

    /** E.164 of a phone number written in the usual ways, or empty when it is not one. */
    Optional<String> phone(String text) {
        StringBuilder digits = new StringBuilder(text.length());
        boolean plus = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.length() == 0 && !plus) {
                plus = true;
            } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
                return Optional.empty();
            }
        }
        String number = digits.toString();
        if (!plus && number.startsWith("00")) {
            number = number.substring(2);
            plus = true;
        }
        if (!plus) {
            if (CHINESE_MOBILE.matcher(number).matches()) {
                number = "86" + number;
            } else if (number.startsWith("86") && CHINESE_MOBILE.matcher(number.substring(2)).matches()) {
                // 86 13812345678 written without the plus
            } else if (number.startsWith("0")) {
                number = defaultCountryCode + number.substring(1);
            } else {
                number = defaultCountryCode + number;
            }
        }
        if (number.length() < 8 || number.length() > 15 || number.startsWith("0") || oneCharacter(number.substring(2))) {
            return Optional.empty();
        }
        return Optional.of("+" + number);
    }

    private static boolean oneCharacter(String text) {
        if (text.length() < 4) {
            return false;
        }
        char first = text.charAt(0);
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) != first) {
                return false;
            }
        }
        return true;
    }
}
