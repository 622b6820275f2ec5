package io.meshdoctor.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** RFC 3339 instants for `--now`. */
public final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + value + "' is not an RFC 3339 time (example: 2026-11-22T12:00:00Z)");
    }
  }
}
