package io.meshdoctor.analysis.facts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps of Kubernetes objects; an absent or unreadable one is null. */
public final class KubeTime {
  private KubeTime() {}

  public static Instant parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The first non-null of the given times. */
  public static Instant firstKnown(Instant... candidates) {
    for (Instant candidate : candidates) {
      if (candidate != null) {
        return candidate;
      }
    }
    return null;
  }
}
