package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.meshdoctor.analysis.Analysis;
import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.analysis.TrustDomainResolver;
import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.analysis.facts.CsrFacts;
import io.meshdoctor.analysis.facts.InjectorWebhooks;
import io.meshdoctor.analysis.facts.WorkloadCertificatePods;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.SnapshotBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Diagnoses one namespace from the informer caches: a snapshot of the cluster-wide inputs plus the
 * namespace's own pods, events and CSRs, analysed by the same engine the CLI uses, keeping the
 * findings that belong to the namespace or affect it.
 */
final class NamespaceDiagnoser {
  /** The outcome for one namespace. */
  record Diagnosis(List<Finding> findings, TrustDomain trustDomain, boolean inScope, Instant analyzedAt) {}

  private final OperatorSettings settings;
  private final Analysis engine = Analyzers.engine();
  /** What the operator keeps of each CSR between analyses: where it belongs and its issued trust domain. */
  private record CsrSummary(CertificateSigningRequest csr, String namespace, String issuedTrustDomain) {}

  private final Map<String, CsrSummary> csrSummaries = new ConcurrentHashMap<>();

  NamespaceDiagnoser(OperatorSettings settings) {
    this.settings = settings;
  }

  Diagnosis diagnose(ClusterCaches caches, Namespace namespace, Instant now) {
    String name = namespace.getMetadata().getName();
    AnalysisSettings analysisSettings = settings.analysisSettings();
    List<CsrSummary> signerCsrs = summaries(caches.certificateSigningRequests(), analysisSettings);
    TrustDomain trustDomain = TrustDomainResolver.resolveFrom(analysisSettings,
        signerCsrs.stream().map(CsrSummary::issuedTrustDomain).filter(Objects::nonNull).toList());
    if (trustDomain.source() == TrustDomain.Source.INFERRED) {
      analysisSettings = analysisSettings.withTrustDomain(trustDomain.name(), TrustDomain.Source.INFERRED);
    }

    SnapshotBuilder builder = ClusterSnapshot.builder().completeInventory(true);
    caches.namespaces().forEach(n -> builder.add(n, null));
    caches.pods(name).forEach(p -> builder.add(p, null));
    caches.failedMountEvents(name).forEach(e -> builder.add(e, null));
    for (CsrSummary csr : signerCsrs) {
      if (csr.namespace() == null || csr.namespace().equals(name)) {
        builder.add(csr.csr(), null);
      }
    }
    caches.workloadCertificateConfigs().forEach(r -> builder.add(r, null));
    caches.trustConfigs().forEach(r -> builder.add(r, null));
    caches.mutatingWebhookConfigurations().forEach(w -> builder.add(w, null));
    caches.rootCertConfigMaps().forEach(c -> builder.add(c, null));
    caches.servedCrds().ifPresent(served -> {
      builder.servedCrdsKnown();
      served.forEach(builder::servedCrd);
    });
    caches.unreadableKinds().forEach(builder::problem);

    AnalysisResult result = engine.run(builder.build(), analysisSettings, now);
    List<Finding> findings = result.findings().stream().filter(f -> belongsTo(f, name)).toList();
    return new Diagnosis(findings, result.trustDomain(), inScope(caches, namespace, findings), now);
  }

  /** A finding belongs to its own namespace and to every namespace it affects. */
  static boolean belongsTo(Finding finding, String namespace) {
    return namespace.equals(finding.namespace()) || finding.affectedNamespaces().contains(namespace);
  }

  /**
   * In scope: labelled for injection, running pods with workload certificates, home of an istiod
   * the injector webhooks call, or holding findings of its own.
   */
  private static boolean inScope(ClusterCaches caches, Namespace namespace, List<Finding> findings) {
    String name = namespace.getMetadata().getName();
    return InjectorWebhooks.labelledForInjection(namespace.getMetadata().getLabels())
        || caches.pods(name).stream().anyMatch(WorkloadCertificatePods::usesWorkloadCertificates)
        || InjectorWebhooks.istiodNamespaces(InjectorWebhooks.of(caches.mutatingWebhookConfigurations())).contains(name)
        || findings.stream().anyMatch(f -> name.equals(f.namespace()));
  }

  /** The configured signers' CSRs, each decoded once per resourceVersion. */
  private List<CsrSummary> summaries(List<CertificateSigningRequest> csrs, AnalysisSettings analysisSettings) {
    List<CsrSummary> summaries = new ArrayList<>(csrs.size());
    Set<String> live = new HashSet<>();
    for (CertificateSigningRequest csr : csrs) {
      if (csr.getSpec() == null || !analysisSettings.inspects(csr.getSpec().getSignerName())) {
        continue;
      }
      String key = csr.getMetadata().getUid() + "@" + csr.getMetadata().getResourceVersion();
      live.add(key);
      summaries.add(csrSummaries.computeIfAbsent(key, k -> {
        CsrFacts facts = CsrFacts.of(csr);
        return new CsrSummary(csr, facts.namespace(), TrustDomainResolver.issuedTrustDomain(facts).orElse(null));
      }));
    }
    if (csrSummaries.size() > 2 * live.size() + 64) {
      csrSummaries.keySet().retainAll(live);
    }
    return summaries;
  }
}
