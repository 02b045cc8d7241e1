package io.percept.console;

import java.time.LocalDate;

/** Today in the business zone: the last day of the console's periods. */
@FunctionalInterface
public interface ConsoleCalendar {

    LocalDate today();
}
