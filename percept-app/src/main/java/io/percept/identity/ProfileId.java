package io.percept.identity;

/**
 * A profile's id: a positive number assigned when the profile is first seen. When profiles merge
 * the survivor keeps its id and the other's id redirects to it.
 */
public record ProfileId(long value) {

    public ProfileId {
        if (value <= 0) {
            throw new IllegalArgumentException("a profile id is positive, was " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
