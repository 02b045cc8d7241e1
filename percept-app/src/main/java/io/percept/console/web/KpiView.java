package io.percept.console.web;

import io.percept.console.ExecutiveOverview.Kpi;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * A KPI as the page shows it: formatted value and previous value, the change in percent and its
 * direction, and whether that direction is good news ({@code complaintRate} going up is not).
 *
 * @param unit      of the change: {@code percent}, {@code points} (NPS or percentage points) or {@code none}
 * @param direction {@code up}, {@code down}, {@code flat} or {@code none} (no change to show)
 */
record KpiView(String key, String value, String previous, String change, String unit, String direction, boolean good, Double raw) {

    static KpiView of(Kpi kpi, Locale locale) {
        String direction = kpi.change() == null ? "none" : kpi.change() > 0.00005 ? "up" : kpi.change() < -0.00005 ? "down" : "flat";
        boolean lowerIsBetter = "complaintRate".equals(kpi.key());
        boolean good = "up".equals(direction) != lowerIsBetter || "flat".equals(direction);
        String change = kpi.change() == null ? ""
                : "relative".equals(kpi.changeKind()) ? format(Math.abs(kpi.change()) * 100, 1, locale)
                : format(Math.abs(kpi.change()), "sentiment".equals(kpi.key()) ? 2 : 1, locale);
        String unit = "relative".equals(kpi.changeKind()) ? "percent" : "sentiment".equals(kpi.key()) ? "none" : "points";
        return new KpiView(kpi.key(), format(kpi.key(), kpi.value(), locale), format(kpi.key(), kpi.previous(), locale), change, unit, direction, good, kpi.value());
    }

    private static String format(String key, Double value, Locale locale) {
        if (value == null) {
            return "–";
        }
        return switch (key) {
            case "sentiment" -> format(value, 2, locale);
            case "nps" -> format(value, 1, locale);
            case "complaintRate" -> format(value, 1, locale) + "%";
            default -> format(value, 0, locale);
        };
    }

    private static String format(double value, int decimals, Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(decimals);
        format.setMaximumFractionDigits(decimals);
        format.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return format.format(value);
    }
}
