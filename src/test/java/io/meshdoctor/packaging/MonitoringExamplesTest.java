package io.meshdoctor.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.Test;

/**
 * The alerts, the dashboard and the Flux health checks under deploy/examples reference only
 * metrics, labels and status fields the operator produces.
 */
class MonitoringExamplesTest {
  private static final Path EXAMPLES = Path.of("deploy/examples");

  /**
   * The operator's metrics as Prometheus sees them and their labels (docs/operator.md, "Probes and
   * metrics"; the analysis timer appears as _count, _sum and _max). operator_sdk_* come from the
   * Java Operator SDK and are accepted by prefix, their labels unchecked.
   */
  private static final Map<String, Set<String>> METRICS = Map.of(
      "meshdoctor_findings", Set.of("namespace", "code", "severity"),
      "meshdoctor_namespace_health", Set.of("namespace", "health"),
      "meshdoctor_injector_cabundle_expiration_timestamp_seconds", Set.of("configuration"),
      "meshdoctor_analyses_total", Set.of(),
      "meshdoctor_analysis_duration_seconds_count", Set.of(),
      "meshdoctor_analysis_duration_seconds_sum", Set.of(),
      "meshdoctor_analysis_duration_seconds_max", Set.of(),
      "meshdoctor_status_writes_total", Set.of(),
      "meshdoctor_build_info", Set.of("version"),
      "meshdoctor_repairs_total", Set.of("configuration", "result", "reason"));

  /** Values a matcher may compare these labels with (alternatives of a regex matcher each). */
  private static final Map<String, Set<String>> LABEL_VALUES = Map.of(
      "health", Set.of("Healthy", "Degraded", "Unhealthy"),
      "severity", Set.of("Error", "Warning", "Info"),
      "result", Set.of("attempted", "succeeded", "refused"));

  /** Checks one expression; returns the labels its result may carry. */
  private static Set<String> checkExpression(String expression) {
    PromQl query = PromQl.parse(expression);
    assertThat(query.selectors()).as("series of %s", expression).isNotEmpty();
    Set<String> labels = new TreeSet<>();
    boolean labelsKnown = true;
    for (PromQl.Selector selector : query.selectors()) {
      if (selector.metric().startsWith("operator_sdk_")) {
        labelsKnown = false;
        continue;
      }
      assertThat(METRICS).as("metric of %s", expression).containsKey(selector.metric());
      Set<String> known = METRICS.get(selector.metric());
      labels.addAll(known);
      selector.matchers().forEach((label, value) -> {
        assertThat(known).as("label of %s in %s", selector.metric(), expression).contains(label);
        for (String alternative : value.split("\\|")) {
          if (label.equals("code")) {
            assertThat(Path.of("docs/findings", alternative + ".md")).as("finding code in %s", expression).isRegularFile();
          } else if (LABEL_VALUES.containsKey(label) && !alternative.isEmpty()) {
            assertThat(LABEL_VALUES.get(label)).as("value of %s in %s", label, expression).contains(alternative);
          }
        }
      });
    }
    if (labelsKnown) {
      assertThat(labels).as("grouping labels of %s", expression).containsAll(query.groupingLabels());
    }
    return query.groupingLabels().isEmpty() ? labels : query.groupingLabels();
  }

  @Test
  void prometheusRuleAlertsOnTheOperatorsMetrics() {
    JsonNode rule = Manifests.read(EXAMPLES.resolve("prometheus/prometheusrule.yaml"));
    assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");

    List<String> alerts = new ArrayList<>();
    Set<String> metrics = new TreeSet<>();
    Pattern templateLabel = Pattern.compile("\\$labels\\.([a-zA-Z_]+)");
    for (JsonNode group : rule.at("/spec/groups")) {
      for (JsonNode alert : group.path("rules")) {
        alerts.add(alert.path("alert").asText());
        String expression = alert.path("expr").asText();
        Set<String> labels = checkExpression(expression);
        PromQl.parse(expression).selectors().forEach(s -> metrics.add(s.metric()));
        assertThat(alert.at("/labels/severity").asText()).isIn("warning", "critical");
        for (JsonNode annotation : List.of(alert.at("/annotations/summary"), alert.at("/annotations/description"))) {
          assertThat(annotation.asText()).as("annotation of %s", alert.path("alert").asText()).isNotBlank();
          Matcher used = templateLabel.matcher(annotation.asText());
          while (used.find()) {
            assertThat(labels).as("labels of %s", alert.path("alert").asText()).contains(used.group(1));
          }
        }
      }
    }
    assertThat(alerts).doesNotHaveDuplicates()
        .contains("MeshCertificatesUnhealthy", "MeshInjectorCaBundleExpiring", "MeshCaBundleRepairRefused");
    assertThat(metrics).contains("meshdoctor_namespace_health", "meshdoctor_injector_cabundle_expiration_timestamp_seconds",
        "meshdoctor_repairs_total");
  }

  @Test
  void dashboardQueriesTheOperatorsMetrics() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(EXAMPLES.resolve("grafana/mesh-cert-doctor.json").toFile());
    assertThat(dashboard.path("title").asText()).isEqualTo("mesh-cert-doctor");
    assertThat(dashboard.at("/templating/list/0/type").asText()).isEqualTo("datasource");

    Set<String> metrics = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
      assertThat(panel.path("targets")).as("queries of %s", panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        checkExpression(target.path("expr").asText());
        PromQl.parse(target.path("expr").asText()).selectors().forEach(s -> metrics.add(s.metric()));
      }
    }
    assertThat(metrics).containsAll(METRICS.keySet());
  }

  @Test
  void promQlReaderFindsWhatItChecks() {
    PromQl query = PromQl.parse("sum by (configuration, reason) (increase(meshdoctor_repairs_total{result=\"refused\"}[1h])) > 0"
        + " and absent(meshdoctor_build_info)");

    assertThat(query.selectors()).containsExactly(
        new PromQl.Selector("meshdoctor_repairs_total", Map.of("result", "refused")),
        new PromQl.Selector("meshdoctor_build_info", Map.of()));
    assertThat(query.groupingLabels()).containsExactly("configuration", "reason");
  }

  @Test
  void fluxHealthCheckExpressionsUseTheDiagnosisStatus() {
    JsonNode kustomization = Manifests.read(EXAMPLES.resolve("flux/kustomization.yaml"));
    assertThat(kustomization.path("apiVersion").asText()).startsWith("kustomize.toolkit.fluxcd.io/");
    JsonNode check = kustomization.at("/spec/healthCheckExprs/0");
    assertThat(check.path("apiVersion").asText()).startsWith("meshdoctor.io/");
    assertThat(check.path("kind").asText()).isEqualTo("MeshSecurityDiagnosis");
    assertThat(check.path("current").asText()).isNotBlank();

    JsonNode schema = Manifests.read(Path.of("crds/meshsecuritydiagnoses.meshdoctor.io-v1.yml")).at("/spec/versions/0/schema/openAPIV3Schema");
    JsonNode conditionFields = schema.at("/properties/status/properties/conditions/items/properties");
    Pattern path = Pattern.compile("\\b(status|metadata)((?:\\.[a-zA-Z]+)+)");
    Pattern conditionField = Pattern.compile("\\bc\\.([a-zA-Z]+)");
    Pattern conditionType = Pattern.compile("c\\.type == '([^']*)'");
    for (String field : List.of("inProgress", "failed", "current")) {
      String expression = check.path(field).asText();
      Matcher paths = path.matcher(expression);
      while (paths.find()) {
        String[] segments = paths.group(2).substring(1).split("\\.");
        if (paths.group(1).equals("metadata")) {
          assertThat(segments[0]).as("metadata field in %s", expression).isIn("generation", "name", "namespace", "labels", "annotations");
          continue;
        }
        JsonNode node = schema.at("/properties/status");
        for (String segment : segments) {
          if (node.path("type").asText().equals("array")) {
            assertThat(segment).as("macro on a list in %s", expression).isIn("exists", "all", "filter", "map", "exists_one");
            break;
          }
          node = node.at("/properties/" + segment);
          assertThat(node.isMissingNode()).as("status field %s in %s", paths.group(), expression).isFalse();
        }
      }
      Matcher fields = conditionField.matcher(expression);
      while (fields.find()) {
        assertThat(conditionFields.has(fields.group(1))).as("condition field %s", fields.group(1)).isTrue();
      }
      Matcher types = conditionType.matcher(expression);
      while (types.find()) {
        assertThat(types.group(1)).isIn("Ready", "Healthy");
      }
    }
  }
}
