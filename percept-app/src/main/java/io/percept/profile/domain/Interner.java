package io.percept.profile.domain;

import java.util.concurrent.ConcurrentHashMap;

/** Shares one instance of strings that repeat across profiles (trait names, sources, categories). */
public final class Interner {

    private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();

    /** The shared instance of {@code text}; short strings only, longer ones are returned as they are. */
    public String intern(String text) {
        if (text == null || text.length() > 64) {
            return text;
        }
        String shared = strings.putIfAbsent(text, text);
        return shared != null ? shared : text;
    }
}
