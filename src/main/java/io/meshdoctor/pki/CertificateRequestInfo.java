package io.meshdoctor.pki;

import java.io.IOException;
import java.util.List;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A PKCS#10 request: its key and the URI SANs of its extension request (PKCS#9 extensionRequest). */
public record CertificateRequestInfo(String subject, KeyInfo key, List<String> uriSans) {
  private static final ParseCache<CertificateRequestInfo> REQUESTS = new ParseCache<>(2048);

  /** Parses the PEM text of a `CERTIFICATE REQUEST` (the decoded `spec.request` of a CSR). */
  public static CertificateRequestInfo parsePem(String pem) throws PkiException {
    if (pem == null) {
      throw new PkiException("empty");
    }
    return REQUESTS.get(pem, CertificateRequestInfo::parseRequestPem);
  }

  private static CertificateRequestInfo parseRequestPem(String pem) throws PkiException {
    PemBlock request =
        Pem.blocks(pem).stream()
            .filter(b -> b.type().equals("CERTIFICATE REQUEST") || b.type().equals("NEW CERTIFICATE REQUEST"))
            .findFirst()
            .orElseThrow(() -> new PkiException("no CERTIFICATE REQUEST block found"));
    return parse(request.content());
  }

  public static CertificateRequestInfo parse(byte[] der) throws PkiException {
    PKCS10CertificationRequest csr;
    try {
      csr = new PKCS10CertificationRequest(der);
    } catch (IOException | RuntimeException e) {
      throw new PkiException("not a PKCS#10 request (" + Pem.describe(e) + ")", e);
    }
    try {
      List<String> uris = List.of();
      for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
        if (attribute.getAttrValues().size() == 0) {
          continue;
        }
        Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
        uris = CertificateInfo.GeneralNameUris.of(extensions.getExtension(Extension.subjectAlternativeName));
      }
      return new CertificateRequestInfo(
          csr.getSubject().toString(), KeyInfo.of(csr.getSubjectPublicKeyInfo()), List.copyOf(uris));
    } catch (RuntimeException e) {
      throw new PkiException("malformed request field (" + Pem.describe(e) + ")", e);
    }
  }
}
