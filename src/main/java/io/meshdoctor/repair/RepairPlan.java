package io.meshdoctor.repair;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.meshdoctor.analysis.facts.InjectorWebhooks;
import io.meshdoctor.pki.Base64Text;
import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.Pem;
import io.meshdoctor.pki.PkiException;
import io.meshdoctor.snapshot.RootCertConfigMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a repair of one injector configuration would change, decided from the configuration and
 * the `istio-ca-root-cert` ConfigMaps alone. Only `service` injector webhooks whose caBundle is
 * missing, unparseable, expired or without the current root are changed, and only to the bytes of
 * `root-cert.pem` of the service's namespace, which must be CA certificates valid now.
 */
public record RepairPlan(String configuration, List<Change> changes, List<Refusal> refusals) {

  /** One webhook's caBundle, from {@code oldBundle} to {@code newBundle} (both base64). */
  public record Change(int index, String webhook, String oldBundle, String newBundle, String source, List<String> oldFingerprints,
      List<String> newFingerprints, String why) {}

  /** Why a webhook that needs repair is left alone. */
  public record Refusal(Reason reason, String webhook, String detail) {}

  public enum Reason {
    NO_VALID_SOURCE("no_valid_source"),
    URL_WEBHOOK("url_webhook"),
    RATE_LIMITED("rate_limited"),
    WRITE_CONFLICT("write_conflict");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public boolean nothingToDo() {
    return changes.isEmpty() && refusals.isEmpty();
  }

  /** Plans the repair of an injector configuration; {@code rootCerts} are keyed by namespace. */
  public static RepairPlan of(MutatingWebhookConfiguration configuration, Map<String, ConfigMap> rootCerts, Instant now) {
    List<Change> changes = new ArrayList<>();
    List<Refusal> refusals = new ArrayList<>();
    List<MutatingWebhook> webhooks = configuration.getWebhooks() == null ? List.of() : configuration.getWebhooks();
    for (int i = 0; i < webhooks.size(); i++) {
      MutatingWebhook webhook = webhooks.get(i);
      if (!InjectorWebhooks.isInjectorWebhook(webhook)) {
        continue;
      }
      String bundle = InjectorWebhooks.caBundle(webhook);
      if (!InjectorWebhooks.usesService(webhook)) {
        // Remote and managed control planes set these bundles themselves; never ours to write.
        brokenWithoutExpectation(bundle, now).ifPresent(why -> refusals.add(new Refusal(Reason.URL_WEBHOOK, webhook.getName(),
            "its caBundle " + why + " but it calls a url:, not a service, so its bundle is not istiod's to give")));
        continue;
      }
      String namespace = InjectorWebhooks.serviceNamespace(webhook);
      Source source;
      try {
        source = source(rootCerts.get(namespace), namespace, now);
      } catch (PkiException e) {
        // Without a usable root we cannot tell a bundle lacks it; refuse only where it is broken anyway.
        if (bundle == null || bundle.isBlank() || brokenWithoutExpectation(bundle, now).isPresent()) {
          refusals.add(new Refusal(Reason.NO_VALID_SOURCE, webhook.getName(), e.getMessage()));
        }
        continue;
      }
      int index = i;
      needsRepair(bundle, source, now).ifPresent(why -> changes.add(new Change(
          index, webhook.getName(), bundle, source.base64(), source.where(), fingerprints(bundle), source.fingerprints(), why)));
    }
    return new RepairPlan(configuration.getMetadata().getName(), List.copyOf(changes), List.copyOf(refusals));
  }

  private record Source(String where, String base64, List<CertificateInfo> certificates) {
    List<String> fingerprints() {
      return certificates.stream().map(CertificateInfo::sha256).toList();
    }
  }

  private static Source source(ConfigMap configMap, String namespace, Instant now) throws PkiException {
    String where = namespace + "/" + RootCertConfigMap.NAME;
    if (configMap == null) {
      throw new PkiException("there is no " + where + " to take the root from");
    }
    String pem = configMap.getData() == null ? null : configMap.getData().get(RootCertConfigMap.KEY);
    if (pem == null || pem.isBlank()) {
      throw new PkiException(where + " has no " + RootCertConfigMap.KEY);
    }
    List<CertificateInfo> certificates;
    try {
      certificates = Pem.certificates(pem);
    } catch (PkiException e) {
      throw new PkiException(where + " " + RootCertConfigMap.KEY + " does not parse: " + e.getMessage(), e);
    }
    for (CertificateInfo certificate : certificates) {
      if (!certificate.ca()) {
        throw new PkiException(where + " holds " + certificate.displayName() + ", which is not a CA certificate");
      }
      if (!certificate.validAt(now)) {
        throw new PkiException(where + " holds " + certificate.displayName() + ", valid " + certificate.notBefore() + " to " + certificate.notAfter()
            + ", not now");
      }
    }
    return new Source(where, Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8)), certificates);
  }

  /** Why the bundle must be replaced by the source, or empty when it already serves. */
  private static Optional<String> needsRepair(String bundle, Source source, Instant now) {
    Optional<String> broken = brokenWithoutExpectation(bundle, now);
    if (bundle == null || bundle.isBlank()) {
      return Optional.of("is empty");
    }
    if (broken.isPresent()) {
      return broken;
    }
    Set<String> present = new HashSet<>(fingerprints(bundle));
    return present.containsAll(source.fingerprints()) ? Optional.empty() : Optional.of("lacks the current mesh root");
  }

  /** What is wrong with a bundle on its own (unparseable, nothing valid now), if anything. */
  private static Optional<String> brokenWithoutExpectation(String bundle, Instant now) {
    if (bundle == null || bundle.isBlank()) {
      return Optional.empty();
    }
    List<CertificateInfo> certificates;
    try {
      certificates = Pem.certificates(new String(Base64Text.decode(bundle), StandardCharsets.ISO_8859_1));
    } catch (PkiException e) {
      return Optional.of("does not parse (" + e.getMessage() + ")");
    }
    return certificates.stream().anyMatch(c -> c.validAt(now)) ? Optional.empty() : Optional.of("holds no certificate valid now");
  }

  private static List<String> fingerprints(String bundle) {
    if (bundle == null || bundle.isBlank()) {
      return List.of();
    }
    try {
      return Pem.certificates(new String(Base64Text.decode(bundle), StandardCharsets.ISO_8859_1)).stream().map(CertificateInfo::sha256).toList();
    } catch (PkiException e) {
      return List.of();
    }
  }
}
