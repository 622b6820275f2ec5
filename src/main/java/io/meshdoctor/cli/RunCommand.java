package io.meshdoctor.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.input.InputException;
import io.meshdoctor.operator.LeaderElection;
import io.meshdoctor.operator.MeshDoctorOperator;
import io.meshdoctor.operator.OperatorHttpServer;
import io.meshdoctor.operator.OperatorSettings;
import io.meshdoctor.repair.RepairMode;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `run`: the operator. Every option has an environment variable, which the Helm chart sets. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Runs the operator: keeps a MeshSecurityDiagnosis current in every namespace in scope.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--trust-domain", paramLabel = "NAME", defaultValue = "${env:MESH_CERT_DOCTOR_TRUST_DOMAIN}",
      description = "Cluster SPIFFE trust domain (env MESH_CERT_DOCTOR_TRUST_DOMAIN; default: inferred).")
  String trustDomain;

  @Option(names = "--signer-name", paramLabel = "NAME", split = ",",
      defaultValue = "${env:MESH_CERT_DOCTOR_SIGNER_NAMES:-" + AnalysisSettings.DEFAULT_SIGNER + "}",
      description = "CSR signers to watch, comma-separated (env MESH_CERT_DOCTOR_SIGNER_NAMES).")
  List<String> signerNames;

  @Option(names = "--stale-after", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:MESH_CERT_DOCTOR_STALE_AFTER:-15m}", description = "Env MESH_CERT_DOCTOR_STALE_AFTER (default 15m).")
  Duration staleAfter;

  @Option(names = "--expiring-soon", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:MESH_CERT_DOCTOR_EXPIRING_SOON:-30d}", description = "Env MESH_CERT_DOCTOR_EXPIRING_SOON (default 30d).")
  Duration expiringSoon;

  @Option(names = "--namespace-selector", paramLabel = "SELECTOR", defaultValue = "${env:MESH_CERT_DOCTOR_NAMESPACE_SELECTOR:-}",
      description = "Label selector of the namespaces to diagnose, e.g. 'env in (prod,staging)' (env MESH_CERT_DOCTOR_NAMESPACE_SELECTOR).")
  String namespaceSelector;

  @Option(names = "--exclude-namespaces", paramLabel = "NAMES", split = ",",
      defaultValue = "${env:MESH_CERT_DOCTOR_EXCLUDE_NAMESPACES:-kube-system,kube-public,kube-node-lease,gke-*}",
      description = "Namespaces never diagnosed; 'prefix*' patterns allowed (env MESH_CERT_DOCTOR_EXCLUDE_NAMESPACES).")
  List<String> excludedNamespaces;

  @Option(names = "--max-findings", paramLabel = "N", defaultValue = "${env:MESH_CERT_DOCTOR_MAX_FINDINGS:-100}",
      description = "Findings listed per diagnosis, most severe first (env MESH_CERT_DOCTOR_MAX_FINDINGS).")
  int maxFindings;

  @Option(names = "--docs-base-url", paramLabel = "URL", defaultValue = "${env:MESH_CERT_DOCTOR_DOCS_BASE_URL:-docs/findings/}",
      description = "Prefix of each finding's docs link (env MESH_CERT_DOCTOR_DOCS_BASE_URL).")
  String docsBaseUrl;

  @Option(names = "--field-selectors", paramLabel = "BOOL", defaultValue = "${env:MESH_CERT_DOCTOR_FIELD_SELECTORS:-true}",
      description = "Let the API server filter events and CSRs (env MESH_CERT_DOCTOR_FIELD_SELECTORS).")
  boolean fieldSelectors;

  @Option(names = "--repair-mode", paramLabel = "off|dryRun|enabled", defaultValue = "${env:MESH_CERT_DOCTOR_REPAIR_MODE:-off}",
      description = "Repair injector webhook caBundles: off, dryRun (report only) or enabled (env MESH_CERT_DOCTOR_REPAIR_MODE).")
  String repairMode;

  @Option(names = "--repair-max-per-hour", paramLabel = "N", defaultValue = "${env:MESH_CERT_DOCTOR_REPAIR_MAX_PER_HOUR:-3}",
      description = "Repairs of one configuration per hour before the operator stops fighting whoever undoes them"
          + " (env MESH_CERT_DOCTOR_REPAIR_MAX_PER_HOUR).")
  int repairsPerHour;

  @Option(names = "--reanalyse-every", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:MESH_CERT_DOCTOR_REANALYSE_EVERY:-5m}",
      description = "Analyse every namespace again after this long without a change, for findings time alone brings, such as an"
          + " expired certificate (env MESH_CERT_DOCTOR_REANALYSE_EVERY, default 5m, at least 1s).")
  Duration reanalyseEvery;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:MESH_CERT_DOCTOR_PORT:-8080}",
      description = "Port of /healthz, /readyz and /metrics (env MESH_CERT_DOCTOR_PORT).")
  int port;

  @Option(names = "--leader-election", paramLabel = "auto|true|false", defaultValue = "${env:MESH_CERT_DOCTOR_LEADER_ELECTION:-auto}",
      description = "Lease-based leader election; auto = on when running in a cluster (env MESH_CERT_DOCTOR_LEADER_ELECTION).")
  String leaderElection;

  @Option(names = "--lease-name", paramLabel = "NAME", defaultValue = "${env:MESH_CERT_DOCTOR_LEASE_NAME:-mesh-cert-doctor}",
      description = "Name of the Lease (env MESH_CERT_DOCTOR_LEASE_NAME).")
  String leaseName;

  @Option(names = "--lease-namespace", paramLabel = "NS", defaultValue = "${env:POD_NAMESPACE}",
      description = "Namespace of the Lease (env POD_NAMESPACE).")
  String leaseNamespace;

  @Option(names = "--identity", paramLabel = "NAME", defaultValue = "${env:POD_NAME:-${env:HOSTNAME}}",
      description = "This replica's identity in the election (env POD_NAME).")
  String identity;

  @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "${env:MESH_CERT_DOCTOR_LOG_FORMAT:-text}",
      description = "Log format (env MESH_CERT_DOCTOR_LOG_FORMAT).")
  String logFormat;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws InputException, IOException, InterruptedException {
    configureLogging();
    RepairMode repair;
    try {
      repair = RepairMode.parse(repairMode);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--repair-mode: " + e.getMessage());
    }
    if (repairsPerHour < 1 || maxFindings < 1) {
      throw new UsageException("--repair-max-per-hour and --max-findings must be at least 1");
    }
    if (reanalyseEvery.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new UsageException("--reanalyse-every must be at least 1s");
    }
    OperatorSettings settings = new OperatorSettings(
        trustDomain, Set.copyOf(signerNames), staleAfter, expiringSoon, namespaceSelector, excludedNamespaces, maxFindings, docsBaseUrl,
        fieldSelectors, repair, repairsPerHour, reanalyseEvery);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(cluster.operatorConfig()).build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    MeshDoctorOperator operator = new MeshDoctorOperator(client, settings, election(), registry, Clock.systemUTC(), Version.current());
    OperatorHttpServer http = new OperatorHttpServer(port, operator::isStarted, registry);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      http.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));
    try {
      operator.start();
    } catch (RuntimeException e) {
      http.close();
      client.close();
      throw new InputException("cannot start the operator: " + e.getMessage(), e);
    }
    LoggerFactory.getLogger(RunCommand.class).info("mesh-cert-doctor {} running; metrics and probes on :{}", Version.current(), http.port());
    stopped.await();
    return 0;
  }

  private Optional<LeaderElection> election() {
    boolean inCluster = System.getenv("KUBERNETES_SERVICE_HOST") != null;
    boolean enabled = switch (leaderElection.toLowerCase()) {
      case "true" -> true;
      case "false" -> false;
      case "auto" -> inCluster;
      default -> throw new UsageException("--leader-election: '" + leaderElection + "' is not one of auto, true, false");
    };
    if (!enabled) {
      return Optional.empty();
    }
    if (leaseNamespace == null || leaseNamespace.isBlank()) {
      throw new UsageException("leader election needs the Lease namespace: set --lease-namespace or POD_NAMESPACE");
    }
    String id = identity == null || identity.isBlank() ? java.util.UUID.randomUUID().toString() : identity;
    return Optional.of(LeaderElection.standard(leaseName, leaseNamespace, id));
  }

  private void configureLogging() {
    String resource = switch (logFormat.toLowerCase()) {
      case "text" -> null;
      case "json" -> "/logback-json.xml";
      default -> throw new UsageException("--log-format: '" + logFormat + "' is not one of text, json");
    };
    if (resource == null) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(RunCommand.class.getResource(resource));
    } catch (JoranException e) {
      throw new IllegalStateException("the bundled JSON logging configuration is invalid", e);
    }
  }
}
