package io.meshdoctor.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints in the colon-separated upper-case form `openssl x509 -fingerprint -sha256` prints. */
public final class Fingerprint {
  private Fingerprint() {}

  public static String sha256(byte[] der) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  /** The first and last bytes of a fingerprint, enough to tell certificates apart in one-line messages. */
  public static String shortForm(String fingerprint) {
    if (fingerprint.length() <= 23) {
      return fingerprint;
    }
    return fingerprint.substring(0, 11) + "…" + fingerprint.substring(fingerprint.length() - 11);
  }
}
