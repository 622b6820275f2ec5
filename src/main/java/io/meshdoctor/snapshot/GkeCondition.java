package io.meshdoctor.snapshot;

import java.time.Instant;

/** One status condition of a GKE configuration object; absent fields are null. */
public record GkeCondition(
    String type, String status, String reason, String message, Long observedGeneration, Instant lastTransitionTime) {

  public boolean isTrue() {
    return "True".equalsIgnoreCase(status);
  }

  /** "status=False reason=X message=Y" with the parts that are present. */
  public String quote() {
    StringBuilder text = new StringBuilder("status=").append(status == null ? "(none)" : status);
    if (reason != null && !reason.isBlank()) {
      text.append(", reason=").append(reason);
    }
    if (message != null && !message.isBlank()) {
      text.append(", message=\"").append(message).append('"');
    }
    return text.toString();
  }
}
