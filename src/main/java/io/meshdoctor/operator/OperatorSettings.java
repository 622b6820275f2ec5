package io.meshdoctor.operator;

import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.repair.RepairMode;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How the operator runs; every field comes from a flag or its environment variable (the Helm
 * chart sets the variables).
 *
 * @param namespaceSelector label selector namespaces must match to be in scope ("" matches all)
 * @param excludedNamespaces names or `prefix*` patterns never in scope
 * @param maxFindings cap of status.findings per object
 * @param docsBaseUrl prefix of each finding's docs link (`<base>MCD301.md`)
 * @param serverSideSelectors whether informers ask the API server to filter (events by reason,
 *     CSRs by signer); the same filters also run in the operator
 * @param repairMode whether injector caBundles are repaired (off by default)
 * @param repairsPerHour how many repairs of one configuration an hour allows before giving up
 * @param reanalyseEvery how often a namespace is analysed again without any input change, so that
 *     findings that come with time alone (an expired certificate, a CSR pending too long) appear
 */
public record OperatorSettings(
    String trustDomain,
    Set<String> signerNames,
    Duration staleAfter,
    Duration expiringSoon,
    String namespaceSelector,
    List<String> excludedNamespaces,
    int maxFindings,
    String docsBaseUrl,
    boolean serverSideSelectors,
    RepairMode repairMode,
    int repairsPerHour,
    Duration reanalyseEvery) {
  public static final Duration DEFAULT_REANALYSE_EVERY = Duration.ofMinutes(5);
  public static final List<String> DEFAULT_EXCLUDED = List.of("kube-system", "kube-public", "kube-node-lease", "gke-*");

  public OperatorSettings {
    signerNames = Set.copyOf(signerNames);
    excludedNamespaces = List.copyOf(excludedNamespaces);
    if (maxFindings < 1) {
      throw new IllegalArgumentException("maxFindings must be at least 1");
    }
    if (repairsPerHour < 1) {
      throw new IllegalArgumentException("repairsPerHour must be at least 1");
    }
    if (reanalyseEvery.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("reanalyseEvery must be at least 1s");
    }
  }

  public static OperatorSettings defaults() {
    return new OperatorSettings(
        null, Set.of(AnalysisSettings.DEFAULT_SIGNER), AnalysisSettings.DEFAULT_STALE_AFTER, AnalysisSettings.DEFAULT_EXPIRING_SOON,
        "", DEFAULT_EXCLUDED, 100, "docs/findings/", true, RepairMode.OFF, 3, DEFAULT_REANALYSE_EVERY);
  }

  public OperatorSettings withServerSideSelectors(boolean enabled) {
    return new OperatorSettings(trustDomain, signerNames, staleAfter, expiringSoon, namespaceSelector, excludedNamespaces, maxFindings, docsBaseUrl, enabled, repairMode, repairsPerHour, reanalyseEvery);
  }

  public OperatorSettings withNamespaces(String selector, List<String> excluded) {
    return new OperatorSettings(trustDomain, signerNames, staleAfter, expiringSoon, selector, excluded, maxFindings, docsBaseUrl, serverSideSelectors, repairMode, repairsPerHour, reanalyseEvery);
  }

  public OperatorSettings withMaxFindings(int max) {
    return new OperatorSettings(trustDomain, signerNames, staleAfter, expiringSoon, namespaceSelector, excludedNamespaces, max, docsBaseUrl, serverSideSelectors, repairMode, repairsPerHour, reanalyseEvery);
  }

  public OperatorSettings withTrustDomain(String name) {
    return new OperatorSettings(name, signerNames, staleAfter, expiringSoon, namespaceSelector, excludedNamespaces, maxFindings, docsBaseUrl, serverSideSelectors, repairMode, repairsPerHour, reanalyseEvery);
  }

  public OperatorSettings withRepair(RepairMode mode, int perHour) {
    return new OperatorSettings(trustDomain, signerNames, staleAfter, expiringSoon, namespaceSelector, excludedNamespaces, maxFindings, docsBaseUrl, serverSideSelectors, mode, perHour, reanalyseEvery);
  }

  public OperatorSettings withReanalyseEvery(Duration every) {
    return new OperatorSettings(trustDomain, signerNames, staleAfter, expiringSoon, namespaceSelector, excludedNamespaces, maxFindings, docsBaseUrl, serverSideSelectors, repairMode, repairsPerHour, every);
  }

  /** The analysis settings; the trust domain is the configured one (inferred ones are added per run). */
  public AnalysisSettings analysisSettings() {
    return new AnalysisSettings(trustDomain, TrustDomain.Source.CONFIG, signerNames, staleAfter, expiringSoon);
  }
}
