package io.percept.eventlog;

import java.util.List;

/** The log processors running in this process and where each one is. */
public interface Processors {

    /** Whether processors run in this process at all ({@code percept.eventlog.processors.enabled}). */
    boolean isEnabled();

    /** Each processor's status, in registration order. */
    List<ProcessorStatus> statuses();

    /**
     * Checks processors' names, which key their positions: each 1-64 lower-case letters, digits or
     * '-', starting with a letter or digit, and no two alike.
     *
     * @param processors the processors, each with its name: {@code Map.Entry<name, processor>}
     * @throws IllegalArgumentException naming the first bad or repeated name
     */
    static void checkNames(List<? extends java.util.Map.Entry<String, ?>> processors) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (java.util.Map.Entry<String, ?> processor : processors) {
            String name = processor.getKey();
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new IllegalArgumentException("processor name '" + name + "' of " + processor.getValue().getClass().getName()
                        + " must be 1-64 lower-case letters, digits or '-'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("two processors are named '" + name + "'");
            }
        }
    }
}
