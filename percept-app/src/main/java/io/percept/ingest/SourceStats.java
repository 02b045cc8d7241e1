package io.percept.ingest;

import java.util.Map;

/**
 * What a source has sent since it was created (counters persist across restarts; the last few
 * seconds before a crash may be missing).
 *
 * @param source           the source's name
 * @param requests         HTTP requests and import files authenticated to it
 * @param received         messages received in them
 * @param accepted         messages stored in the log
 * @param duplicates       messages acknowledged but not stored again (their id was seen)
 * @param rejected         messages refused (in a rejected batch or an invalid import row)
 * @param rejectedByReason refusals by reason code, e.g. {@code invalid_event}, {@code request_too_large}
 */
public record SourceStats(String source, long requests, long received, long accepted, long duplicates, long rejected,
        Map<String, Long> rejectedByReason) {
}
