package io.meshdoctor.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/** The facts of one X.509 certificate that the checks read, parsed once. */
public record CertificateInfo(
    X509CertificateHolder holder,
    String subject,
    String issuer,
    BigInteger serial,
    Instant notBefore,
    Instant notAfter,
    KeyInfo key,
    boolean ca,
    List<String> uriSans,
    String sha256) {

  public static CertificateInfo parse(byte[] der) throws PkiException {
    X509CertificateHolder holder;
    try {
      holder = new X509CertificateHolder(der);
    } catch (IOException | RuntimeException e) {
      throw new PkiException("not an X.509 certificate (" + Pem.describe(e) + ")", e);
    }
    try {
      return new CertificateInfo(
          holder,
          holder.getSubject().toString(),
          holder.getIssuer().toString(),
          holder.getSerialNumber(),
          holder.getNotBefore().toInstant(),
          holder.getNotAfter().toInstant(),
          KeyInfo.of(holder.getSubjectPublicKeyInfo()),
          isCa(holder),
          List.copyOf(GeneralNameUris.of(holder.getExtension(Extension.subjectAlternativeName))),
          Fingerprint.sha256(der));
    } catch (RuntimeException e) {
      throw new PkiException("malformed certificate field (" + Pem.describe(e) + ")", e);
    }
  }

  private static boolean isCa(X509CertificateHolder holder) {
    Extension extension = holder.getExtension(Extension.basicConstraints);
    if (extension == null) {
      // Version 1 certificates carry no extensions; a self-signed one can only be a root.
      return holder.getVersionNumber() < 3 && holder.getSubject().equals(holder.getIssuer());
    }
    return BasicConstraints.getInstance(extension.getParsedValue()).isCA();
  }

  public boolean validAt(Instant instant) {
    return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
  }

  public boolean selfIssued() {
    return holder.getSubject().equals(holder.getIssuer());
  }

  /** The first value of a subject attribute such as {@link BCStyle#CN}, or null. */
  public String subjectAttribute(ASN1ObjectIdentifier attribute) {
    X500Name name = holder.getSubject();
    RDN[] rdns = name.getRDNs(attribute);
    return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

  /** Subject common name, or the subject when there is none. */
  public String displayName() {
    String cn = subjectAttribute(BCStyle.CN);
    return cn != null ? "CN=" + cn : (subject.isEmpty() ? "(empty subject)" : subject);
  }

  /** Helper that reads URI entries of a subjectAltName extension. */
  static final class GeneralNameUris {
    private GeneralNameUris() {}

    static List<String> of(Extension extension) {
      if (extension == null) {
        return List.of();
      }
      return uris(GeneralNames.getInstance(extension.getParsedValue()));
    }

    static List<String> uris(GeneralNames names) {
      return Arrays.stream(names.getNames())
          .filter(n -> n.getTagNo() == GeneralName.uniformResourceIdentifier)
          .map(n -> ASN1IA5String.getInstance(n.getName()).getString())
          .toList();
    }
  }
}
