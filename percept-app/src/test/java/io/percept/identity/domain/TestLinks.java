package io.percept.identity.domain;

import io.percept.identity.Identifier;
import io.percept.identity.IdentifierType;
import java.util.ArrayList;
import java.util.List;

/** Builders for links in tests: {@code at(5).user("u1").anonymous("a1")}. */
final class TestLinks {

    private final long time;
    private final List<Identifier> identifiers = new ArrayList<>();
    private boolean alias;

    private TestLinks(long time) {
        this.time = time;
    }

    static TestLinks at(long time) {
        return new TestLinks(time);
    }

    TestLinks user(String value) {
        identifiers.add(new Identifier(IdentifierType.USER_ID, value));
        return this;
    }

    TestLinks anonymous(String value) {
        identifiers.add(new Identifier(IdentifierType.ANONYMOUS_ID, value));
        return this;
    }

    TestLinks email(String value) {
        identifiers.add(new Identifier(IdentifierType.EMAIL, value));
        return this;
    }

    TestLinks device(String value) {
        identifiers.add(new Identifier(IdentifierType.DEVICE_ID, value));
        return this;
    }

    /** An alias: {@code previous} is {@code target}. */
    static Link alias(long time, String target, String previous) {
        return new Link(new LinkKey(time, 0), List.of(new Identifier(IdentifierType.USER_ID, target),
                new Identifier(IdentifierType.USER_ID, previous), new Identifier(IdentifierType.ANONYMOUS_ID, previous)), true);
    }

    Link link() {
        return new Link(new LinkKey(time, 0), identifiers, alias);
    }
}
