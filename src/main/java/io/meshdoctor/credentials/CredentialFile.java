package io.meshdoctor.credentials;

/**
 * The files a workload-credentials directory may hold. The Compute Engine guest agent's metadata
 * path writes {@code config_status} first (even when the rest fails), then the chain, the key and
 * {@code ca_certificates.pem}; its newer gRPC path writes {@code trust_bundles.json} instead of the
 * last one and no {@code config_status}. GKE pods get the chain, the key and
 * {@code ca_certificates.pem}.
 */
public enum CredentialFile {
  CONFIG_STATUS("config_status"),
  CERTIFICATES("certificates.pem"),
  PRIVATE_KEY("private_key.pem"),
  CA_CERTIFICATES("ca_certificates.pem"),
  TRUST_BUNDLES("trust_bundles.json");

  private final String fileName;

  CredentialFile(String fileName) {
    this.fileName = fileName;
  }

  public String fileName() {
    return fileName;
  }
}
