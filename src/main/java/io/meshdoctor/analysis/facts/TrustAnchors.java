package io.meshdoctor.analysis.facts;

import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.Pem;
import io.meshdoctor.pki.PkiException;
import io.meshdoctor.snapshot.TrustConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The PEM trust anchors a TrustConfig makes known for a trust domain (spec and rendered status). */
public final class TrustAnchors {
  private TrustAnchors() {}

  /**
   * Every certificate that parses from `pemCertificate` anchors and from `renderedTrustStores`
   * for {@code trustDomain}; duplicates removed. Unparseable anchors are reported elsewhere.
   */
  public static List<CertificateInfo> pemAnchors(TrustConfig config, String trustDomain) {
    Map<String, CertificateInfo> anchors = new LinkedHashMap<>();
    List<String> pems = new ArrayList<>();
    for (TrustConfig.TrustStore store : config.trustStores()) {
      if (trustDomain.equalsIgnoreCase(store.trustDomain())) {
        store.trustAnchors().stream().map(TrustConfig.TrustAnchor::pemCertificate).filter(p -> p != null).forEach(pems::add);
      }
    }
    for (TrustConfig.RenderedTrustStore store : config.renderedTrustStores()) {
      if (trustDomain.equalsIgnoreCase(store.trustDomain())) {
        pems.addAll(store.pemCertificates());
      }
    }
    for (String pem : pems) {
      try {
        Pem.certificates(pem).forEach(c -> anchors.putIfAbsent(c.sha256(), c));
      } catch (PkiException e) {
        // reported as MCD114 by the TrustConfig checks
      }
    }
    return List.copyOf(anchors.values());
  }
}
