package io.meshdoctor.cli;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.Severity;
import io.meshdoctor.report.JsonReport;
import io.meshdoctor.report.OutputFormat;
import io.meshdoctor.report.SarifReport;
import io.meshdoctor.report.TableReport;
import io.meshdoctor.snapshot.ObjectRef;
import io.meshdoctor.snapshot.Origin;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** Output, time and exit-status options shared by the one-shot commands. */
public final class ReportOptions {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default), json, yaml or sarif.",
      defaultValue = "table",
      converter = OutputFormatConverter.class)
  OutputFormat output;

  @Option(
      names = "--now",
      paramLabel = "RFC3339",
      description = "Evaluate time-dependent checks at this instant instead of now (e.g. to ask what breaks in 30 days).",
      converter = InstantConverter.class)
  Instant now;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      description = "Exit 1 when a finding at or above this severity exists: error (default), warning, info or none.",
      defaultValue = "error")
  String failOn;

  /** The instant of analysis: `--now`, else the clock. */
  Instant now(Clock clock) {
    return now != null ? now : clock.instant();
  }

  String render(AnalysisResult result, Map<ObjectRef, Origin> origins) {
    return switch (output) {
      case TABLE -> TableReport.render(result);
      case JSON -> JsonReport.json(result);
      case YAML -> JsonReport.yaml(result);
      case SARIF -> SarifReport.render(result, origins, Version.current());
    };
  }

  /** 0 when no finding reaches `--fail-on`, else 1. */
  int exitCode(AnalysisResult result) {
    if (failOn.equalsIgnoreCase("none")) {
      return 0;
    }
    Severity threshold = Severity.fromLabel(failOn);
    return result.findings().stream().anyMatch(f -> f.severity().atLeast(threshold)) ? 1 : 0;
  }

  void validate() {
    if (!failOn.equalsIgnoreCase("none")) {
      try {
        Severity.fromLabel(failOn);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--fail-on: '" + failOn + "' is not one of error, warning, info, none");
      }
    }
  }

  /** Accepts the format names in any case. */
  public static final class OutputFormatConverter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + value + "' is not one of table, json, yaml, sarif");
      }
    }
  }
}
