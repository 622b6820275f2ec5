package io.meshdoctor.analysis.checks;

import io.meshdoctor.snapshot.ConfigMeta;
import io.meshdoctor.snapshot.GkeCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Reading the `Ready` condition of GKE configuration objects the same way for both kinds. */
final class ConfigReadiness {
  private ConfigReadiness() {}

  /**
   * Why the object is not Ready, or empty when it is Ready (or too new to judge: a missing
   * condition is only reported once the object is older than {@code staleAfter}).
   */
  static Optional<String> notReady(ConfigMeta meta, Instant now, Duration staleAfter) {
    Optional<GkeCondition> ready = meta.condition("Ready");
    if (ready.isEmpty()) {
      if (meta.created() != null && meta.created().plus(staleAfter).isAfter(now)) {
        return Optional.empty();
      }
      return Optional.of("has no Ready condition: the GKE controller has not processed it");
    }
    if (ready.get().isTrue()) {
      return Optional.empty();
    }
    return Optional.of("has Ready " + ready.get().quote());
  }

  /**
   * Describes a Ready condition that lags behind the object's generation for longer than
   * {@code staleAfter}; empty when current. The lag is timed from the newest spec write.
   */
  static Optional<String> stale(ConfigMeta meta, Instant now, Duration staleAfter) {
    Optional<GkeCondition> ready = meta.condition("Ready");
    if (ready.isEmpty() || ready.get().observedGeneration() == null || meta.generation() == null) {
      return Optional.empty();
    }
    long observed = ready.get().observedGeneration();
    if (observed >= meta.generation()) {
      return Optional.empty();
    }
    Instant since = meta.lastSpecChange() != null ? meta.lastSpecChange() : ready.get().lastTransitionTime();
    if (since != null && since.plus(staleAfter).isAfter(now)) {
      return Optional.empty();
    }
    String age = since == null ? "" : " since " + since;
    return Optional.of(
        "Ready condition was computed for generation " + observed + " but the object is at generation " + meta.generation() + age);
  }
}
