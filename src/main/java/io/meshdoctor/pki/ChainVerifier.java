package io.meshdoctor.pki;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcRSAContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Builds a path from a leaf through the intermediates that came with it to one of the given anchors,
 * checking issuer names and signatures. Validity dates are left to the expiry checks, so an expired
 * but otherwise well-formed chain still verifies.
 */
public final class ChainVerifier {
  private static final int MAX_DEPTH = 10;
  /** Issuers are few (the CAs of a mesh), so their verifiers are built once, by issuer fingerprint. */
  private static final ParseCache<ContentVerifierProvider> VERIFIERS = new ParseCache<>(1024);
  /** A signature is checked once per certificate and issuer; the CSR checks ask the same question twice. */
  private static final ParseCache<Boolean> RESULTS = new ParseCache<>(16_384);

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

  private static ContentVerifierProvider verifier(CertificateInfo issuer) throws PkiException {
    return VERIFIERS.get(issuer.sha256(), fingerprint -> {
      try {
        SubjectPublicKeyInfo spki = issuer.holder().getSubjectPublicKeyInfo();
        // Bouncy Castle's own RSA and ECDSA are about ten times faster here than the JDK's ECDSA.
        return switch (issuer.key().family()) {
          case ECDSA -> new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder()).build(PublicKeyFactory.createKey(spki));
          case RSA -> new BcRSAContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder()).build(PublicKeyFactory.createKey(spki));
          default -> new JcaContentVerifierProviderBuilder().build(new JcaPEMKeyConverter().getPublicKey(spki));
        };
      } catch (IOException | OperatorCreationException | RuntimeException e) {
        throw new PkiException("unreadable issuer key: " + e.getMessage(), e);
      }
    });
  }

  /** True when {@code issuer}'s name matches and its key verifies {@code certificate}'s signature. */
  public static boolean signedBy(CertificateInfo certificate, CertificateInfo issuer) {
    if (!certificate.holder().getIssuer().equals(issuer.holder().getSubject())) {
      return false;
    }
    try {
      return RESULTS.get(certificate.sha256() + "|" + issuer.sha256(), key -> {
        try {
          return certificate.holder().isSignatureValid(verifier(issuer));
        } catch (PkiException | CertException | RuntimeException e) {
          return false;
        }
      });
    } catch (PkiException e) {
      // unreachable: the check answers false instead of failing
      return false;
    }
  }
}
