package io.meshdoctor.testing;

import io.meshdoctor.credentials.CredentialFile;
import io.meshdoctor.credentials.CredentialsDirectory;
import io.meshdoctor.credentials.DirectoryContents;
import io.meshdoctor.testing.TestPki.Cert;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Workload-credentials directories as the Compute Engine guest agent and GKE write them, made of
 * real Bouncy Castle material: a root, an issuing CA and a 24-hour leaf issued two hours before
 * {@link #NOW}.
 */
public final class CredentialsFixture {
  public static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  public static final String VM_DOMAIN = "prod-pool.global.123456789012.workload.id.goog";
  public static final String VM_ID = "spiffe://" + VM_DOMAIN + "/ns/web/sa/frontend";
  public static final String GKE_ID = "spiffe://my-proj.svc.id.goog/ns/shop/sa/cart";
  public static final String CONFIG_OK = "{\"status\": \"OK\", \"metadataAttributesErrors\": {}}\n";

  public static final Cert ROOT = TestPki.root("CN=Workload Root,O=Example", TestPki.key("p256#wl-root"), NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(3650)));
  public static final Cert CA = TestPki.intermediate("CN=Workload Issuing CA,O=Example", TestPki.key("p256#wl-ca"), ROOT, NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(365)));
  public static final Cert OTHER_ROOT = TestPki.root("CN=Other Root,O=Example", TestPki.key("p256#wl-other-root"), NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(3650)));

  private final Map<CredentialFile, String> files = new EnumMap<>(CredentialFile.class);

  private CredentialsFixture() {}

  /** The metadata path of the guest agent: config_status, chain, SEC 1 key, ca_certificates.pem. */
  public static CredentialsFixture vm() {
    Cert leaf = TestPki.leaf(VM_ID, TestPki.key("p256#wl-leaf"), CA, NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(22)));
    return new CredentialsFixture()
        .with(CredentialFile.CONFIG_STATUS, CONFIG_OK)
        .with(CredentialFile.CERTIFICATES, TestPki.chainPem(leaf, CA))
        .with(CredentialFile.PRIVATE_KEY, sec1(leaf.keys()))
        .with(CredentialFile.CA_CERTIFICATES, ROOT.pem());
  }

  /** The gRPC path of the guest agent: chain, PKCS#8 key, trust_bundles.json, no config_status. */
  public static CredentialsFixture grpc() {
    Cert leaf = TestPki.leaf(VM_ID, TestPki.key("p256#wl-leaf"), CA, NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(22)));
    return new CredentialsFixture()
        .with(CredentialFile.CERTIFICATES, TestPki.chainPem(leaf, CA))
        .with(CredentialFile.PRIVATE_KEY, pkcs8(leaf.keys()))
        .with(CredentialFile.TRUST_BUNDLES, bundleMap(VM_DOMAIN, ROOT));
  }

  /** {@code leaf} (issued by {@link #CA}) followed by {@link #CA}, and its key: SEC 1 for ECDSA, PKCS#8 otherwise. */
  public CredentialsFixture withLeaf(Cert leaf) {
    String key = leaf.keys().getPrivate() instanceof ECPrivateKey ? sec1(leaf.keys()) : pkcs8(leaf.keys());
    return with(CredentialFile.CERTIFICATES, TestPki.chainPem(leaf, CA)).with(CredentialFile.PRIVATE_KEY, key);
  }

  public CredentialsFixture with(CredentialFile file, String text) {
    files.put(file, text);
    return this;
  }

  public CredentialsFixture without(CredentialFile file) {
    files.remove(file);
    return this;
  }

  /** Writes the files into {@code dir} (created when missing) and returns it. */
  public Path writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<CredentialFile, String> file : files.entrySet()) {
        Files.writeString(dir.resolve(file.getKey().fileName()), file.getValue());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Compute Engine layout: {@code name} is a symbolic link to a timestamped directory beside it. */
  public Path writeLinked(Path parent, String name, Instant refreshed) {
    try {
      Path contents = writeTo(parent.resolve("workload-spiffe-contents-" + refreshed));
      Path link = parent.resolve(name);
      Files.deleteIfExists(link);
      return Files.createSymbolicLink(link, contents.getFileName());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DirectoryContents contents(Path dir) throws Exception {
    return new CredentialsDirectory().read(writeTo(dir));
  }

  /** {@code {"DOMAIN": {"keys": [{"use": "x509-svid", "x5c": [base64 DER]}]}}}. */
  public static String bundleMap(String domain, Cert... roots) {
    StringBuilder keys = new StringBuilder();
    for (Cert root : roots) {
      keys.append(keys.length() == 0 ? "" : ", ").append("{\"use\": \"x509-svid\", \"kty\": \"EC\", \"x5c\": [\"").append(x5c(root)).append("\"]}");
    }
    return "{\n  \"" + domain + "\": {\"spiffe_sequence\": 3, \"spiffe_refresh_hint\": 300, \"keys\": [" + keys + "]}\n}\n";
  }

  public static String x5c(Cert cert) {
    try {
      return Base64.getEncoder().encodeToString(cert.holder().getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PKCS#8 `PRIVATE KEY`. */
  public static String pkcs8(KeyPair keys) {
    try {
      return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SEC 1 `EC PRIVATE KEY` with curve and public key, as openssl writes it. */
  public static String sec1(KeyPair keys) {
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
    ASN1Encodable curve = spki.getAlgorithm().getParameters();
    int orderBits = ((ECPrivateKey) keys.getPrivate()).getParams().getOrder().bitLength();
    var key = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, ((ECPrivateKey) keys.getPrivate()).getS(), spki.getPublicKeyData(), curve);
    return der("EC PRIVATE KEY", key);
  }

  /** SEC 1 `EC PRIVATE KEY` with neither curve nor public key: only the private scalar. */
  public static String bareSec1(KeyPair keys) {
    int orderBits = ((ECPrivateKey) keys.getPrivate()).getParams().getOrder().bitLength();
    return der("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, ((ECPrivateKey) keys.getPrivate()).getS()));
  }

  /** PKCS#1 `RSA PRIVATE KEY`. */
  public static String pkcs1(KeyPair keys) {
    try {
      return der("RSA PRIVATE KEY", PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()).parsePrivateKey());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String der(String type, ASN1Encodable value) {
    try {
      return pem(new PemObject(type, value.toASN1Primitive().getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(PemObject object) {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
