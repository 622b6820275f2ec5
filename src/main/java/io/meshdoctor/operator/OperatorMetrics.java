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
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's own metrics: findings by namespace/code/severity, health per namespace, expiry of
 * injector caBundles, analyses and status writes. Labels stay bounded (codes are a fixed set).
 */
final class OperatorMetrics {
  private static final List<String> HEALTHS = List.of(DiagnosisStatuses.HEALTHY, DiagnosisStatuses.DEGRADED, DiagnosisStatuses.UNHEALTHY);

  private final MeterRegistry registry;
  private final MultiGauge caBundleExpiry;
  private final Counter analyses;
  private final Counter statusWrites;
  private final Timer analysisTime;
  /** Per namespace, each findings gauge with the value it reads; gauges are added and removed as counts appear and vanish. */
  private final Map<String, Map<Tags, FindingGauge>> findingCounts = new ConcurrentHashMap<>();
  private final Map<String, HealthGauges> healthByNamespace = new ConcurrentHashMap<>();

  /** A registered gauge and the value it reads, kept so the gauge is removed without searching the registry. */
  private record FindingGauge(Gauge gauge, AtomicInteger count) {}

  /** The three health gauges of a namespace and the health they read. */
  private record HealthGauges(List<Gauge> gauges, AtomicReference<String> health) {}
  private volatile Map<String, Long> lastExpiries = Map.of();

  OperatorMetrics(MeterRegistry registry, String version) {
    this.registry = registry;
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

  /**
   * Records a namespace's findings and health; null health removes the namespace. Only this
   * namespace's gauges are touched, so the cost does not grow with the number of namespaces.
   */
  void namespace(String namespace, List<Finding> current, String currentHealth) {
    Map<Tags, Integer> counts = new HashMap<>();
    if (currentHealth != null) {
      current.forEach(f -> counts.merge(Tags.of("namespace", namespace, "code", f.code().name(), "severity", f.severity().label()), 1, Integer::sum));
    }
    Map<Tags, FindingGauge> gauges = findingCounts.computeIfAbsent(namespace, k -> new ConcurrentHashMap<>());
    gauges.entrySet().removeIf(entry -> {
      if (counts.containsKey(entry.getKey())) {
        return false;
      }
      registry.remove(entry.getValue().gauge());
      return true;
    });
    counts.forEach((tags, count) -> gauges.computeIfAbsent(tags, t -> {
      AtomicInteger value = new AtomicInteger();
      Gauge gauge = Gauge.builder("meshdoctor.findings", value, AtomicInteger::get).tags(t)
          .description("Current findings by namespace, code and severity").register(registry);
      return new FindingGauge(gauge, value);
    }).count().set(count));
    if (currentHealth == null) {
      findingCounts.remove(namespace);
      HealthGauges removed = healthByNamespace.remove(namespace);
      if (removed != null) {
        removed.gauges().forEach(registry::remove);
      }
      return;
    }
    healthByNamespace.computeIfAbsent(namespace, ns -> {
      AtomicReference<String> health = new AtomicReference<>();
      List<Gauge> perState = HEALTHS.stream().map(state -> Gauge.builder("meshdoctor.namespace.health", health, h -> state.equals(h.get()) ? 1 : 0)
          .tags("namespace", ns, "health", state).description("1 for the namespace's current health, 0 for the others").register(registry))
          .toList();
      return new HealthGauges(perState, health);
    }).health().set(currentHealth);
  }

  /** Updates the expiry gauge of every injector configuration's caBundle. */
  void injectorBundles(List<MutatingWebhookConfiguration> configurations) {
    Map<String, Long> expiries = new TreeMap<>();
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
        expiries.put(configuration.name(), newest);
      }
    }
    // Every reconcile reports the same few values; the gauge rows change only when they do.
    if (!expiries.equals(lastExpiries)) {
      lastExpiries = expiries;
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      expiries.forEach((name, at) -> rows.add(MultiGauge.Row.of(Tags.of("configuration", name), at)));
      caBundleExpiry.register(rows, true);
    }
  }
}
