package io.meshdoctor.operator;

import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.facts.InjectorWebhooks;
import io.meshdoctor.pki.Base64Text;
import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.Pem;
import io.meshdoctor.pki.PkiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own metrics: findings by namespace/code/severity, health per namespace, expiry of
 * injector caBundles, analyses and status writes. Labels stay bounded (codes are a fixed set).
 */
final class OperatorMetrics {
  private static final List<String> HEALTHS = List.of(DiagnosisStatuses.HEALTHY, DiagnosisStatuses.DEGRADED, DiagnosisStatuses.UNHEALTHY);

  private final MultiGauge findings;
  private final MultiGauge health;
  private final MultiGauge caBundleExpiry;
  private final Counter analyses;
  private final Counter statusWrites;
  private final Timer analysisTime;
  private final Map<String, Map<String, Integer>> findingCounts = new ConcurrentHashMap<>();
  private final Map<String, String> healthByNamespace = new ConcurrentHashMap<>();

  OperatorMetrics(MeterRegistry registry, String version) {
    findings = MultiGauge.builder("meshdoctor.findings").description("Current findings by namespace, code and severity").register(registry);
    health = MultiGauge.builder("meshdoctor.namespace.health").description("1 for the namespace's current health, 0 for the others").register(registry);
    caBundleExpiry = MultiGauge.builder("meshdoctor.injector.cabundle.expiration.timestamp.seconds")
        .description("When the newest certificate of an injector webhook configuration's caBundle expires (Unix seconds)")
        .register(registry);
    analyses = Counter.builder("meshdoctor.analyses").description("Namespace analyses run").register(registry);
    statusWrites = Counter.builder("meshdoctor.status.writes").description("MeshSecurityDiagnosis status writes").register(registry);
    analysisTime = Timer.builder("meshdoctor.analysis.duration").description("Time to analyse one namespace").register(registry);
    Gauge.builder("meshdoctor.build.info", () -> 1).tag("version", version).description("Build information").register(registry);
  }

  void analysed(Duration took) {
    analyses.increment();
    analysisTime.record(took);
  }

  void statusWritten() {
    statusWrites.increment();
  }

  double analysisCount() {
    return analyses.count();
  }

  /** Records a namespace's findings and health; null health removes the namespace. */
  void namespace(String namespace, List<Finding> current, String currentHealth) {
    if (currentHealth == null) {
      findingCounts.remove(namespace);
      healthByNamespace.remove(namespace);
    } else {
      Map<String, Integer> counts = new TreeMap<>();
      current.forEach(f -> counts.merge(f.code().name() + "|" + f.severity().label(), 1, Integer::sum));
      findingCounts.put(namespace, counts);
      healthByNamespace.put(namespace, currentHealth);
    }
    List<MultiGauge.Row<?>> findingRows = new ArrayList<>();
    findingCounts.forEach((ns, counts) -> counts.forEach((key, count) -> {
      String[] parts = key.split("\\|");
      findingRows.add(MultiGauge.Row.of(Tags.of("namespace", ns, "code", parts[0], "severity", parts[1]), count));
    }));
    findings.register(findingRows, true);
    List<MultiGauge.Row<?>> healthRows = new ArrayList<>();
    healthByNamespace.forEach((ns, h) -> HEALTHS.forEach(state ->
        healthRows.add(MultiGauge.Row.of(Tags.of("namespace", ns, "health", state), state.equals(h) ? 1 : 0))));
    health.register(healthRows, true);
  }

  /** Updates the expiry gauge of every injector configuration's caBundle. */
  void injectorBundles(List<MutatingWebhookConfiguration> configurations) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (InjectorWebhooks.InjectorConfiguration configuration : InjectorWebhooks.of(configurations)) {
      long newest = Long.MIN_VALUE;
      for (MutatingWebhook webhook : configuration.injectors()) {
        String bundle = InjectorWebhooks.caBundle(webhook);
        if (bundle == null || bundle.isBlank()) {
          continue;
        }
        try {
          for (CertificateInfo certificate : Pem.certificates(new String(Base64Text.decode(bundle), StandardCharsets.ISO_8859_1))) {
            newest = Math.max(newest, certificate.notAfter().getEpochSecond());
          }
        } catch (PkiException e) {
          // an unreadable bundle has no expiry; MCD402 reports it
        }
      }
      if (newest != Long.MIN_VALUE) {
        rows.add(MultiGauge.Row.of(Tags.of("configuration", configuration.name()), newest));
      }
    }
    caBundleExpiry.register(rows, true);
  }
}
