package io.meshdoctor.analysis;

import java.util.Locale;

/** Finding severities, most severe first (the declaration order is the sort order). */
public enum Severity {
  ERROR("Error", "error"),
  WARNING("Warning", "warning"),
  INFO("Info", "note");

  private final String label;
  private final String sarifLevel;

  Severity(String label, String sarifLevel) {
    this.label = label;
    this.sarifLevel = sarifLevel;
  }

  /** `Error`, `Warning`, `Info` as they appear in output and in the CRD status. */
  public String label() {
    return label;
  }

  public String sarifLevel() {
    return sarifLevel;
  }

  /** True when this severity is the same as or more severe than {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) <= 0;
  }

  public static Severity fromLabel(String text) {
    for (Severity severity : values()) {
      if (severity.label.equalsIgnoreCase(text)) {
        return severity;
      }
    }
    throw new IllegalArgumentException("unknown severity '" + text + "' (expected error, warning or info)");
  }

  @Override
  public String toString() {
    return label.toLowerCase(Locale.ROOT);
  }
}
