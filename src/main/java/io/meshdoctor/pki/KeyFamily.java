package io.meshdoctor.pki;

/** Public key families as WorkloadCertificateConfig and CA Service name them. */
public enum KeyFamily {
  RSA("RSA"),
  ECDSA("ECDSA"),
  ED25519("Ed25519"),
  DSA("DSA"),
  OTHER("unknown");

  private final String label;

  KeyFamily(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
