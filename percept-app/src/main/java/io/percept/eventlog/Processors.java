package io.percept.eventlog;

import java.util.List;

/** The log processors running in this process and where each one is. */
public interface Processors {

    /** Whether processors run in this process at all ({@code percept.eventlog.processors.enabled}). */
    boolean isEnabled();

    /** Each processor's status, in registration order. */
    List<ProcessorStatus> statuses();
}
