package io.meshdoctor.packaging;

import static io.meshdoctor.packaging.Manifests.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.meshdoctor.packaging.Manifests.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Helm chart: lint, CRD, RBAC, pod security, probes, settings, monitoring toggles, schema. */
class HelmChartTest {
  private static final String SCHEMA_ERROR = "values don't meet the specifications of the schema";

  /** What the operator needs with repair off and leader election on (docs/operator.md, "Permissions"). */
  static final Set<Permission> DEFAULT_PERMISSIONS = defaultPermissions();

  private static Set<Permission> defaultPermissions() {
    Set<Permission> permissions = new TreeSet<>();
    for (String verb : List.of("get", "list", "watch")) {
      for (String resource : List.of("namespaces", "pods", "events")) {
        permissions.add(cluster("", resource, verb));
      }
      // Read by name only: the informers select these with a metadata.name field selector.
      permissions.add(new Permission("ClusterRole", "", "configmaps", verb, "istio-ca-root-cert"));
      permissions.add(new Permission("ClusterRole", "apiextensions.k8s.io", "customresourcedefinitions", verb,
          "workloadcertificateconfigs.security.cloud.google.com"));
      permissions.add(new Permission("ClusterRole", "apiextensions.k8s.io", "customresourcedefinitions", verb,
          "trustconfigs.security.cloud.google.com"));
      permissions.add(cluster("certificates.k8s.io", "certificatesigningrequests", verb));
      permissions.add(cluster("admissionregistration.k8s.io", "mutatingwebhookconfigurations", verb));
      permissions.add(cluster("security.cloud.google.com", "workloadcertificateconfigs", verb));
      permissions.add(cluster("security.cloud.google.com", "trustconfigs", verb));
    }
    permissions.add(cluster("", "events", "create"));
    permissions.add(cluster("", "events", "patch"));
    permissions.add(cluster("authorization.k8s.io", "selfsubjectaccessreviews", "create"));
    for (String verb : List.of("get", "list", "watch", "create", "update", "patch", "delete")) {
      permissions.add(cluster("meshdoctor.io", "meshsecuritydiagnoses", verb));
    }
    permissions.add(cluster("meshdoctor.io", "meshsecuritydiagnoses/status", "update"));
    permissions.add(cluster("meshdoctor.io", "meshsecuritydiagnoses/status", "patch"));
    permissions.add(new Permission("Role", "coordination.k8s.io", "leases", "create", "*"));
    permissions.add(new Permission("Role", "coordination.k8s.io", "leases", "get", "mesh-cert-doctor"));
    permissions.add(new Permission("Role", "coordination.k8s.io", "leases", "update", "mesh-cert-doctor"));
    return permissions;
  }

  private static Permission webhookPatch(String name) {
    return new Permission("ClusterRole", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", "patch", name);
  }

  private static String chartYaml(String field) throws IOException {
    return Manifests.read(ChartRender.CHART.resolve("Chart.yaml")).path(field).asText();
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = new Helm(ChartRender.CHART).lint().strict().call();

    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).allMatch(m -> m.startsWith("[INFO]"));
  }

  @Test
  void chartCrdIsTheGeneratedCrdUnmodified() throws IOException {
    try (Stream<Path> files = Files.list(ChartRender.CHART.resolve("crds"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("meshsecuritydiagnoses.meshdoctor.io-v1.yml");
    }
    assertThat(Files.readString(ChartRender.CHART.resolve("crds/meshsecuritydiagnoses.meshdoctor.io-v1.yml")))
        .as("copy crds/meshsecuritydiagnoses.meshdoctor.io-v1.yml to charts/mesh-cert-doctor/crds/")
        .isEqualTo(Files.readString(Path.of("crds/meshsecuritydiagnoses.meshdoctor.io-v1.yml")));
  }

  @Test
  void appVersionIsTheProjectVersionAndTheDefaultImageTag() throws IOException {
    Matcher version = Pattern.compile("<artifactId>mesh-cert-doctor</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(version.find()).isTrue();

    assertThat(chartYaml("appVersion")).isEqualTo(version.group(1).replace("-SNAPSHOT", ""));
    assertThat(ChartRender.container(ChartRender.defaults()).path("image").asText())
        .isEqualTo("ghcr.io/meshdoctor/mesh-cert-doctor:" + chartYaml("appVersion"));
    assertThat(ChartRender.container(ChartRender.with("image: {repository: registry.internal/mcd, tag: \"0.1.0-rc1\"}")).path("image").asText())
        .isEqualTo("registry.internal/mcd:0.1.0-rc1");
    String digest = "sha256:" + "ab".repeat(32);
    assertThat(ChartRender.container(ChartRender.with("image: {digest: \"" + digest + "\"}")).path("image").asText())
        .isEqualTo("ghcr.io/meshdoctor/mesh-cert-doctor@" + digest);
  }

  @Test
  void defaultRenderHasTheOperatorAndNoOptionalObjects() throws IOException {
    List<JsonNode> objects = ChartRender.defaults();

    assertThat(objects).extracting(o -> o.path("kind").asText()).containsExactlyInAnyOrder(
        "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment");
    for (JsonNode object : objects) {
      JsonNode labels = object.at("/metadata/labels");
      assertThat(labels.path("helm.sh/chart").asText()).isEqualTo("mesh-cert-doctor-" + chartYaml("version"));
      assertThat(labels.path("app.kubernetes.io/name").asText()).isEqualTo("mesh-cert-doctor");
      assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo(ChartRender.RELEASE);
      assertThat(labels.path("app.kubernetes.io/version").asText()).isEqualTo(chartYaml("appVersion"));
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
      if (!object.path("kind").asText().startsWith("Cluster")) {
        assertThat(object.at("/metadata/namespace").asText()).isEqualTo(ChartRender.NAMESPACE);
      }
    }
    JsonNode deployment = ChartRender.deployment(objects);
    JsonNode selector = deployment.at("/spec/selector/matchLabels");
    assertThat(selector.properties()).extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("app.kubernetes.io/name", "app.kubernetes.io/instance");
    selector.properties().forEach(e -> assertThat(deployment.at("/spec/template/metadata/labels").path(e.getKey())).isEqualTo(e.getValue()));
    assertThat(Manifests.single(objects, "Service").at("/spec/selector")).isEqualTo(selector);
    assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
        .isEqualTo(Manifests.single(objects, "ServiceAccount").at("/metadata/name").asText())
        .isEqualTo(Manifests.single(objects, "ClusterRoleBinding").at("/subjects/0/name").asText());
  }

  @Test
  void defaultRbacIsExactlyWhatTheOperatorNeeds() {
    List<JsonNode> objects = ChartRender.defaults();

    assertThat(Manifests.permissions(objects)).containsExactlyElementsOf(DEFAULT_PERMISSIONS);
    assertThat(Manifests.single(objects, "ClusterRoleBinding").at("/roleRef/name").asText())
        .isEqualTo(Manifests.single(objects, "ClusterRole").at("/metadata/name").asText());
    assertThat(Manifests.single(objects, "RoleBinding").at("/roleRef/name").asText())
        .isEqualTo(Manifests.single(objects, "Role").at("/metadata/name").asText());
    assertThat(Manifests.single(objects, "RoleBinding").at("/subjects/0/namespace").asText()).isEqualTo(ChartRender.NAMESPACE);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "repair: {mode: dryRun}",
      "repair: {mode: enabled, webhookConfigurations: [istio-sidecar-injector]}",
      "{replicaCount: 2, metrics: {serviceMonitor: {enabled: true}, podMonitoring: {enabled: true}}, networkPolicy: {enabled: true}}"})
  void neverTouchesSecretsNorGrantsWildcards(String values) {
    List<JsonNode> objects = ChartRender.with(values);

    assertThat(Manifests.ofKind(objects, "Secret")).isEmpty();
    assertThat(Manifests.permissions(objects)).noneMatch(p -> p.resource().equals("secrets") || p.resource().contains("*")
        || p.verb().equals("*") || p.group().equals("*"));
    JsonNode pod = ChartRender.deployment(objects).at("/spec/template/spec");
    pod.path("volumes").forEach(v -> assertThat(v.has("secret")).isFalse());
    assertThat(pod.toString()).doesNotContain("secretKeyRef", "secretRef");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"off\"", "dryRun"})
  void repairThatWritesNothingGrantsNoWebhookPatch(String mode) {
    List<JsonNode> objects = ChartRender.with("repair: {mode: " + mode + ", webhookConfigurations: [istio-sidecar-injector]}");

    assertThat(Manifests.permissions(objects)).containsExactlyElementsOf(DEFAULT_PERMISSIONS);
    assertThat(Manifests.env(ChartRender.container(objects))).containsEntry("MESH_CERT_DOCTOR_REPAIR_MODE", mode.replace("\"", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"enabled"})
  void repairGrantsWebhookPatchOnAnyConfigurationWithoutNames(String mode) {
    List<JsonNode> objects = ChartRender.with("repair: {mode: " + mode + "}");

    Set<Permission> expected = new TreeSet<>(DEFAULT_PERMISSIONS);
    expected.add(webhookPatch("*"));
    assertThat(Manifests.permissions(objects)).containsExactlyElementsOf(expected);
    assertThat(Manifests.env(ChartRender.container(objects))).containsEntry("MESH_CERT_DOCTOR_REPAIR_MODE", mode);
  }

  @ParameterizedTest
  @ValueSource(strings = {"enabled"})
  void repairWithNamedConfigurationsPatchesOnlyThose(String mode) {
    List<JsonNode> objects = ChartRender.with(
        "repair: {mode: " + mode + ", maxPerHour: 2, webhookConfigurations: [istio-sidecar-injector, istio-sidecar-injector-canary]}");

    Set<Permission> expected = new TreeSet<>(DEFAULT_PERMISSIONS);
    expected.add(webhookPatch("istio-sidecar-injector"));
    expected.add(webhookPatch("istio-sidecar-injector-canary"));
    assertThat(Manifests.permissions(objects)).containsExactlyElementsOf(expected);
    assertThat(Manifests.env(ChartRender.container(objects)))
        .containsEntry("MESH_CERT_DOCTOR_REPAIR_MODE", mode)
        .containsEntry("MESH_CERT_DOCTOR_REPAIR_MAX_PER_HOUR", "2");
  }

  @Test
  void leaderElectionLeaseFollowsItsValues() {
    List<JsonNode> renamed = ChartRender.with("{replicaCount: 2, leaderElection: {leaseName: mcd-leader}}");
    assertThat(ChartRender.deployment(renamed).at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(Manifests.permissions(renamed)).filteredOn(p -> p.resource().equals("leases")).containsExactlyInAnyOrder(
        new Permission("Role", "coordination.k8s.io", "leases", "create", "*"),
        new Permission("Role", "coordination.k8s.io", "leases", "get", "mcd-leader"),
        new Permission("Role", "coordination.k8s.io", "leases", "update", "mcd-leader"));
    assertThat(Manifests.env(ChartRender.container(renamed))).containsEntry("MESH_CERT_DOCTOR_LEASE_NAME", "mcd-leader");

    List<JsonNode> single = ChartRender.with("leaderElection: {enabled: false}");
    assertThat(Manifests.ofKind(single, "Role")).isEmpty();
    assertThat(Manifests.ofKind(single, "RoleBinding")).isEmpty();
    assertThat(Manifests.env(ChartRender.container(single))).containsEntry("MESH_CERT_DOCTOR_LEADER_ELECTION", "false");

    assertThatThrownBy(() -> ChartRender.with("{replicaCount: 2, leaderElection: {enabled: false}}"))
        .hasMessageContaining("replicaCount > 1 needs leaderElection.enabled");
  }

  @Test
  void rbacAndServiceAccountCanBeLeftToTheUser() {
    List<JsonNode> objects = ChartRender.with("{rbac: {create: false}, serviceAccount: {create: false, name: platform-mcd}}");

    assertThat(objects).extracting(o -> o.path("kind").asText()).containsExactlyInAnyOrder("Service", "Deployment");
    assertThat(ChartRender.deployment(objects).at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("platform-mcd");
    assertThatThrownBy(() -> ChartRender.with("serviceAccount: {create: false}")).hasMessageContaining("serviceAccount.name is required");
  }

  @Test
  void podPassesTheRestrictedPodSecurityStandard() {
    JsonNode pod = ChartRender.deployment(ChartRender.defaults()).at("/spec/template/spec");

    assertThat(RestrictedProfile.violations(pod)).isEmpty();
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asLong()).isPositive();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode container = pod.at("/containers/0/securityContext");
    assertThat(container.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    // The JVM needs a writable /tmp on the read-only root filesystem.
    assertThat(pod.at("/containers/0/volumeMounts").toString()).contains("\"mountPath\":\"/tmp\"");
    assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();
  }

  @Test
  void restrictedProfileCatchesWhatItChecks() {
    JsonNode pod = ChartRender.deployment(ChartRender.with("""
        podSecurityContext: {runAsUser: 0, runAsNonRoot: null, seccompProfile: null}
        containerSecurityContext:
          allowPrivilegeEscalation: true
          readOnlyRootFilesystem: false
          runAsNonRoot: null
          capabilities: {drop: [], add: [NET_ADMIN]}
        """)).at("/spec/template/spec");

    assertThat(RestrictedProfile.violations(pod)).containsExactlyInAnyOrder(
        "pod runAsUser is 0",
        "container operator: runAsNonRoot is not true",
        "container operator: seccompProfile is not RuntimeDefault or Localhost",
        "container operator: allowPrivilegeEscalation is not false",
        "container operator: capabilities.drop lacks ALL",
        "container operator: adds capability NET_ADMIN",
        "container operator: readOnlyRootFilesystem is not true");
  }

  @Test
  void probesAndMetricsPortFollowTheOperatorPort() {
    List<JsonNode> objects = ChartRender.with("metrics: {port: 9090, service: {port: 9100}}");
    JsonNode container = ChartRender.container(objects);

    assertThat(container.at("/ports/0/name").asText()).isEqualTo("metrics");
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(9090);
    assertThat(Manifests.env(container)).containsEntry("MESH_CERT_DOCTOR_PORT", "9090");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("metrics");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("metrics");
    JsonNode service = Manifests.single(objects, "Service");
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(9100);
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("metrics");
  }

  @Test
  void runsTheJarWithTheJvmOptionsAndSizedResources() {
    JsonNode container = ChartRender.container(ChartRender.defaults());

    assertThat(container.path("command").toString()).isEqualTo("[\"java\"]");
    assertThat(container.path("args")).extracting(JsonNode::asText)
        .containsExactly("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/mesh-cert-doctor.jar", "run");
    assertThat(container.at("/resources/requests/cpu").asText()).isNotEmpty();
    assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
    assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
    assertThat(ChartRender.container(ChartRender.with("jvmOptions: [-Xss512k]")).path("args")).extracting(JsonNode::asText)
        .containsExactly("-Xss512k", "-jar", "/app/mesh-cert-doctor.jar", "run");
  }

  @Test
  void containerImageDefinitionMatchesTheChart() throws IOException {
    String dockerfile = Files.readString(Path.of("operator/Dockerfile"));
    JsonNode pod = ChartRender.deployment(ChartRender.defaults()).at("/spec/template/spec");

    assertThat(dockerfile).contains("COPY target/mesh-cert-doctor.jar /app/mesh-cert-doctor.jar");
    long user = pod.at("/securityContext/runAsUser").asLong();
    assertThat(dockerfile).containsPattern("(?m)^USER " + user + ":" + pod.at("/securityContext/runAsGroup").asLong() + "$");
  }

  @Test
  void defaultSettingsAreTheOperatorDefaults() {
    JsonNode container = ChartRender.container(ChartRender.defaults());

    assertThat(Manifests.env(container)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("MESH_CERT_DOCTOR_SIGNER_NAMES", "spiffe.gke.io/spiffe-leaf-signer"),
        Map.entry("MESH_CERT_DOCTOR_STALE_AFTER", "15m"),
        Map.entry("MESH_CERT_DOCTOR_EXPIRING_SOON", "30d"),
        Map.entry("MESH_CERT_DOCTOR_MAX_FINDINGS", "100"),
        Map.entry("MESH_CERT_DOCTOR_DOCS_BASE_URL", "docs/findings/"),
        Map.entry("MESH_CERT_DOCTOR_REANALYSE_EVERY", "5m"),
        Map.entry("MESH_CERT_DOCTOR_NAMESPACE_SELECTOR", ""),
        Map.entry("MESH_CERT_DOCTOR_EXCLUDE_NAMESPACES", "kube-system,kube-public,kube-node-lease,gke-*"),
        Map.entry("MESH_CERT_DOCTOR_FIELD_SELECTORS", "true"),
        Map.entry("MESH_CERT_DOCTOR_PORT", "8080"),
        Map.entry("MESH_CERT_DOCTOR_LEADER_ELECTION", "true"),
        Map.entry("MESH_CERT_DOCTOR_LEASE_NAME", "mesh-cert-doctor"),
        Map.entry("MESH_CERT_DOCTOR_LOG_FORMAT", "text"),
        Map.entry("MESH_CERT_DOCTOR_LOG_LEVEL", "INFO"),
        Map.entry("MESH_CERT_DOCTOR_REPAIR_MODE", "off"),
        Map.entry("MESH_CERT_DOCTOR_REPAIR_MAX_PER_HOUR", "3")));
    assertThat(container.path("env").toString())
        .contains("{\"name\":\"POD_NAMESPACE\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.namespace\"}}}")
        .contains("{\"name\":\"POD_NAME\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}}");
  }

  @Test
  void everySettingIsWiredFromValues() throws IOException {
    JsonNode container = ChartRender.container(ChartRender.with("""
        diagnosis:
          trustDomain: acme-shop.svc.id.goog
          signerNames: [spiffe.gke.io/spiffe-leaf-signer, example.com/mesh-signer]
          staleAfter: 5m
          expiringSoon: PT336H
          maxFindings: 50
          docsBaseUrl: https://docs.example.com/mesh-cert-doctor/findings/
          reanalyseEvery: 2m
        namespaces:
          selector: "env in (prod,staging),!legacy"
          exclude: [kube-system, sandbox-*]
        fieldSelectors: false
        repair: {mode: enabled, maxPerHour: 1}
        leaderElection: {leaseName: mcd-leader}
        logging: {format: json, level: DEBUG}
        metrics: {port: 9090}
        extraEnv:
          - {name: JDK_JAVA_OPTIONS, value: -Xlog:gc}
        """));

    Map<String, String> env = Manifests.env(container);
    assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("MESH_CERT_DOCTOR_TRUST_DOMAIN", "acme-shop.svc.id.goog"),
        Map.entry("MESH_CERT_DOCTOR_SIGNER_NAMES", "spiffe.gke.io/spiffe-leaf-signer,example.com/mesh-signer"),
        Map.entry("MESH_CERT_DOCTOR_STALE_AFTER", "5m"),
        Map.entry("MESH_CERT_DOCTOR_EXPIRING_SOON", "PT336H"),
        Map.entry("MESH_CERT_DOCTOR_MAX_FINDINGS", "50"),
        Map.entry("MESH_CERT_DOCTOR_DOCS_BASE_URL", "https://docs.example.com/mesh-cert-doctor/findings/"),
        Map.entry("MESH_CERT_DOCTOR_REANALYSE_EVERY", "2m"),
        Map.entry("MESH_CERT_DOCTOR_NAMESPACE_SELECTOR", "env in (prod,staging),!legacy"),
        Map.entry("MESH_CERT_DOCTOR_EXCLUDE_NAMESPACES", "kube-system,sandbox-*"),
        Map.entry("MESH_CERT_DOCTOR_FIELD_SELECTORS", "false"),
        Map.entry("MESH_CERT_DOCTOR_PORT", "9090"),
        Map.entry("MESH_CERT_DOCTOR_LEADER_ELECTION", "true"),
        Map.entry("MESH_CERT_DOCTOR_LEASE_NAME", "mcd-leader"),
        Map.entry("MESH_CERT_DOCTOR_LOG_FORMAT", "json"),
        Map.entry("MESH_CERT_DOCTOR_LOG_LEVEL", "DEBUG"),
        Map.entry("MESH_CERT_DOCTOR_REPAIR_MODE", "enabled"),
        Map.entry("MESH_CERT_DOCTOR_REPAIR_MAX_PER_HOUR", "1"),
        Map.entry("JDK_JAVA_OPTIONS", "-Xlog:gc")));
    // Every variable the operator reads is one the chart sets.
    assertThat(env).containsKeys(operatorVariables().toArray(String[]::new));
  }

  /** The MESH_CERT_DOCTOR_* variables the operator's code and logging configuration read. */
  private static Set<String> operatorVariables() throws IOException {
    Set<String> variables = new TreeSet<>();
    Pattern variable = Pattern.compile("MESH_CERT_DOCTOR_[A-Z_]+");
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> main = Files.walk(Path.of("src/main"))) {
      main.filter(Files::isRegularFile).forEach(sources::add);
    }
    for (Path source : sources) {
      Matcher matcher = variable.matcher(Files.readString(source));
      while (matcher.find()) {
        variables.add(matcher.group());
      }
    }
    assertThat(variables).contains("MESH_CERT_DOCTOR_PORT", "MESH_CERT_DOCTOR_LOG_LEVEL");
    return variables;
  }

  @Test
  void serviceMonitorWhenEnabledScrapesTheMetricsServiceKeepingTheMetricsNamespaceLabel() {
    assertThat(Manifests.ofKind(ChartRender.defaults(), "ServiceMonitor")).isEmpty();
    List<JsonNode> objects = ChartRender.with("metrics: {serviceMonitor: {enabled: true, interval: 1m, labels: {release: kube-prometheus-stack}}}");

    JsonNode monitor = Manifests.single(objects, "ServiceMonitor");
    assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    JsonNode service = Manifests.single(objects, "Service");
    monitor.at("/spec/selector/matchLabels").properties()
        .forEach(e -> assertThat(service.at("/metadata/labels").path(e.getKey())).isEqualTo(e.getValue()));
    assertThat(monitor.at("/spec/namespaceSelector/matchNames/0").asText()).isEqualTo(ChartRender.NAMESPACE);
    JsonNode endpoint = monitor.at("/spec/endpoints/0");
    assertThat(endpoint.path("port").asText()).isEqualTo(service.at("/spec/ports/0/name").asText());
    assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    assertThat(endpoint.path("interval").asText()).isEqualTo("1m");
    // meshdoctor_findings{namespace} names the diagnosed namespace, not the operator's.
    assertThat(endpoint.path("honorLabels").asBoolean()).isTrue();
  }

  @Test
  void podMonitoringWhenEnabledScrapesTheOperatorPods() {
    assertThat(Manifests.ofKind(ChartRender.defaults(), "PodMonitoring")).isEmpty();
    List<JsonNode> objects = ChartRender.with("metrics: {podMonitoring: {enabled: true}}");

    JsonNode monitoring = Manifests.single(objects, "PodMonitoring");
    assertThat(monitoring.path("apiVersion").asText()).isEqualTo("monitoring.googleapis.com/v1");
    JsonNode podLabels = ChartRender.deployment(objects).at("/spec/template/metadata/labels");
    monitoring.at("/spec/selector/matchLabels").properties()
        .forEach(e -> assertThat(podLabels.path(e.getKey())).isEqualTo(e.getValue()));
    assertThat(monitoring.at("/spec/endpoints/0/port").asText()).isEqualTo("metrics");
    assertThat(monitoring.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(monitoring.at("/spec/endpoints/0/interval").asText()).isEqualTo("30s");
  }

  @Test
  void networkPolicyWhenEnabledAllowsMetricsInAndTheApiServerOut() {
    assertThat(Manifests.ofKind(ChartRender.defaults(), "NetworkPolicy")).isEmpty();
    List<JsonNode> objects = ChartRender.with("""
        networkPolicy:
          enabled: true
          metricsFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
          apiServer: [{ipBlock: {cidr: 172.16.0.2/32}}]
        """);

    JsonNode policy = Manifests.single(objects, "NetworkPolicy");
    JsonNode podLabels = ChartRender.deployment(objects).at("/spec/template/metadata/labels");
    policy.at("/spec/podSelector/matchLabels").properties().forEach(e -> assertThat(podLabels.path(e.getKey())).isEqualTo(e.getValue()));
    assertThat(policy.at("/spec/policyTypes")).extracting(JsonNode::asText).containsExactly("Ingress", "Egress");
    assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("metrics");
    assertThat(policy.at("/spec/ingress/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText()).isEqualTo("monitoring");
    assertThat(policy.at("/spec/egress/0/ports")).extracting(p -> p.path("port").asInt()).containsExactly(443, 6443);
    assertThat(policy.at("/spec/egress/0/to/0/ipBlock/cidr").asText()).isEqualTo("172.16.0.2/32");
  }

  @Test
  void installNotesTellHowToReadTheDiagnoses() {
    assertThat(ChartRender.installOutput("{}"))
        .contains("kubectl get msd -A", "kubectl describe msd default -n NAMESPACE", "--field-selector reason=HealthChanged")
        .contains("kubectl -n mesh-cert-doctor logs deployment/mesh-cert-doctor")
        .contains("caBundle repair is off");
    assertThat(ChartRender.installOutput("repair: {mode: enabled, maxPerHour: 2, webhookConfigurations: [istio-sidecar-injector]}"))
        .contains("caBundle repair mode enabled", "for istio-sidecar-injector, at most 2 repairs per configuration and hour");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "unknownKey: 1",
      "metrics: {serviceMonitor: {enable: true}}",
      "replicaCount: two",
      "diagnosis: {maxFindings: \"100\"}",
      "leaderElection: {enabled: \"yes\"}",
      "repair: {mode: sometimes}",
      // Unquoted `off` is a YAML boolean, not the mode.
      "repair: {mode: off}",
      "repair: {maxPerHour: 0}",
      "diagnosis: {staleAfter: 15 minutes}",
      "image: {pullPolicy: Sometimes}"})
  void schemaRejectsUnknownKeysWrongTypesAndBadValues(String values) {
    assertThatThrownBy(() -> ChartRender.with(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SCHEMA_ERROR);
  }
}
