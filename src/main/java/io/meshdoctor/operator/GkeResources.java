package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The GKE kinds as typed-but-loose classes: informers need a class, but the content stays a
 * generic map so a field Google adds or changes can never break deserialisation.
 */
final class GkeResources {
  private GkeResources() {}

  @Group("security.cloud.google.com")
  @Version("v1")
  @Kind("WorkloadCertificateConfig")
  @Plural("workloadcertificateconfigs")
  public static final class WorkloadCertificateConfigResource extends GenericKubernetesResource {}

  @Group("security.cloud.google.com")
  @Version("v1")
  @Kind("TrustConfig")
  @Plural("trustconfigs")
  public static final class TrustConfigResource extends GenericKubernetesResource {}
}
