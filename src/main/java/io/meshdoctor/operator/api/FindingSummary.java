package io.meshdoctor.operator.api;

import java.util.Objects;

/** Counts of all findings by severity, including those beyond the cap (suppressed ones excluded). */
public class FindingSummary {
  private int errors;
  private int warnings;
  private int infos;

  public FindingSummary() {}

  public FindingSummary(int errors, int warnings, int infos) {
    this.errors = errors;
    this.warnings = warnings;
    this.infos = infos;
  }

  public int getErrors() {
    return errors;
  }

  public void setErrors(int errors) {
    this.errors = errors;
  }

  public int getWarnings() {
    return warnings;
  }

  public void setWarnings(int warnings) {
    this.warnings = warnings;
  }

  public int getInfos() {
    return infos;
  }

  public void setInfos(int infos) {
    this.infos = infos;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FindingSummary s && errors == s.errors && warnings == s.warnings && infos == s.infos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(errors, warnings, infos);
  }
}
