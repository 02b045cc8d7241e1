package io.percept.rules.domain;

/**
 * A rule document that is not a valid rule. The message starts with the JSON path of the
 * offending value ({@code $.when.event.where[1].op}) followed by the problem.
 */
public final class RuleValidationException extends IllegalArgumentException {

    private final String path;

    /**
     * A problem at {@code path}; the rules processor uses it too, e.g. for an {@code if} the segment
     * language rejects ({@code $.if: at column 5: ...}).
     */
    public RuleValidationException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** The JSON path of the offending value, e.g. {@code $.actions[0].webhook.url}. */
    public String path() {
        return path;
    }
}
