package io.meshdoctor.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Real certificate material for tests, made with Bouncy Castle. Keys are cached per kind. */
public final class TestPki {
  private static final ConcurrentHashMap<String, KeyPair> KEYS = new ConcurrentHashMap<>();
  private static final AtomicLong SERIAL = new AtomicLong(1000);

  /** A certificate with the key that belongs to it. */
  public record Cert(X509CertificateHolder holder, KeyPair keys) {
    public String pem() {
      return TestPki.pem(holder);
    }

    public String name() {
      return holder.getSubject().toString();
    }
  }

  private TestPki() {}

  /** A cached key: "rsa2048", "rsa4096", "p256", "p384", "ed25519", "dsa2048", or the same with a suffix for a distinct key. */
  public static KeyPair key(String spec) {
    return KEYS.computeIfAbsent(spec, TestPki::generate);
  }

  private static KeyPair generate(String spec) {
    try {
      String kind = spec.contains("#") ? spec.substring(0, spec.indexOf('#')) : spec;
      if (kind.startsWith("rsa")) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(Integer.parseInt(kind.substring(3)));
        return generator.generateKeyPair();
      }
      if (kind.equals("ed25519")) {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      }
      if (kind.startsWith("dsa")) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("DSA");
        generator.initialize(Integer.parseInt(kind.substring(3)));
        return generator.generateKeyPair();
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(kind.equals("p384") ? "secp384r1" : "secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Cert root(String subject, KeyPair keys, Instant from, Instant to) {
    return sign(new X500Name(subject), keys, new X500Name(subject), keys, from, to, true, List.of(), nextSerial());
  }

  public static Cert intermediate(String subject, KeyPair keys, Cert issuer, Instant from, Instant to) {
    return sign(new X500Name(subject), keys, issuer.holder().getSubject(), issuer.keys(), from, to, true, List.of(), nextSerial());
  }

  /** A workload leaf as GKE issues it: empty-ish subject, one URI SAN, server and client auth. */
  public static Cert leaf(List<String> uris, KeyPair keys, Cert issuer, Instant from, Instant to) {
    return leaf(uris, keys, issuer, from, to, nextSerial());
  }

  /** A leaf with the given serial number (issuers have written negative and zero ones). */
  public static Cert leaf(List<String> uris, KeyPair keys, Cert issuer, Instant from, Instant to, BigInteger serial) {
    return sign(new X500Name("CN=" + java.util.UUID.nameUUIDFromBytes(uris.toString().getBytes(StandardCharsets.UTF_8))),
        keys, issuer.holder().getSubject(), issuer.keys(), from, to, false, uris, serial);
  }

  private static BigInteger nextSerial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  public static Cert leaf(String spiffeId, KeyPair keys, Cert issuer, Instant from, Instant to) {
    return leaf(List.of(spiffeId), keys, issuer, from, to);
  }

  private static Cert sign(
      X500Name subject, KeyPair keys, X500Name issuer, KeyPair issuerKeys, Instant from, Instant to, boolean ca, List<String> uris,
      BigInteger serial) {
    try {
      var builder = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(from), Date.from(to), subject, keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      }
      if (!uris.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, true, sans(uris));
      }
      return new Cert(builder.build(signer(issuerKeys)), keys);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GeneralNames sans(List<String> uris) {
    return new GeneralNames(uris.stream().map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, new DERIA5String(u))).toArray(GeneralName[]::new));
  }

  private static ContentSigner signer(KeyPair keys) {
    String algorithm = switch (keys.getPrivate().getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      case "DSA" -> "SHA256withDSA";
      default -> throw new IllegalArgumentException(keys.getPrivate().getAlgorithm());
    };
    try {
      return new JcaContentSignerBuilder(algorithm).build(keys.getPrivate());
    } catch (OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PKCS#10 request PEM with the URIs in its extension request, as the node agent would send. */
  public static String csrPem(KeyPair keys, List<String> uris) {
    try {
      var builder = new JcaPKCS10CertificationRequestBuilder(new X500Name(""), keys.getPublic());
      if (!uris.isEmpty()) {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, true, sans(uris));
        builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
      }
      PKCS10CertificationRequest request = builder.build(signer(keys));
      return pem(request);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String csrPem(KeyPair keys, String spiffeId) {
    return csrPem(keys, List.of(spiffeId));
  }

  public static String pem(Object... objects) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        writer.writeObject(object instanceof Cert cert ? cert.holder() : object);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return text.toString();
  }

  public static String chainPem(Cert... certs) {
    StringBuilder text = new StringBuilder();
    for (Cert cert : certs) {
      text.append(cert.pem());
    }
    return text.toString();
  }

  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
