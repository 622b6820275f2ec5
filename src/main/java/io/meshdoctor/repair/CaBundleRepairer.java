package io.meshdoctor.repair;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.facts.InjectorWebhooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs the caBundle of Istio injector webhooks, after the designs of istiod's webhook patcher
 * and cert-manager's cainjector: opt-in, only `service` injector webhooks, only the caBundle
 * fields, only when the bytes differ, with the resourceVersion as precondition (a conflict re-reads
 * and re-decides), at most a few repairs per configuration and hour so that it never fights istiod
 * or a GitOps tool. Every write or intended write is an Event on the configuration and a finding
 * (MCD406) in the namespaces it affects; every refusal is MCD407.
 */
public final class CaBundleRepairer {
  static final Duration WINDOW = Duration.ofHours(1);
  /** How long a done repair stays visible as MCD406. */
  public static final Duration SHOWN_FOR = WINDOW;
  private static final String EVENT_NAMESPACE = "default";
  private static final Logger LOG = LoggerFactory.getLogger(CaBundleRepairer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What happened to a configuration most recently, for findings. */
  record Outcome(String configuration, List<RepairPlan.Change> changes, boolean written, List<RepairPlan.Refusal> refusals, Instant at,
      SortedSet<String> affected) {}

  private final KubernetesClient client;
  private final RepairMode mode;
  private final int maxPerHour;
  private final String identity;
  private final MeterRegistry registry;
  private final Map<String, Deque<Instant>> repairs = new HashMap<>();
  private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
  private final Map<String, String> lastEvent = new HashMap<>();
  private final Map<String, Long> writtenVersion = new HashMap<>();

  public CaBundleRepairer(KubernetesClient client, RepairMode mode, int maxPerHour, String identity, MeterRegistry registry) {
    this.client = client;
    this.mode = mode;
    this.maxPerHour = maxPerHour;
    this.identity = identity;
    this.registry = registry;
  }

  public RepairMode mode() {
    return mode;
  }

  /** Plans every injector configuration and, as the mode allows, repairs it. */
  public synchronized void run(List<MutatingWebhookConfiguration> configurations, List<ConfigMap> rootCerts, List<Namespace> namespaces, Instant now) {
    if (mode == RepairMode.OFF) {
      return;
    }
    Map<String, ConfigMap> roots = new HashMap<>();
    rootCerts.forEach(c -> roots.put(c.getMetadata().getNamespace(), c));
    Set<String> present = new java.util.HashSet<>();
    for (InjectorWebhooks.InjectorConfiguration injector : InjectorWebhooks.of(configurations)) {
      present.add(injector.name());
      if (staleCopy(injector.configuration())) {
        continue;
      }
      SortedSet<String> affected = InjectorWebhooks.affectedNamespaces(injector, namespaces);
      handle(injector.configuration(), roots, affected, now);
    }
    outcomes.keySet().retainAll(present);
  }

  private void handle(MutatingWebhookConfiguration configuration, Map<String, ConfigMap> roots, SortedSet<String> affected, Instant now) {
    String name = configuration.getMetadata().getName();
    RepairPlan plan = RepairPlan.of(configuration, roots, now);
    if (plan.nothingToDo()) {
      Outcome previous = outcomes.get(name);
      // A done repair stays visible for an hour; anything else clears as soon as it no longer applies.
      if (previous == null || !previous.written() || previous.at().plus(SHOWN_FOR).isBefore(now)) {
        outcomes.remove(name);
      }
      return;
    }
    List<RepairPlan.Refusal> refusals = new ArrayList<>(plan.refusals());
    boolean written = false;
    List<RepairPlan.Change> changes = plan.changes();
    if (!changes.isEmpty() && mode == RepairMode.ENABLED) {
      Deque<Instant> recent = repairs.computeIfAbsent(name, k -> new ArrayDeque<>());
      while (!recent.isEmpty() && recent.peekFirst().plus(WINDOW).isBefore(now)) {
        recent.removeFirst();
      }
      if (recent.size() >= maxPerHour) {
        refusals.add(new RepairPlan.Refusal(RepairPlan.Reason.RATE_LIMITED, names(changes),
            recent.size() + " repairs in the last hour and the bundle is broken again: istiod of another revision or a GitOps tool keeps"
                + " undoing them, so the operator stopped"));
        changes = List.of();
      } else {
        WriteResult result = write(configuration, changes, roots, now);
        changes = result.changes();
        written = result.written();
        if (result.refusal() != null) {
          refusals.add(result.refusal());
        }
        if (written) {
          recent.addLast(now);
        }
      }
    }
    refusals.forEach(r -> count("refused", r.reason().label()));
    Outcome outcome = new Outcome(name, List.copyOf(changes), written, List.copyOf(refusals), now, affected);
    if (!outcome.changes().isEmpty() || !outcome.refusals().isEmpty()) {
      outcomes.put(name, outcome);
      event(configuration, outcome, now);
    } else {
      outcomes.remove(name);
    }
  }

  private record WriteResult(List<RepairPlan.Change> changes, boolean written, RepairPlan.Refusal refusal) {}

  /** Writes the plan; on a conflict re-reads the configuration and decides again, once. */
  private WriteResult write(MutatingWebhookConfiguration configuration, List<RepairPlan.Change> changes, Map<String, ConfigMap> roots, Instant now) {
    MutatingWebhookConfiguration current = configuration;
    List<RepairPlan.Change> planned = changes;
    for (int attempt = 0; attempt < 2; attempt++) {
      count("attempted", "none");
      try {
        MutatingWebhookConfiguration written = client.admissionRegistration().v1().mutatingWebhookConfigurations()
            .withName(current.getMetadata().getName())
            .patch(PatchContext.of(PatchType.JSON), patch(current, planned));
        writtenVersion.put(current.getMetadata().getName(), version(written.getMetadata().getResourceVersion()));
        count("succeeded", "none");
        LOG.info("repaired the caBundle of {} in {}", names(planned), current.getMetadata().getName());
        return new WriteResult(planned, true, null);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        current = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(current.getMetadata().getName()).get();
        if (current == null) {
          return new WriteResult(List.of(), false, null);
        }
        planned = RepairPlan.of(current, roots, now).changes();
        if (planned.isEmpty()) {
          return new WriteResult(List.of(), false, null);
        }
      }
    }
    return new WriteResult(List.of(), false, new RepairPlan.Refusal(RepairPlan.Reason.WRITE_CONFLICT, names(planned),
        "the configuration changed twice between reading and writing it; the operator will decide again on the next change"));
  }

  /** A JSON Patch that sets only the caBundles, conditional on the resourceVersion that was read. */
  private static String patch(MutatingWebhookConfiguration configuration, List<RepairPlan.Change> changes) {
    List<Map<String, Object>> operations = new ArrayList<>();
    operations.add(Map.of("op", "replace", "path", "/metadata/resourceVersion", "value", configuration.getMetadata().getResourceVersion()));
    for (RepairPlan.Change change : changes) {
      operations.add(Map.of("op", "add", "path", "/webhooks/" + change.index() + "/clientConfig/caBundle", "value", change.newBundle()));
    }
    try {
      return JSON.writeValueAsString(operations);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of string maps always serializes", e);
    }
  }

  /** True while the cache still shows the configuration as it was before our own last write. */
  private boolean staleCopy(MutatingWebhookConfiguration configuration) {
    Long written = writtenVersion.get(configuration.getMetadata().getName());
    return written != null && version(configuration.getMetadata().getResourceVersion()) < written;
  }

  private static long version(String resourceVersion) {
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException | NullPointerException e) {
      return Long.MAX_VALUE;
    }
  }

  /** MCD406/MCD407 findings for the namespaces the configurations' webhooks inject into. */
  public synchronized List<Finding> findingsFor(String namespace) {
    List<Finding> findings = new ArrayList<>();
    for (Outcome outcome : outcomes.values()) {
      if (outcome.affected().contains(namespace)) {
        findings.addAll(RepairFindings.of(outcome, mode));
      }
    }
    return findings;
  }

  private void event(MutatingWebhookConfiguration configuration, Outcome outcome, Instant now) {
    String key = outcome.written() + "|" + outcome.changes().stream().map(c -> c.webhook() + c.oldFingerprints() + c.newFingerprints()).toList()
        + "|" + outcome.refusals().stream().map(r -> r.reason() + r.webhook()).toList();
    String name = configuration.getMetadata().getName();
    // An unchanged dry-run plan or refusal is announced once, not on every analysis.
    if (!outcome.written() && key.equals(lastEvent.get(name))) {
      return;
    }
    lastEvent.put(name, key);
    String reason = outcome.written() ? "CaBundleRepaired" : !outcome.changes().isEmpty() ? "CaBundleRepairDryRun" : "CaBundleRepairRefused";
    String message = RepairFindings.describe(outcome, mode);
    try {
      client.v1().events().inNamespace(EVENT_NAMESPACE).resource(new EventBuilder()
          .withNewMetadata().withName(name + "." + Long.toHexString(now.toEpochMilli()) + Long.toHexString(System.nanoTime() & 0xffff))
          .withNamespace(EVENT_NAMESPACE).endMetadata()
          .withNewInvolvedObject().withApiVersion("admissionregistration.k8s.io/v1").withKind("MutatingWebhookConfiguration").withName(name)
          .withUid(configuration.getMetadata().getUid()).endInvolvedObject()
          .withReason(reason)
          .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
          .withType(outcome.refusals().isEmpty() ? "Normal" : "Warning")
          .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
          .withNewSource().withComponent("mesh-cert-doctor").endSource()
          .withReportingComponent("mesh-cert-doctor").withReportingInstance(identity)
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record {} event for {}: {}", reason, name, e.getMessage());
    }
  }

  private void count(String result, String reason) {
    Counter.builder("meshdoctor.repairs").description("caBundle repairs by result (attempted, succeeded, refused) and refusal reason")
        .tag("result", result).tag("reason", reason).register(registry).increment();
  }

  private static String names(List<RepairPlan.Change> changes) {
    return String.join(", ", changes.stream().map(RepairPlan.Change::webhook).toList());
  }
}
