package io.percept.demo.world;

import java.time.LocalDate;
import java.time.Month;

/**
 * How much more (or less) people buy on a day than on an ordinary weekday: a weekly cycle
 * (weekends busier) and China's shopping festivals — 618 (ramping up from 1 June to the peak on
 * 18 June), 双11 (from 1 November to the peak on 11 November) and 双12 (12 December).
 */
public final class Seasonality {

    /** The largest factor any day has, for thinning. */
    public static final double MAX = 4.0 * 1.3;

    private Seasonality() {
    }

    /** The buying factor of {@code day} (1 = an ordinary weekday). */
    public static double factor(LocalDate day) {
        double weekly = switch (day.getDayOfWeek()) {
            case SATURDAY, SUNDAY -> 1.3;
            case FRIDAY -> 1.1;
            default -> 1.0;
        };
        return weekly * festival(day);
    }

    /** The festival factor alone (1 outside festivals). */
    public static double festival(LocalDate day) {
        int date = day.getDayOfMonth();
        if (day.getMonth() == Month.JUNE && date <= 18) {
            return date == 18 ? 3.0 : 1.0 + date / 18.0;
        }
        if (day.getMonth() == Month.NOVEMBER && date <= 11) {
            return date == 11 ? 4.0 : 1.0 + date / 11.0 * 1.5;
        }
        if (day.getMonth() == Month.DECEMBER && date == 12) {
            return 1.6;
        }
        return 1.0;
    }

    /** Whether the day is a festival's peak, when prices are cut. */
    public static boolean peak(LocalDate day) {
        return day.getMonth() == Month.JUNE && day.getDayOfMonth() == 18 || day.getMonth() == Month.NOVEMBER && day.getDayOfMonth() == 11
                || day.getMonth() == Month.DECEMBER && day.getDayOfMonth() == 12;
    }
}
