package io.percept.profile.domain;

import io.percept.eventlog.Event;

/** Reads what a person said in an event: the port through which profiles see text perception. */
@FunctionalInterface
public interface VoiceReader {

    /** Reads nothing: profiles without text perception. */
    VoiceReader NONE = event -> null;

    /**
     * The voice in {@code event}, or {@code null} when it carries no words. Must be thread-safe and
     * deterministic (a replay of the log must read the same).
     */
    Voice read(Event event);
}
