package io.meshdoctor.pki;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcRSAContentVerifierProviderBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Builds a path from a leaf through the intermediates that came with it to one of the given anchors,
 * checking issuer names and signatures. Validity dates are left to the expiry checks, so an expired
 * but otherwise well-formed chain still verifies.
 */
public final class ChainVerifier {
  private static final int MAX_DEPTH = 10;
  /** Issuers are few (the CAs of a mesh), so their verifiers are built once. */
  private static final Map<String, ContentVerifierProvider> VERIFIERS = new ConcurrentHashMap<>();
  private static final int MAX_VERIFIERS = 1024;
  /** A signature is checked once per certificate and issuer; the CSR checks ask the same question twice. */
  private static final Map<String, Boolean> RESULTS = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 16_384;
    }
  };

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

  private static ContentVerifierProvider verifier(CertificateInfo issuer) throws OperatorCreationException {
    ContentVerifierProvider cached = VERIFIERS.get(issuer.sha256());
    if (cached != null) {
      return cached;
    }
    try {
      SubjectPublicKeyInfo spki = issuer.holder().getSubjectPublicKeyInfo();
      // Bouncy Castle's own RSA and ECDSA are about ten times faster here than the JDK's ECDSA.
      ContentVerifierProvider provider = switch (issuer.key().family()) {
        case ECDSA -> new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder()).build(PublicKeyFactory.createKey(spki));
        case RSA -> new BcRSAContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder()).build(PublicKeyFactory.createKey(spki));
        default -> new JcaContentVerifierProviderBuilder().build(new JcaPEMKeyConverter().getPublicKey(spki));
      };
      if (VERIFIERS.size() >= MAX_VERIFIERS) {
        VERIFIERS.clear();
      }
      VERIFIERS.put(issuer.sha256(), provider);
      return provider;
    } catch (java.io.IOException e) {
      throw new OperatorCreationException("unreadable issuer key: " + e.getMessage(), e);
    }
  }

  /** True when {@code issuer}'s name matches and its key verifies {@code certificate}'s signature. */
  public static boolean signedBy(CertificateInfo certificate, CertificateInfo issuer) {
    if (!certificate.holder().getIssuer().equals(issuer.holder().getSubject())) {
      return false;
    }
    String key = certificate.sha256() + "|" + issuer.sha256();
    synchronized (RESULTS) {
      Boolean known = RESULTS.get(key);
      if (known != null) {
        return known;
      }
    }
    boolean valid;
    try {
      valid = certificate.holder().isSignatureValid(verifier(issuer));
    } catch (OperatorCreationException | CertException | RuntimeException e) {
      valid = false;
    }
    synchronized (RESULTS) {
      RESULTS.put(key, valid);
    }
    return valid;
  }
}
