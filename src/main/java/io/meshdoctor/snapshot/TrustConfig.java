package io.meshdoctor.snapshot;

import java.util.List;

/** A `security.cloud.google.com` TrustConfig, read loosely (absent fields are null or empty). */
public record TrustConfig(ConfigMeta meta, List<TrustStore> trustStores, List<RenderedTrustStore> renderedTrustStores) {

  /** `spec.trustStores[]`. */
  public record TrustStore(String trustDomain, List<TrustAnchor> trustAnchors) {}

  /** One `trustAnchors[]` entry; exactly one of the three should be set. */
  public record TrustAnchor(String certificateAuthorityServiceUri, String pemCertificate, String spiffeTrustBundleEndpoint) {}

  /** `status.renderedTrustStores[]`: what the controller actually distributes to nodes. */
  public record RenderedTrustStore(String trustDomain, List<String> pemCertificates) {}
}
