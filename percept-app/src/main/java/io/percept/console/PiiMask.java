package io.percept.console;

import java.util.Locale;
import java.util.Set;

/**
 * How the console hides personal data from users without the PII permission: phone {@code 138****1234},
 * email {@code z***@example.com}, name {@code 张*} / {@code J*** S***}, address kept to its first three characters.
 */
public final class PiiMask {

    /** Trait names that hold personal data (compared in lower case). */
    public static final Set<String> PERSONAL_TRAITS = Set.of("name", "first_name", "last_name", "firstname", "lastname", "email", "phone",
            "mobile", "address", "street", "postal_code", "zip", "birthday");
    /** Identifier types that are personal data. */
    public static final Set<String> PERSONAL_IDENTIFIERS = Set.of("email", "phone");

    private PiiMask() {
    }

    /** A value of field {@code field} (trait or identifier type) masked if the field is personal; others as they are. */
    public static String mask(String field, String value) {
        if (value == null || field == null) {
            return value;
        }
        String key = field.toLowerCase(Locale.ROOT);
        if (key.equals("phone") || key.equals("mobile")) {
            return phone(value);
        }
        if (key.equals("email")) {
            return email(value);
        }
        if (key.contains("name")) {
            return name(value);
        }
        if (PERSONAL_TRAITS.contains(key)) {
            return address(value);
        }
        return value;
    }

    /** {@code +8613812341234} and {@code 13812341234} → {@code 138****1234}; short numbers keep only their last two digits. */
    public static String phone(String value) {
        String digits = value.replaceAll("[^0-9]", "");
        if (digits.length() == 13 && digits.startsWith("86")) {
            digits = digits.substring(2);
        }
        if (digits.length() < 8) {
            return "*".repeat(Math.max(0, digits.length() - 2)) + digits.substring(Math.max(0, digits.length() - 2));
        }
        return digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4);
    }

    /** {@code zhang@example.com} → {@code z***@example.com}. */
    public static String email(String value) {
        int at = value.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return value.charAt(0) + "***" + value.substring(at);
    }

    /** {@code 张三} → {@code 张*}, {@code 欧阳娜娜} → {@code 欧***}; {@code John Smith} → {@code J*** S***}. */
    public static String name(String value) {
        String name = value.strip();
        if (name.isEmpty()) {
            return name;
        }
        if (!name.contains(" ")) {
            int first = name.offsetByCodePoints(0, 1);
            int rest = name.codePointCount(first, name.length());
            return name.substring(0, first) + (Character.isIdeographic(name.codePointAt(0)) ? "*".repeat(Math.max(1, rest)) : "***");
        }
        StringBuilder masked = new StringBuilder();
        for (String part : name.split("\\s+")) {
            masked.append(masked.length() > 0 ? " " : "").append(part, 0, part.offsetByCodePoints(0, 1)).append("***");
        }
        return masked.toString();
    }

    /** An address: its first three characters (usually the province or city) and {@code ****}. */
    public static String address(String value) {
        String address = value.strip();
        return address.codePointCount(0, address.length()) <= 3 ? "****" : address.substring(0, address.offsetByCodePoints(0, 3)) + "****";
    }
}
