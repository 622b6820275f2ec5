package io.meshdoctor.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Findings of one analysis, sorted by {@link Finding#ORDER}, with the instant and trust domain used. */
public record AnalysisResult(Instant analyzedAt, TrustDomain trustDomain, List<Finding> findings) {

  /** Counts per severity. */
  public record Summary(int errors, int warnings, int infos) {
    public static Summary of(List<Finding> findings) {
      int errors = 0;
      int warnings = 0;
      int infos = 0;
      for (Finding finding : findings) {
        switch (finding.severity()) {
          case ERROR -> errors++;
          case WARNING -> warnings++;
          case INFO -> infos++;
        }
      }
      return new Summary(errors, warnings, infos);
    }
  }

  public Summary summary() {
    return Summary.of(findings);
  }

  /** The most severe severity present, if any finding exists. */
  public Optional<Severity> highestSeverity() {
    return findings.stream().map(Finding::severity).min(Enum::compareTo);
  }

  /** Only the findings of namespace {@code ns} and the cluster-scoped ones. */
  public AnalysisResult limitedTo(String ns) {
    return new AnalysisResult(
        analyzedAt, trustDomain, findings.stream().filter(f -> f.namespace() == null || f.namespace().equals(ns)).toList());
  }
}
