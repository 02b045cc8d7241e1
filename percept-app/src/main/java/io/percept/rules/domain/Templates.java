package io.percept.rules.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The placeholders of {@code emit} and {@code alert} text: {@code ${event.<path>}} (a dotted
 * event path of the triggering event, e.g. {@code ${event.properties.product_id}}),
 * {@code ${profile.<field>}} (a field of the profile at firing time, looked up by the caller),
 * {@code ${rule.id}} and {@code ${rule.name}}. A missing value renders as empty text; a text that is
 * exactly one placeholder renders as the value itself (a number stays a number, missing is
 * {@code null}). There is no escape: {@code ${} always starts a placeholder (an unclosed one, which
 * validation refuses, renders as it is).
 */
public final class Templates {

    private static final Pattern PROFILE_FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,127}");

    private Templates() {
    }

    /**
     * {@code text} with its placeholders replaced.
     *
     * @param firing       the firing whose rule and trigger event fill {@code rule.} and {@code event.}
     * @param profileField the value of a profile field by name ({@code region}), {@code null} if missing
     */
    public static String render(String text, Firing firing, Function<String, Object> profileField) {
        StringBuilder rendered = new StringBuilder(text.length() + 16);
        int from = 0;
        int open;
        while ((open = text.indexOf("${", from)) >= 0) {
            int close = text.indexOf('}', open);
            if (close < 0) {
                break;
            }
            rendered.append(text, from, open);
            Object value = resolve(text.substring(open + 2, close), firing, profileField);
            rendered.append(value == null ? "" : value);
            from = close + 1;
        }
        return rendered.append(text, from, text.length()).toString();
    }

    /**
     * A document value ({@code emit.properties}, {@code setTraits}) with every text in it rendered;
     * maps and lists are copied, other values kept.
     */
    public static Object renderValue(Object value, Firing firing, Function<String, Object> profileField) {
        if (value instanceof String text) {
            if (text.startsWith("${") && text.indexOf('}') == text.length() - 1) {
                return resolve(text.substring(2, text.length() - 1), firing, profileField);
            }
            return render(text, firing, profileField);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            map.forEach((key, element) -> rendered.put(String.valueOf(key), renderValue(element, firing, profileField)));
            return Collections.unmodifiableMap(rendered);
        }
        if (value instanceof List<?> list) {
            List<Object> rendered = new ArrayList<>(list.size());
            list.forEach(element -> rendered.add(renderValue(element, firing, profileField)));
            return Collections.unmodifiableList(rendered);
        }
        return value;
    }

    private static Object resolve(String expression, Firing firing, Function<String, Object> profileField) {
        if (expression.startsWith("event.")) {
            return EventPaths.value(firing.trigger(), expression.substring("event.".length()));
        }
        if (expression.startsWith("profile.")) {
            return profileField.apply(expression.substring("profile.".length()));
        }
        return expression.equals("rule.id") ? firing.rule().id() : firing.rule().name();
    }

    /** Fails at the text (or inside the value) of {@code node} whose placeholder is malformed. */
    static void check(Node node) {
        if (node.value() instanceof String text) {
            int from = 0;
            int open;
            while ((open = text.indexOf("${", from)) >= 0) {
                int close = text.indexOf('}', open);
                if (close < 0) {
                    throw node.error("unclosed placeholder '" + text.substring(open) + "'");
                }
                String expression = text.substring(open + 2, close);
                if (!valid(expression)) {
                    throw node.error("unknown placeholder '${" + expression
                            + "}' (${event.<path>}, ${profile.<field>}, ${rule.id} or ${rule.name})");
                }
                from = close + 1;
            }
        } else if (node.value() instanceof Map<?, ?> map) {
            map.keySet().forEach(key -> check(node.field(String.valueOf(key))));
        } else if (node.value() instanceof List<?>) {
            node.list().forEach(Templates::check);
        }
    }

    private static boolean valid(String expression) {
        if (expression.startsWith("event.")) {
            return EventPaths.isValid(expression.substring("event.".length()));
        }
        if (expression.startsWith("profile.")) {
            return PROFILE_FIELD.matcher(expression.substring("profile.".length())).matches();
        }
        return expression.equals("rule.id") || expression.equals("rule.name");
    }
}
