package io.percept.rules.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/** Document objects written by {@code toDocument()}: fields in the given order, {@code null} values left out. */
final class Documents {

    private Documents() {
    }

    static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> document = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                document.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return document;
    }
}
