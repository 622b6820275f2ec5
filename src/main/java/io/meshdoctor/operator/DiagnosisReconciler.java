package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.facts.InjectorWebhooks;
import io.meshdoctor.operator.api.MeshSecurityDiagnosis;
import io.meshdoctor.operator.api.MeshSecurityDiagnosisStatus;
import io.meshdoctor.repair.CaBundleRepairer;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.InputProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the MeshSecurityDiagnosis objects of one namespace current. The primary is the Namespace:
 * every input change maps to the namespaces it affects, JOSDK folds a burst of events for one
 * namespace into one reconcile, and each reconcile analyses the namespace once and writes only
 * statuses whose content changed.
 */
public final class DiagnosisReconciler implements Reconciler<Namespace> {
  private static final Logger LOG = LoggerFactory.getLogger(DiagnosisReconciler.class);
  static final Duration MIN_ANALYSIS_INTERVAL = Duration.ofMillis(200);

  private final OperatorSettings settings;
  private final Set<InputKind> readable;
  private final List<InputProblem> unreadable;
  private final NamespaceFilter filter;
  private final NamespaceDiagnoser diagnoser;
  private final DiagnosisWriter writer;
  private final OperatorMetrics metrics;
  private final CaBundleRepairer repairer;
  private final Clock clock;
  private final Set<InputKind> registeredGke = EnumSet.noneOf(InputKind.class);
  /** System.nanoTime of each namespace's last analysis: elapsed time, whatever the analysis clock says. */
  private final Map<String, Long> lastAnalysis = new ConcurrentHashMap<>();
  /** Where the istiods live, as last seen; a change of their mesh-root copy concerns every namespace. */
  private volatile Set<String> istiodNamespaces = Set.of("istio-system");

  DiagnosisReconciler(
      OperatorSettings settings, AccessProbe.Result access, DiagnosisWriter writer, OperatorMetrics metrics, CaBundleRepairer repairer,
      Clock clock) {
    this.settings = settings;
    this.readable = access.readable();
    this.unreadable = access.problems();
    this.filter = new NamespaceFilter(settings.namespaceSelector(), settings.excludedNamespaces());
    this.diagnoser = new NamespaceDiagnoser(settings);
    this.writer = writer;
    this.metrics = metrics;
    this.repairer = repairer;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Namespace>> prepareEventSources(EventSourceContext<Namespace> context) {
    return new InputSources(settings, readable, () -> istiodNamespaces).create(context);
  }

  @Override
  public UpdateControl<Namespace> reconcile(Namespace namespace, Context<Namespace> context) {
    if (namespace.getMetadata().getDeletionTimestamp() != null) {
      lastAnalysis.remove(namespace.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
    // A burst of changes (a thousand pods failing at once) is analysed once per interval, not once per event.
    Long last = lastAnalysis.get(namespace.getMetadata().getName());
    long nanos = System.nanoTime();
    Duration sinceLast = last == null ? null : Duration.ofNanos(nanos - last);
    if (sinceLast != null && sinceLast.compareTo(MIN_ANALYSIS_INTERVAL) < 0) {
      return UpdateControl.<Namespace>noUpdate().rescheduleAfter(MIN_ANALYSIS_INTERVAL.minus(sinceLast));
    }
    lastAnalysis.put(namespace.getMetadata().getName(), nanos);
    InformerCaches caches = new InformerCaches(context.getPrimaryCache(), context.eventSourceRetriever(), unreadable);
    registerServedGkeKinds(caches, context.eventSourceRetriever());
    boolean showsRepair = reconcile(namespace, caches);
    // A repair is shown for an hour; come back to take it off. A reschedule replaces the periodic
    // analysis, so it must not come later than that.
    Duration takeOff = CaBundleRepairer.SHOWN_FOR.plusMinutes(1);
    return showsRepair
        ? UpdateControl.<Namespace>noUpdate().rescheduleAfter(Collections.min(List.of(takeOff, settings.reanalyseEvery())))
        : UpdateControl.noUpdate();
  }

  /** The namespace's whole cycle over given caches: repair, scope, diagnosis, writes; true when a repair finding is shown. */
  boolean reconcile(Namespace namespace, ClusterCaches caches) {
    String name = namespace.getMetadata().getName();
    List<MeshSecurityDiagnosis> existing = caches.diagnoses(name);
    boolean admitted = filter.admits(name, namespace.getMetadata().getLabels());
    boolean userObjects = existing.stream().anyMatch(d -> !DiagnosisWriter.managedByUs(d));
    if (!admitted && !userObjects) {
      existing.forEach(writer::delete);
      metrics.namespace(name, List.of(), null);
      return false;
    }
    Instant now = clock.instant();
    Set<String> istiods = new HashSet<>(InjectorWebhooks.istiodNamespaces(InjectorWebhooks.of(caches.mutatingWebhookConfigurations())));
    istiods.add("istio-system");
    istiodNamespaces = Set.copyOf(istiods);
    repairer.run(caches.mutatingWebhookConfigurations(), caches.rootCertConfigMaps(), caches.namespaces(), now);
    long started = System.nanoTime();
    NamespaceDiagnoser.Diagnosis analysed = diagnoser.diagnose(caches, namespace, now);
    List<Finding> repairFindings = repairer.findingsFor(name);
    List<Finding> findings = new ArrayList<>(analysed.findings());
    findings.addAll(repairFindings);
    NamespaceDiagnoser.Diagnosis diagnosis = new NamespaceDiagnoser.Diagnosis(findings, analysed.trustDomain(), analysed.inScope(), now);
    metrics.analysed(Duration.ofNanos(System.nanoTime() - started));
    metrics.injectorBundles(caches.mutatingWebhookConfigurations());

    boolean inScope = admitted && diagnosis.inScope();
    List<MeshSecurityDiagnosis> targets = new ArrayList<>();
    for (MeshSecurityDiagnosis diagnosisObject : existing) {
      if (!inScope && DiagnosisWriter.managedByUs(diagnosisObject)) {
        writer.delete(diagnosisObject);
      } else {
        targets.add(diagnosisObject);
      }
    }
    if (inScope && existing.stream().noneMatch(d -> MeshSecurityDiagnosis.DEFAULT_NAME.equals(d.getMetadata().getName()))) {
      targets.add(writer.createDefault(name));
    }
    String health = null;
    for (MeshSecurityDiagnosis target : targets) {
      health = fill(target, diagnosis, now);
    }
    metrics.namespace(name, targets.isEmpty() ? List.of() : diagnosis.findings(), targets.isEmpty() ? null : health);
    return !repairFindings.isEmpty();
  }

  /** Writes one object's status if its content changed; returns the health. */
  private String fill(MeshSecurityDiagnosis target, NamespaceDiagnoser.Diagnosis diagnosis, Instant now) {
    MeshSecurityDiagnosisStatus previous = writer.currentStatus(target);
    List<String> suppress = target.getSpec() == null ? List.of() : target.getSpec().getSuppress();
    MeshSecurityDiagnosisStatus status = DiagnosisStatuses.build(new DiagnosisStatuses.Request(
        diagnosis.findings(), suppress, diagnosis.trustDomain(), target.getMetadata().getGeneration(), previous, now,
        settings.maxFindings(), settings.docsBaseUrl()));
    if (!status.equals(previous)) {
      writer.writeStatus(target, status);
      metrics.statusWritten();
      String before = previous == null ? null : previous.getHealth();
      if (before != null && !Objects.equals(before, status.getHealth())) {
        writer.healthChanged(target, before, status.getHealth(), status.getTopFinding(), now);
      }
    }
    return status.getHealth();
  }

  /**
   * Starts the informers of the GKE kinds whose CRDs the cluster serves, so a cluster that enables
   * mesh certificates after the operator started is picked up without a restart.
   */
  private void registerServedGkeKinds(ClusterCaches caches, EventSourceRetriever<Namespace> retriever) {
    Optional<Set<String>> served = caches.servedCrds();
    for (InputKind kind : List.of(InputKind.WORKLOAD_CERTIFICATE_CONFIG, InputKind.TRUST_CONFIG)) {
      if (!readable.contains(kind) || served.isEmpty() || !served.get().contains(kind.crdName())) {
        continue;
      }
      synchronized (registeredGke) {
        if (registeredGke.contains(kind)) {
          continue;
        }
        LOG.info("{} is served; watching {}", kind.crdName(), kind.kind());
        retriever.dynamicallyRegisterEventSource(InputSources.gkeSource(kind, retriever.eventSourceContextForDynamicRegistration()));
        registeredGke.add(kind);
      }
    }
  }
}
