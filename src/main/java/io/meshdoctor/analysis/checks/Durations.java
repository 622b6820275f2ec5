package io.meshdoctor.analysis.checks;

import java.time.Duration;

/** Short human durations for messages: "3d", "5h12m", "40m", "12s". */
final class Durations {
  private Durations() {}

  static String describe(Duration duration) {
    // abs() overflows on the most negative duration, which a hostile validityDurationSeconds can hold.
    Duration d = duration.getSeconds() == Long.MIN_VALUE ? Duration.ofSeconds(Long.MAX_VALUE) : duration.abs();
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    if (days > 0) {
      return days + "d" + (hours > 0 ? hours + "h" : "");
    }
    if (hours > 0) {
      return hours + "h" + (minutes > 0 ? minutes + "m" : "");
    }
    if (minutes > 0) {
      return minutes + "m";
    }
    return d.toSecondsPart() + "s";
  }
}
