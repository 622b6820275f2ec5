package io.meshdoctor.pki;

import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Family, size and curve of a public key. Curves use the names of WorkloadCertificateConfig
 * (`P256`, `P384`); {@code bits} is the RSA modulus or the curve's field size.
 */
public record KeyInfo(KeyFamily family, int bits, String curve) {
  private static final Map<ASN1ObjectIdentifier, String> CURVES =
      Map.of(
          SECObjectIdentifiers.secp256r1, "P256",
          SECObjectIdentifiers.secp384r1, "P384",
          SECObjectIdentifiers.secp521r1, "P521");
  private static final Map<String, Integer> CURVE_BITS = Map.of("P256", 256, "P384", 384, "P521", 521);

  public static KeyInfo of(SubjectPublicKeyInfo spki) throws PkiException {
    ASN1ObjectIdentifier algorithm = spki.getAlgorithm().getAlgorithm();
    try {
      if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)
          || PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm)) {
        RSAPublicKey rsa = RSAPublicKey.getInstance(spki.parsePublicKey());
        return new KeyInfo(KeyFamily.RSA, rsa.getModulus().bitLength(), null);
      }
      if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
        return ecKey(spki);
      }
    } catch (java.io.IOException | RuntimeException e) {
      throw new PkiException("unreadable public key (" + Pem.describe(e) + ")", e);
    }
    if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
      return new KeyInfo(KeyFamily.ED25519, 256, null);
    }
    if (X9ObjectIdentifiers.id_dsa.equals(algorithm)) {
      return new KeyInfo(KeyFamily.DSA, 0, null);
    }
    return new KeyInfo(KeyFamily.OTHER, 0, algorithm.getId());
  }

  private static KeyInfo ecKey(SubjectPublicKeyInfo spki) {
    var parameters = spki.getAlgorithm().getParameters();
    if (parameters instanceof ASN1ObjectIdentifier oid) {
      String curve = CURVES.get(oid);
      if (curve != null) {
        return new KeyInfo(KeyFamily.ECDSA, CURVE_BITS.get(curve), curve);
      }
      String name = ECNamedCurveTable.getName(oid);
      return new KeyInfo(KeyFamily.ECDSA, 0, name != null ? name : oid.getId());
    }
    return new KeyInfo(KeyFamily.ECDSA, 0, "explicit parameters");
  }

  /** Human form: "RSA 2048", "ECDSA P256". */
  public String describe() {
    return switch (family) {
      case RSA -> "RSA " + bits;
      case ECDSA -> "ECDSA " + curve;
      case OTHER -> "unknown key algorithm " + curve;
      default -> family.label();
    };
  }
}
