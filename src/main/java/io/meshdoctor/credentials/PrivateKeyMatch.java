package io.meshdoctor.credentials;

import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.KeyFamily;
import io.meshdoctor.pki.PkiException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Whether {@code private_key.pem} holds the private half of the certificate's key. The public part
 * is derived from the private key (RSA: modulus and public exponent; ECDSA: d·G on the key's curve)
 * rather than taken from an optional public-key field, then compared with the certificate's
 * SubjectPublicKeyInfo. Accepts PKCS#8 {@code PRIVATE KEY}, SEC 1 {@code EC PRIVATE KEY} and
 * PKCS#1 {@code RSA PRIVATE KEY}.
 */
final class PrivateKeyMatch {
  private PrivateKeyMatch() {}

  /**
   * Why the key does not belong to {@code certificate}; empty when it does.
   *
   * @throws PkiException when the text holds no readable, unencrypted private key
   */
  static Optional<String> mismatch(String pem, CertificateInfo certificate) throws PkiException {
    PrivateKeyInfo key = read(pem);
    SubjectPublicKeyInfo certificateKey = certificate.holder().getSubjectPublicKeyInfo();
    KeyFamily family = family(key.getPrivateKeyAlgorithm().getAlgorithm());
    if (family != certificate.key().family()) {
      return Optional.of("the key is " + family.label() + " but the certificate's is " + certificate.key().describe());
    }
    try {
      return switch (family) {
        case RSA -> rsa(key, certificateKey);
        case ECDSA -> ecdsa(key, certificateKey);
        // Google issues RSA and ECDSA workload keys only; other families are not compared.
        default -> Optional.empty();
      };
    } catch (IOException | RuntimeException e) {
      throw new PkiException("malformed " + family.label() + " private key (" + e.getMessage() + ")", e);
    }
  }

  private static PrivateKeyInfo read(String pem) throws PkiException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof PEMKeyPair pair) {
          return pair.getPrivateKeyInfo();
        }
        if (object instanceof PrivateKeyInfo info) {
          return info;
        }
        if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new PkiException("is encrypted, so workloads cannot use it");
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new PkiException("holds a malformed PEM block (" + e.getMessage() + ")", e);
    }
    throw new PkiException("holds no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block");
  }

  private static KeyFamily family(ASN1ObjectIdentifier algorithm) {
    if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm) || PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm)) {
      return KeyFamily.RSA;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
      return KeyFamily.ECDSA;
    }
    if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
      return KeyFamily.ED25519;
    }
    return X9ObjectIdentifiers.id_dsa.equals(algorithm) ? KeyFamily.DSA : KeyFamily.OTHER;
  }

  private static Optional<String> rsa(PrivateKeyInfo key, SubjectPublicKeyInfo certificateKey) throws IOException {
    RSAPrivateKey privateKey = RSAPrivateKey.getInstance(key.parsePrivateKey());
    RSAPublicKey publicKey = RSAPublicKey.getInstance(certificateKey.parsePublicKey());
    if (!privateKey.getModulus().equals(publicKey.getModulus())) {
      return Optional.of("the key's RSA modulus (" + privateKey.getModulus().bitLength() + " bits) differs from the certificate's");
    }
    if (!privateKey.getPublicExponent().equals(publicKey.getPublicExponent())) {
      return Optional.of("the key's RSA public exponent differs from the certificate's");
    }
    return Optional.empty();
  }

  private static Optional<String> ecdsa(PrivateKeyInfo key, SubjectPublicKeyInfo certificateKey) throws IOException {
    ECPrivateKey privateKey = ECPrivateKey.getInstance(key.parsePrivateKey());
    ASN1ObjectIdentifier certificateCurve = namedCurve(certificateKey.getAlgorithm().getParameters());
    if (certificateCurve == null) {
      return Optional.of("the certificate's key has explicit curve parameters instead of a named curve, so no key can be matched to it");
    }
    // A SEC 1 key may name its curve in the algorithm, in its own parameters, or (written by some
    // tools) nowhere: then the certificate's curve is the only candidate.
    ASN1ObjectIdentifier keyCurve = namedCurve(key.getPrivateKeyAlgorithm().getParameters());
    if (keyCurve == null) {
      keyCurve = namedCurve(privateKey.getParametersObject());
    }
    if (keyCurve == null) {
      keyCurve = certificateCurve;
    }
    if (!keyCurve.equals(certificateCurve)) {
      return Optional.of("the key's curve " + curveName(keyCurve) + " differs from the certificate's " + curveName(certificateCurve));
    }
    X9ECParameters curve = ECNamedCurveTable.getByOID(keyCurve);
    if (curve == null) {
      return Optional.of("the key's curve " + keyCurve.getId() + " is not one this tool knows");
    }
    BigInteger d = privateKey.getKey();
    ECPoint derived = curve.getG().multiply(d).normalize();
    ECPoint published = curve.getCurve().decodePoint(certificateKey.getPublicKeyData().getBytes()).normalize();
    return derived.equals(published) ? Optional.empty() : Optional.of("the key's public point differs from the certificate's");
  }

  private static ASN1ObjectIdentifier namedCurve(ASN1Encodable parameters) {
    return parameters instanceof ASN1ObjectIdentifier oid ? oid : null;
  }

  private static String curveName(ASN1ObjectIdentifier oid) {
    String name = NISTNamedCurves.getName(oid);
    if (name == null) {
      name = ECNamedCurveTable.getName(oid);
    }
    return name != null ? name : oid.getId();
  }
}
