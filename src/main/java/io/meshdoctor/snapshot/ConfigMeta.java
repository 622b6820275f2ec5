package io.meshdoctor.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Metadata and conditions shared by WorkloadCertificateConfig and TrustConfig.
 *
 * @param lastSpecChange newest managedFields time outside the status subresource: the best
 *     available estimate of when the current generation was written; null when not recorded
 */
public record ConfigMeta(
    ObjectRef ref, Long generation, Instant created, Instant lastSpecChange, List<GkeCondition> conditions) {

  public String name() {
    return ref.name();
  }

  public boolean isDefault() {
    return "default".equals(ref.name());
  }

  public Optional<GkeCondition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
  }
}
