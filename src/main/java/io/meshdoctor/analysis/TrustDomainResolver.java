package io.meshdoctor.analysis;

import io.meshdoctor.analysis.facts.CsrFacts;
import io.meshdoctor.pki.PkiException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Resolves the cluster trust domain: an explicit setting wins; otherwise the trust domain shared by
 * most SPIFFE IDs of certificates issued for the configured signers (ties go to the
 * alphabetically first); otherwise unknown.
 */
public final class TrustDomainResolver {
  private TrustDomainResolver() {}

  public static TrustDomain resolve(AnalysisSettings settings, List<CsrFacts> signerCsrs) {
    List<String> issued = new ArrayList<>();
    signerCsrs.forEach(csr -> issuedTrustDomain(csr).ifPresent(issued::add));
    return resolveFrom(settings, issued);
  }

  /** The trust domain of the certificate a CSR was issued, when it carries one valid SPIFFE ID. */
  public static Optional<String> issuedTrustDomain(CsrFacts csr) {
    return csr.leaf().flatMap(leaf -> {
      try {
        return Optional.of(CsrFacts.singleSpiffeId(leaf.uriSans()).trustDomain());
      } catch (PkiException e) {
        // a certificate without a usable SPIFFE ID says nothing about the trust domain
        return Optional.empty();
      }
    });
  }

  /** Resolves from the trust domains of the issued certificates, one entry per certificate. */
  public static TrustDomain resolveFrom(AnalysisSettings settings, Collection<String> issuedTrustDomains) {
    if (settings.trustDomain() != null) {
      return new TrustDomain(settings.trustDomain(), settings.trustDomainSource());
    }
    Map<String, Integer> counts = new TreeMap<>();
    issuedTrustDomains.forEach(domain -> counts.merge(domain, 1, Integer::sum));
    return counts.entrySet().stream()
        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(e -> new TrustDomain(e.getKey(), TrustDomain.Source.INFERRED))
        .orElse(TrustDomain.unknown());
  }
}
