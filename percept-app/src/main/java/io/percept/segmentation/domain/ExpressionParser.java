package io.percept.segmentation.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads segment definitions. The grammar ({@code and} binds tighter than {@code or}):
 * <pre>
 * expression := term ("or" term)*
 * term       := factor ("and" factor)*
 * factor     := "not" factor | "(" expression ")" | condition
 * condition  := field op value | field "in" "(" value ("," value)* ")" | field "is" ["not"] "null"
 *             | field "contains" value | field "within" duration
 * op         := "=" | "==" | "!=" | "&lt;&gt;" | "&gt;" | "&gt;=" | "&lt;" | "&lt;="
 * value      := number | "text" | 'text' | true | false      (dates as "2026-01-31" for time fields)
 * duration   := number ("h" | "d" | "w")                      (e.g. 30d)
 * </pre>
 * Keywords are case-insensitive; {@code and}/{@code or}/{@code not}/{@code contains} may also be
 * written {@code &&}/{@code ||}/{@code !} or 且/或/非/包含. Field names are checked against a
 * {@link Fields} catalogue (with "did you mean" suggestions) and values against the field's type;
 * every error names its column and points at it.
 */
public final class ExpressionParser {

    private enum Kind {
        WORD, NUMBER, STRING, DURATION, OP, LPAREN, RPAREN, COMMA, END
    }

    private record Token(Kind kind, String text, int at) {
    }

    /** How deep parentheses and 'not' may nest: far beyond any real definition, well within the parser's stack. */
    static final int MAX_DEPTH = 64;

    private final String source;
    private final Fields fields;
    private final List<Token> tokens;
    private int position;
    private int depth;

    private ExpressionParser(String source, Fields fields) {
        this.source = source;
        this.fields = fields;
        this.tokens = tokenize(source);
    }

    /**
     * Parses {@code source}.
     *
     * @throws SegmentSyntaxException naming the column and the problem
     */
    public static Expression parse(String source, Fields fields) {
        if (source == null || source.isBlank()) {
            throw new SegmentSyntaxException(source == null ? "" : source, 0, "the definition is empty");
        }
        ExpressionParser parser = new ExpressionParser(source, fields);
        Expression expression = parser.expression();
        Token next = parser.peek();
        if (next.kind() != Kind.END) {
            throw parser.error(next, "expected 'and', 'or' or the end, found " + describe(next));
        }
        return expression;
    }

    private SegmentSyntaxException error(Token at, String problem) {
        return new SegmentSyntaxException(source, at.at(), problem);
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        return tokens.get(position++);
    }

    private boolean keyword(String... words) {
        Token token = peek();
        if (token.kind() == Kind.WORD || token.kind() == Kind.OP) {
            for (String word : words) {
                if (token.text().equalsIgnoreCase(word)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Expression expression() {
        List<Expression> parts = new ArrayList<>(List.of(term()));
        while (keyword("or", "||", "或", "或者")) {
            next();
            parts.add(term());
        }
        return parts.size() == 1 ? parts.get(0) : new Expression.Or(parts);
    }

    private Expression term() {
        List<Expression> parts = new ArrayList<>(List.of(factor()));
        while (keyword("and", "&&", "且", "并且")) {
            next();
            parts.add(factor());
        }
        return parts.size() == 1 ? parts.get(0) : new Expression.And(parts);
    }

    private Expression factor() {
        Token token = peek();
        boolean not = keyword("not", "!", "非");
        if (!not && token.kind() != Kind.LPAREN) {
            return condition();
        }
        if (++depth > MAX_DEPTH) {
            throw error(token, "parentheses and 'not' nest more than " + MAX_DEPTH + " levels deep");
        }
        try {
            next();
            if (not) {
                return new Expression.Not(factor());
            }
            Expression inner = expression();
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw error(close, "expected ')' to close the '(' at column " + (token.at() + 1) + ", found " + describe(close));
            }
            return inner;
        } finally {
            depth--;
        }
    }

    private Expression condition() {
        Token name = next();
        if (name.kind() != Kind.WORD || isKeyword(name.text())) {
            throw error(name, "expected a field name, found " + describe(name));
        }
        String field = name.text();
        if (peek().kind() == Kind.LPAREN && fields.aggregates(field)) {
            field = aggregate(field);
        } else if (fields.aggregates(field) && fields.typeOf(field) == null) {
            throw error(peek(), "expected a window after '" + field + "', such as " + field + "(30d)" + example(field));
        }
        Fields.Type type = fields.typeOf(field);
        if (type == null) {
            List<String> close = fields.closeTo(field);
            throw error(name, "unknown field '" + field + "'" + (close.isEmpty() ? "; fields: " + String.join(", ", fields.names())
                    : "; did you mean " + String.join(" or ", close.stream().map(known -> "'" + known + "'").toList()) + "?"));
        }
        Token operator = next();
        if (operator.kind() == Kind.WORD && operator.text().equalsIgnoreCase("in")) {
            Token open = next();
            if (open.kind() != Kind.LPAREN) {
                throw error(open, "expected '(' after 'in', found " + describe(open));
            }
            List<Object> values = new ArrayList<>();
            do {
                values.add(value(field, type, next()));
            } while (peek().kind() == Kind.COMMA && next() != null);
            Token close = next();
            if (close.kind() != Kind.RPAREN) {
                throw error(close, "expected ',' or ')' in the list of values, found " + describe(close));
            }
            return new Expression.In(field, values);
        }
        if (operator.kind() == Kind.WORD && operator.text().equalsIgnoreCase("is")) {
            boolean negated = keyword("not", "!", "非");
            if (negated) {
                next();
            }
            Token nil = next();
            if (!(nil.kind() == Kind.WORD && nil.text().equalsIgnoreCase("null"))) {
                throw error(nil, "expected 'null' after 'is" + (negated ? " not" : "") + "', found " + describe(nil));
            }
            return new Expression.IsNull(field, negated);
        }
        if (operator.kind() == Kind.WORD && operator.text().equalsIgnoreCase("within")) {
            if (type != Fields.Type.TIME) {
                throw error(operator, "'within' needs a time field; " + field + " is " + article(type));
            }
            Token duration = next();
            if (duration.kind() != Kind.DURATION) {
                throw error(duration, "expected a duration such as 30d, 12h or 2w after 'within', found " + describe(duration));
            }
            return new Expression.Within(field, duration(duration));
        }
        Expression.Op op = operator.kind() == Kind.OP ? Expression.Op.of(operator.text().equals("==") ? "=" : operator.text().equals("<>") ? "!=" : operator.text())
                : operator.kind() == Kind.WORD && (operator.text().equalsIgnoreCase("contains") || operator.text().equals("包含")) ? Expression.Op.CONTAINS : null;
        if (op == null) {
            throw error(operator, "expected a comparison (=, !=, >, >=, <, <=, in, is null, contains, within) after '" + field + "', found "
                    + describe(operator));
        }
        if (op == Expression.Op.CONTAINS && type != Fields.Type.TEXT && type != Fields.Type.TEXT_LIST && type != Fields.Type.ANY) {
            throw error(operator, "'contains' needs a text field; " + field + " is " + article(type));
        }
        if (type == Fields.Type.TEXT_LIST && op != Expression.Op.EQ && op != Expression.Op.NE && op != Expression.Op.CONTAINS) {
            throw error(operator, field + " is a list of texts: test it with contains (one of its elements), = or !=");
        }
        if (type == Fields.Type.BOOLEAN && op != Expression.Op.EQ && op != Expression.Op.NE) {
            throw error(operator, field + " is " + article(type) + ": compare it with = or !=");
        }
        Token value = next();
        if (value.kind() == Kind.END) {
            throw error(value, "expected a value after '" + operator.text() + "', found the end");
        }
        return new Expression.Compare(field, op, value(field, type, value));
    }

    /**
     * {@code name(30d)} or {@code name(30d, key = "value", ...)} with the arguments the catalogue gives
     * {@code name}, as the field name {@code name(30d,key=value,...)} (arguments in canonical order).
     */
    private String aggregate(String name) {
        next();
        Token window = next();
        if (window.kind() != Kind.DURATION) {
            throw error(window, "expected a window such as 30d, 12h or 2w in " + name + "(...), found " + describe(window));
        }
        Map<String, String> given = new LinkedHashMap<>();
        while (peek().kind() == Kind.COMMA) {
            next();
            Token key = next();
            String argument = key.kind() == Kind.WORD ? key.text().toLowerCase(Locale.ROOT) : "";
            String problem = fields.argumentKeyProblem(name, argument, describe(key));
            if (problem != null) {
                throw error(key, problem);
            }
            if (given.containsKey(argument)) {
                throw error(key, "'" + argument + "' is given twice in " + name + "(...)");
            }
            Token equals = next();
            if (!(equals.kind() == Kind.OP && (equals.text().equals("=") || equals.text().equals("==")))) {
                throw error(equals, "expected '=' after '" + argument + "', found " + describe(equals));
            }
            Token value = next();
            boolean listed = !fields.arguments().get(name + "(").get(argument).isEmpty();
            if (value.kind() != Kind.STRING && !(listed && value.kind() == Kind.WORD && !isKeyword(value.text()))) {
                throw error(value, "expected the " + argument + " in quotes, found " + describe(value));
            }
            problem = fields.argumentValueProblem(name, argument, value.text());
            if (problem != null) {
                throw error(value, problem);
            }
            given.put(argument, value.text());
        }
        Token close = next();
        if (close.kind() != Kind.RPAREN) {
            throw error(close, "expected " + (given.size() < fields.argumentsOf(name).size() ? "',' or " : "") + "')' to end " + name
                    + "(...), found " + describe(close));
        }
        return fields.aggregateName(name, Expression.durationText(duration(window)), given);
    }

    /** A literal checked against the field's type. */
    private Object value(String field, Fields.Type type, Token token) {
        Object value = switch (token.kind()) {
            case NUMBER -> Double.valueOf(token.text());
            case STRING -> token.text();
            case WORD -> token.text().equalsIgnoreCase("true") ? Boolean.TRUE : token.text().equalsIgnoreCase("false") ? Boolean.FALSE : null;
            default -> null;
        };
        if (value == null) {
            String hint = token.kind() == Kind.WORD && !isKeyword(token.text()) ? " (text goes in quotes: \"" + token.text() + "\")" : "";
            throw error(token, "expected a value (a number, \"text\", true or false), found " + describe(token) + hint);
        }
        try {
            return checked(field, type, value);
        } catch (IllegalArgumentException e) {
            throw error(token, e.getMessage());
        }
    }

    /** {@code value} as {@code type} needs it, or an exception saying why not. */
    static Object checked(String field, Fields.Type type, Object value) {
        switch (type) {
            case NUMBER -> {
                if (!(value instanceof Double)) {
                    throw new IllegalArgumentException(field + " is a number; " + Expression.literal(value) + " is not");
                }
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw new IllegalArgumentException(field + " is true or false; " + Expression.literal(value) + " is neither");
                }
            }
            case TIME -> {
                if (!(value instanceof String text)) {
                    throw new IllegalArgumentException(field + " is a time: compare it with a date such as \"2026-01-31\" or use 'within 30d'");
                }
                try {
                    return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a date (2026-01-31) or an instant (2026-01-31T08:00:00Z)");
                }
            }
            case TEXT, TEXT_LIST -> {
                if (value instanceof Double number) {
                    return Expression.literal(number);
                }
                if (type == Fields.Type.TEXT_LIST && value instanceof Boolean) {
                    throw new IllegalArgumentException(field + " is a list of texts; " + value + " is not a text");
                }
            }
            default -> {
            }
        }
        return value;
    }

    /** The longest window a definition may name: 100 years. */
    static final Duration MAX_WINDOW = Duration.ofDays(36_500);

    private Duration duration(Token token) {
        Duration window = window(token.text());
        if (window == null) {
            throw error(token, "a window is at most 36500d (100 years), was " + token.text());
        }
        return window;
    }

    /** {@code 30d}, {@code 12h}, {@code 2w} as a duration; null when longer than {@link #MAX_WINDOW} (or beyond any number). */
    private static Duration window(String text) {
        try {
            Duration window = Fields.duration(text);
            return window.compareTo(MAX_WINDOW) <= 0 ? window : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** {@code  or events(30d, name = "…")}: the first argument of an aggregate, for messages. */
    private String example(String aggregate) {
        List<String> arguments = fields.argumentsOf(aggregate);
        return arguments.isEmpty() ? "" : " or " + aggregate + "(30d, " + arguments.get(0) + " = \"…\")";
    }

    private static boolean isKeyword(String word) {
        return List.of("and", "or", "not", "in", "is", "null", "contains", "within", "且", "并且", "或", "或者", "非", "包含")
                .contains(word.toLowerCase(Locale.ROOT));
    }

    private static String article(Fields.Type type) {
        return switch (type) {
            case NUMBER -> "a number";
            case TEXT -> "text";
            case BOOLEAN -> "true or false";
            case TIME -> "a time";
            case TEXT_LIST -> "a list";
            default -> "a value";
        };
    }

    private static String describe(Token token) {
        return switch (token.kind()) {
            case END -> "the end";
            case STRING -> "\"" + token.text() + "\"";
            default -> "'" + token.text() + "'";
        };
    }

    private List<Token> tokenize(String text) {
        List<Token> result = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == '（') {
                result.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')' || c == '）') {
                result.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == ',' || c == '，') {
                result.add(new Token(Kind.COMMA, ",", i++));
            } else if (c == '"' || c == '\'' || c == '“' || c == '‘') {
                char close = c == '“' ? '”' : c == '‘' ? '’' : c;
                StringBuilder value = new StringBuilder();
                int start = i++;
                while (i < text.length() && text.charAt(i) != close) {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                if (i >= text.length()) {
                    throw new SegmentSyntaxException(text, start, "this text is not closed: add " + close);
                }
                i++;
                result.add(new Token(Kind.STRING, value.toString(), start));
            } else if ("=!<>&|".indexOf(c) >= 0) {
                int start = i;
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                String op = List.of(">=", "<=", "!=", "==", "<>", "&&", "||").contains(two) ? two : String.valueOf(c);
                if (op.equals("&") || op.equals("|")) {
                    throw new SegmentSyntaxException(text, start, "'" + op + "' is not an operator: write 'and' (&&) or 'or' (||)");
                }
                i += op.length();
                result.add(new Token(Kind.OP, op, start));
            } else if (Character.isDigit(c) || ((c == '-' || c == '.') && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                int start = i++;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.' || text.charAt(i) == 'e' || text.charAt(i) == 'E'
                        || ((text.charAt(i) == '-' || text.charAt(i) == '+') && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E')))) {
                    i++;
                }
                String number = text.substring(start, i);
                if (i < text.length() && "hdwHDW".indexOf(text.charAt(i)) >= 0 && (i + 1 == text.length() || !Character.isLetterOrDigit(text.charAt(i + 1)))
                        && number.chars().allMatch(Character::isDigit)) {
                    result.add(new Token(Kind.DURATION, number + text.charAt(i), start));
                    i++;
                    continue;
                }
                try {
                    Double.parseDouble(number);
                } catch (NumberFormatException e) {
                    throw new SegmentSyntaxException(text, start, "'" + number + "' is not a number");
                }
                result.add(new Token(Kind.NUMBER, number, start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                if ("且或非".indexOf(c) >= 0 || text.startsWith("包含", i) || text.startsWith("并且", i) || text.startsWith("或者", i)) {
                    int length = text.startsWith("包含", i) || text.startsWith("并且", i) || text.startsWith("或者", i) ? 2 : 1;
                    result.add(new Token(Kind.WORD, text.substring(i, i + length), start));
                    i += length;
                    continue;
                }
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '.')
                        && "且或非".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
                result.add(new Token(Kind.WORD, text.substring(start, i), start));
            } else {
                throw new SegmentSyntaxException(text, i, "unexpected character '" + c + "'");
            }
        }
        result.add(new Token(Kind.END, "", text.length()));
        return result;
    }

    // ---- the JSON form

    static Expression fromJson(Object json, Fields fields, String path) {
        if (!(json instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new SegmentSyntaxException(path, "expected an object such as {\"and\": [...]} or {\"field\": ..., \"op\": ..., \"value\": ...}");
        }
        for (String group : List.of("and", "or")) {
            if (map.containsKey(group)) {
                if (!(map.get(group) instanceof List<?> list) || list.isEmpty()) {
                    throw new SegmentSyntaxException(path + "." + group, "expected a non-empty list of conditions");
                }
                List<Expression> parts = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    parts.add(fromJson(list.get(i), fields, path + "." + group + "[" + i + "]"));
                }
                return group.equals("and") ? new Expression.And(parts) : new Expression.Or(parts);
            }
        }
        if (map.containsKey("not")) {
            return new Expression.Not(fromJson(map.get("not"), fields, path + ".not"));
        }
        if (!(map.get("field") instanceof String named)) {
            throw new SegmentSyntaxException(path, "expected 'and', 'or', 'not' or a 'field'");
        }
        String field = named;
        int paren = field.indexOf('(');
        if (paren > 0 && fields.aggregates(field.substring(0, paren))) {
            String problem = fields.aggregateProblem(field);
            if (problem != null) {
                throw new SegmentSyntaxException(path + ".field", problem);
            }
            field = fields.canonicalAggregate(field);
        }
        Fields.Type type = fields.typeOf(field);
        if (type == null) {
            List<String> close = fields.closeTo(field);
            throw new SegmentSyntaxException(path + ".field", "unknown field '" + field + "'" + (close.isEmpty() ? ""
                    : "; did you mean " + String.join(" or ", close.stream().map(known -> "'" + known + "'").toList()) + "?"));
        }
        try {
            if (map.containsKey("in")) {
                if (!(map.get("in") instanceof List<?> list) || list.isEmpty()) {
                    throw new SegmentSyntaxException(path + ".in", "expected a non-empty list of values");
                }
                List<Object> values = new ArrayList<>();
                for (Object value : list) {
                    values.add(checked(field, type, jsonLiteral(value)));
                }
                return new Expression.In(field, values);
            }
            if (map.containsKey("isNull")) {
                return new Expression.IsNull(field, !Boolean.TRUE.equals(map.get("isNull")));
            }
            if (map.containsKey("within")) {
                String text = String.valueOf(map.get("within"));
                if (type != Fields.Type.TIME || !text.matches("\\d+[hdwHDW]")) {
                    throw new SegmentSyntaxException(path + ".within", type != Fields.Type.TIME ? "'within' needs a time field"
                            : "expected a duration such as 30d, 12h or 2w");
                }
                Duration window = window(text);
                if (window == null) {
                    throw new SegmentSyntaxException(path + ".within", "a window is at most 36500d (100 years), was " + text);
                }
                return new Expression.Within(field, window);
            }
            Expression.Op op = map.get("op") instanceof String symbol ? Expression.Op.of(symbol) : null;
            if (op == null) {
                throw new SegmentSyntaxException(path + ".op", "expected one of =, !=, >, >=, <, <=, contains, was " + map.get("op"));
            }
            if (type == Fields.Type.TEXT_LIST && op != Expression.Op.EQ && op != Expression.Op.NE && op != Expression.Op.CONTAINS) {
                throw new SegmentSyntaxException(path + ".op", field + " is a list of texts: test it with contains (one of its elements), = or !=");
            }
            if (!map.containsKey("value") || map.get("value") == null) {
                throw new SegmentSyntaxException(path + ".value", "missing (use {\"isNull\": true} to test for no value)");
            }
            return new Expression.Compare(field, op, checked(field, type, jsonLiteral(map.get("value"))));
        } catch (SegmentSyntaxException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SegmentSyntaxException(path, e.getMessage());
        }
    }

    private static Object jsonLiteral(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Boolean || value instanceof String) {
            return value;
        }
        throw new IllegalArgumentException("a value is a number, a string or true/false, not " + value);
    }
}
