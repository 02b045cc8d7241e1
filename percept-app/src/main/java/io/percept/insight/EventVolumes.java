package io.percept.insight;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Event volumes over a range of days (inclusive), from the {@code event-counts} processor.
 *
 * @param from      first day
 * @param to        last day
 * @param total     events in the range
 * @param byChannel events per channel, largest first
 * @param byType    events per call type, largest first
 * @param bySource  events per source, largest first
 * @param days      events per day (days without events omitted), in date order
 */
public record EventVolumes(LocalDate from, LocalDate to, long total, Map<String, Long> byChannel, Map<String, Long> byType,
        Map<String, Long> bySource, List<DayVolume> days) {

    /** Events on one day. */
    public record DayVolume(LocalDate day, long events) {
    }
}
