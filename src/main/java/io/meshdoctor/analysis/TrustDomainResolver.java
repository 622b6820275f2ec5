package io.meshdoctor.analysis;

import io.meshdoctor.analysis.facts.CsrFacts;
import io.meshdoctor.pki.PkiException;
import io.meshdoctor.pki.SpiffeId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resolves the cluster trust domain: an explicit setting wins; otherwise the trust domain shared by
 * most SPIFFE IDs of certificates issued for the configured signers (ties go to the
 * alphabetically first); otherwise unknown.
 */
public final class TrustDomainResolver {
  private TrustDomainResolver() {}

  public static TrustDomain resolve(AnalysisSettings settings, List<CsrFacts> signerCsrs) {
    if (settings.trustDomain() != null) {
      return new TrustDomain(settings.trustDomain(), settings.trustDomainSource());
    }
    Map<String, Integer> counts = new TreeMap<>();
    for (CsrFacts csr : signerCsrs) {
      csr.leaf().ifPresent(leaf -> {
        try {
          SpiffeId id = CsrFacts.singleSpiffeId(leaf.uriSans());
          counts.merge(id.trustDomain(), 1, Integer::sum);
        } catch (PkiException e) {
          // a certificate without a usable SPIFFE ID says nothing about the trust domain
        }
      });
    }
    return counts.entrySet().stream()
        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(e -> new TrustDomain(e.getKey(), TrustDomain.Source.INFERRED))
        .orElse(TrustDomain.unknown());
  }
}
