package io.tlsdiag.cli;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's time axes: round ticks whatever the span, from seconds to a certificate valid until 9999. */
class TimeAxisTest {

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static List<String> labels(TimeAxis axis) {
        return axis.ticks(8).stream().map(t -> t.label).toList();
    }

    @Test
    void secondsMinutesYearsAndMillennia() {
        List<String> seconds = labels(new TimeAxis(at("2026-11-29T21:36:53Z"), at("2026-11-29T21:37:14Z"), 0, 0, 100));
        assertTrue(seconds.contains("21:37:00"), seconds.toString());

        List<String> months = labels(new TimeAxis(at("2025-10-25T00:00:00Z"), at("2027-11-29T00:00:00Z"), 0, 0, 100));
        assertTrue(months.size() >= 4 && months.size() <= 9 && months.get(0).matches("\\d{4}-\\d\\d"), months.toString());

        List<String> years = labels(new TimeAxis(at("2000-01-01T00:00:00Z"), at("9999-12-31T23:59:59Z"), 0, 0, 100));
        assertTrue(years.size() >= 3 && years.size() <= 9, years.toString());
        assertTrue(years.stream().allMatch(y -> y.matches("\\d{4,5}")), years.toString());
    }

    @Test
    void aMomentIsWidenedAndEveryXStaysOnTheAxis() {
        long t = at("2026-11-29T21:36:53Z");
        TimeAxis axis = new TimeAxis(t, t, 60_000, 300, 900);
        assertEquals(600, axis.x(t), 0.5, "a single moment sits in the middle");
        assertEquals(300, axis.x(t - 365L * 24 * 3600 * 1000), 0.001, "clamped to the axis");
        assertEquals(900, axis.x(t + 365L * 24 * 3600 * 1000), 0.001);
        assertEquals("3 days", TimeAxis.distance(3L * 24 * 3600 * 1000 + 5));
    }
}
