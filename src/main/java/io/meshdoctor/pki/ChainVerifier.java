package io.meshdoctor.pki;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Builds a path from a leaf through the intermediates that came with it to one of the given anchors,
 * checking issuer names and signatures. Validity dates are left to the expiry checks, so an expired
 * but otherwise well-formed chain still verifies.
 */
public final class ChainVerifier {
  private static final int MAX_DEPTH = 10;

  private ChainVerifier() {}

  /** True when {@code chain.get(0)} chains to one of {@code anchors}. */
  public static boolean verifies(List<CertificateInfo> chain, Collection<CertificateInfo> anchors) {
    if (chain.isEmpty() || anchors.isEmpty()) {
      return false;
    }
    List<CertificateInfo> intermediates = new ArrayList<>(chain.subList(1, chain.size()));
    CertificateInfo current = chain.get(0);
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      for (CertificateInfo anchor : anchors) {
        if (anchor.sha256().equals(current.sha256()) || signedBy(current, anchor)) {
          return true;
        }
      }
      CertificateInfo next = null;
      for (CertificateInfo candidate : intermediates) {
        if (signedBy(current, candidate)) {
          next = candidate;
          break;
        }
      }
      if (next == null) {
        return false;
      }
      intermediates.remove(next);
      current = next;
    }
    return false;
  }

  /** True when {@code issuer}'s name matches and its key verifies {@code certificate}'s signature. */
  public static boolean signedBy(CertificateInfo certificate, CertificateInfo issuer) {
    if (!certificate.holder().getIssuer().equals(issuer.holder().getSubject())) {
      return false;
    }
    try {
      return certificate
          .holder()
          .isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.holder()));
    } catch (OperatorCreationException | CertException | java.security.cert.CertificateException | RuntimeException e) {
      return false;
    }
  }
}
