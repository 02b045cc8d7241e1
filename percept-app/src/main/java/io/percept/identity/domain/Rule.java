package io.percept.identity.domain;

/** Why the identity graph refused to merge two profiles or to add an identifier to one. */
public enum Rule {

    /** Both profiles have a user id, and they differ (a shared device); only an alias may merge them. */
    USER_ID_CONFLICT,

    /** The profile would hold more values of the identifier's type than allowed. */
    LIMIT,

    /** The profile has absorbed the most merges allowed. */
    MERGE_CAP,

    /** An admin split these identifiers apart. */
    SEPARATED;

    /** The name used in the audit and the API. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
