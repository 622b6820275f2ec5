package io.meshdoctor.analysis;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * What the checks need to know beyond the snapshot.
 *
 * @param trustDomain explicit cluster trust domain (null: infer it)
 * @param trustDomainSource {@link TrustDomain.Source#FLAG} for the CLI, {@link TrustDomain.Source#CONFIG} for the operator
 * @param staleAfter how long a pending state may last before it is reported
 * @param expiringSoon how far ahead roots and CA bundles are reported as expiring
 */
public record AnalysisSettings(
    String trustDomain,
    TrustDomain.Source trustDomainSource,
    Set<String> signerNames,
    Duration staleAfter,
    Duration expiringSoon) {
  public static final String DEFAULT_SIGNER = "spiffe.gke.io/spiffe-leaf-signer";
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(15);
  public static final Duration DEFAULT_EXPIRING_SOON = Duration.ofDays(30);

  public AnalysisSettings {
    trustDomain = trustDomain == null || trustDomain.isBlank() ? null : trustDomain.trim().toLowerCase(Locale.ROOT);
    signerNames = Set.copyOf(signerNames);
    if (staleAfter.isNegative() || expiringSoon.isNegative()) {
      throw new IllegalArgumentException("thresholds must not be negative");
    }
  }

  /** True when CSRs of this signer are inspected; a CSR without a signer name (possible in files) is not. */
  public boolean inspects(String signerName) {
    return signerName != null && signerNames.contains(signerName);
  }

  public static AnalysisSettings defaults() {
    return new AnalysisSettings(null, TrustDomain.Source.FLAG, Set.of(DEFAULT_SIGNER), DEFAULT_STALE_AFTER, DEFAULT_EXPIRING_SOON);
  }

  public AnalysisSettings withTrustDomain(String name, TrustDomain.Source source) {
    return new AnalysisSettings(name, source, signerNames, staleAfter, expiringSoon);
  }

  public AnalysisSettings withSignerNames(Set<String> names) {
    return new AnalysisSettings(trustDomain, trustDomainSource, names, staleAfter, expiringSoon);
  }

  public AnalysisSettings withThresholds(Duration stale, Duration expiring) {
    return new AnalysisSettings(trustDomain, trustDomainSource, signerNames, stale, expiring);
  }
}
