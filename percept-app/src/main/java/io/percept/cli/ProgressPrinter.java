package io.percept.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long command on standard error: a self-updating line on a terminal, otherwise a
 * line every few seconds (so logs of scripted runs stay readable).
 */
final class ProgressPrinter {

    private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastLine;
    private boolean dirty;

    ProgressPrinter(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Shows how far the work is ({@code fraction} 0 to 1, negative when unknown) with the rate of {@code items}. */
    void show(double fraction, long items, String itemName) {
        long now = System.nanoTime();
        if (!terminal && now - lastLine < LINE_INTERVAL_NANOS) {
            return;
        }
        lastLine = now;
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = items / seconds;
        String percent = fraction >= 0 ? String.format(Locale.ROOT, "%3.0f%% ", 100.0 * fraction) : "";
        String eta = "";
        if (fraction > 0 && fraction < 1) {
            long remaining = (long) (seconds * (1 - fraction) / fraction);
            eta = String.format(Locale.ROOT, "  ETA %d:%02d", remaining / 60, remaining % 60);
        }
        String line = String.format(Locale.ROOT, "%s%,d %s  %,.0f/s%s", percent, items, itemName, rate, eta);
        if (terminal) {
            err.print("\r" + line + "   ");
            dirty = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends the progress line. */
    void finish() {
        if (dirty) {
            err.println();
            err.flush();
            dirty = false;
        }
    }
}
