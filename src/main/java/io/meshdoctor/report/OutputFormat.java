package io.meshdoctor.report;

/** The output formats of the commands. */
public enum OutputFormat {
  TABLE,
  JSON,
  YAML,
  SARIF
}
