package io.meshdoctor.snapshot;

import java.util.List;

/**
 * A `security.cloud.google.com` WorkloadCertificateConfig, read loosely: every field may be absent
 * (null) so a schema change on Google's side never breaks the reading.
 */
public record WorkloadCertificateConfig(
    ConfigMeta meta,
    CertificateAuthority certificateAuthority,
    KeyAlgorithm keyAlgorithm,
    Long validityDurationSeconds,
    Long rotationWindowPercentage) {

  /**
   * `spec.certificateAuthorityConfig`.
   *
   * @param present whether `certificateAuthorityConfig` is set at all
   * @param caServiceConfigured whether `certificateAuthorityServiceConfig` is set
   * @param meshCaConfigured whether `meshCAConfig` is set
   */
  public record CertificateAuthority(
      boolean present,
      boolean caServiceConfigured,
      String endpointUri,
      List<String> fallbackUris,
      boolean meshCaConfigured) {}

  /** `spec.keyAlgorithm`; null fields inside a present `rsa`/`ecdsa` mean the value is missing. */
  public record KeyAlgorithm(boolean rsa, Long modulusSize, boolean ecdsa, String curve) {}
}
