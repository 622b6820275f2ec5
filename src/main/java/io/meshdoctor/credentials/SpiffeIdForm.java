package io.meshdoctor.credentials;

import io.meshdoctor.pki.SpiffeId;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SPIFFE ID forms Google issues workload certificates for. Project and pool IDs start with a
 * letter and hold lower-case letters, digits and hyphens; the Compute Engine form carries the
 * project number.
 */
public enum SpiffeIdForm {
  COMPUTE_ENGINE(
      "Compute Engine managed workload identity",
      "spiffe://POOL_ID.global.PROJECT_NUMBER.workload.id.goog/ns/NAMESPACE_ID/sa/MANAGED_IDENTITY_ID",
      "[a-z][a-z0-9-]*\\.global\\.[0-9]+\\.workload\\.id\\.goog"),
  GKE(
      "GKE mesh certificates",
      "spiffe://PROJECT_ID.svc.id.goog/ns/NAMESPACE/sa/KSA_NAME",
      "[a-z][a-z0-9-]*\\.svc\\.id\\.goog"),
  FLEET(
      "GKE fleet managed workload identity",
      "spiffe://PROJECT_ID.workload.id.goog/ns/NAMESPACE/sa/KSA_NAME",
      "[a-z][a-z0-9-]*\\.workload\\.id\\.goog");

  private final String environment;
  private final String template;
  private final Pattern trustDomain;

  SpiffeIdForm(String environment, String template, String trustDomain) {
    this.environment = environment;
    this.template = template;
    this.trustDomain = Pattern.compile(trustDomain);
  }

  public String environment() {
    return environment;
  }

  /** The form as Google's documentation writes it. */
  public String template() {
    return template;
  }

  /** The form {@code id} has: a recognised trust domain and a path of exactly `/ns/NS/sa/NAME`. */
  public static Optional<SpiffeIdForm> of(SpiffeId id) {
    return id.workload().isEmpty() ? Optional.empty() : ofTrustDomain(id);
  }

  /** The form whose trust domain {@code id} has, whatever its path. */
  static Optional<SpiffeIdForm> ofTrustDomain(SpiffeId id) {
    return Arrays.stream(values()).filter(form -> form.trustDomain.matcher(id.trustDomain()).matches()).findFirst();
  }
}
