package io.tlsdiag.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear UTC time axis for the report's SVG charts: instants to x coordinates, and a handful of ticks at round
 * times (seconds to decades) with labels as precise as the span needs.
 */
final class TimeAxis {

    /** A tick: its x and its label. */
    static final class Tick {
        final double x;
        final String label;

        Tick(double x, String label) {
            this.x = x;
            this.label = label;
        }
    }

    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Steps up to 14 days, in milliseconds; longer spans step by calendar months. */
    private static final long[] STEPS = {SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE,
        2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
        DAY, 2 * DAY, 7 * DAY, 14 * DAY};
    private static final int[] MONTH_STEPS = {1, 2, 3, 6};

    final long from;
    final long to;
    final double x0;
    final double x1;

    /**
     * An axis over [{@code from}, {@code to}] (milliseconds) with a 3 % margin on both sides, drawn between
     * {@code x0} and {@code x1}; a span shorter than {@code minSpan} is widened around its middle.
     */
    TimeAxis(long from, long to, long minSpan, double x0, double x1) {
        if (to < from) {
            long t = to;
            to = from;
            from = t;
        }
        if (to - from < minSpan) {
            long middle = from + (to - from) / 2;
            from = middle - minSpan / 2;
            to = middle + minSpan / 2;
        }
        long margin = (to - from) * 3 / 100;
        this.from = from - margin;
        this.to = to + margin;
        this.x0 = x0;
        this.x1 = x1;
    }

    double x(long millis) {
        double f = (double) (millis - from) / (double) (to - from);
        return x0 + Math.max(0, Math.min(1, f)) * (x1 - x0);
    }

    /** About {@code max} ticks or fewer, at round times. */
    List<Tick> ticks(int max) {
        long span = to - from;
        List<Tick> out = new ArrayList<Tick>();
        for (long step : STEPS) {
            if (span / step <= max) {
                DateTimeFormatter format = DateTimeFormatter.ofPattern(step < MINUTE ? "HH:mm:ss"
                        : step < DAY ? "HH:mm" : "yyyy-MM-dd").withZone(ZoneOffset.UTC);
                // Days and weeks start at midnight UTC; shorter steps at multiples of the step since the epoch.
                long first = (from / step + 1) * step;
                for (long t = first; t <= to; t += step) {
                    out.add(new Tick(x(t), format.format(Instant.ofEpochMilli(t))));
                }
                return out;
            }
        }
        for (int months : MONTH_STEPS) {
            if (span / (30 * DAY) / months <= max) {
                DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
                ZonedDateTime t = Instant.ofEpochMilli(from).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS)
                        .withDayOfMonth(1).plusMonths(1);
                for (; t.toInstant().toEpochMilli() <= to; t = t.plusMonths(months)) {
                    out.add(new Tick(x(t.toInstant().toEpochMilli()), format.format(t)));
                }
                return out;
            }
        }
        // Whole years, 1 January of a multiple of 1, 2, 5, 10, 20, 50... years.
        int years = 1;
        for (int k = 0; span / (365 * DAY) / years > max; k++) {
            years = (k % 3 == 0 ? 2 : k % 3 == 1 ? 5 : 10) * (int) Math.pow(10, k / 3); // 2, 5, 10, 20, 50...
        }
        int startYear = Instant.ofEpochMilli(from).atZone(ZoneOffset.UTC).getYear();
        for (int year = (startYear / years + 1) * years; ; year += years) {
            long t = ZonedDateTime.of(year, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();
            if (t > to) {
                break;
            }
            out.add(new Tick(x(t), String.valueOf(year)));
        }
        return out;
    }

    /** Milliseconds since the epoch of an ISO-8601 instant, or null when absent or unreadable. */
    static Long parse(String iso) {
        if (iso == null || iso.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (Exception e) {
            return null;
        }
    }

    /** "3 days", "5 hours", "40 seconds": a human distance between two instants. */
    static String distance(long millis) {
        long a = Math.abs(millis);
        if (a >= 2 * 365 * DAY) {
            return a / (365 * DAY) + " years";
        }
        if (a >= 2 * DAY) {
            return a / DAY + " days";
        }
        if (a >= 2 * HOUR) {
            return a / HOUR + " hours";
        }
        if (a >= 2 * MINUTE) {
            return a / MINUTE + " minutes";
        }
        return a / SECOND + " seconds";
    }
}
