package io.meshdoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.meshdoctor.analysis.FindingCode;
import org.junit.jupiter.api.Test;

class JsonReportTest {
  private static final ReportFixture FIXTURE = new ReportFixture();

  @Test
  void followsTheDocumentedShape() throws Exception {
    JsonNode root = new ObjectMapper().readTree(JsonReport.json(FIXTURE.result));

    assertThat(root.path("analyzedAt").asText()).isEqualTo("2026-11-22T12:00:00Z");
    assertThat(root.path("trustDomain").path("name").asText()).isEqualTo("my-proj.svc.id.goog");
    assertThat(root.path("trustDomain").path("source").asText()).isEqualTo("inferred");
    assertThat(root.path("summary").path("errors").asInt()).isEqualTo(FIXTURE.result.summary().errors());
    assertThat(root.path("summary").path("infos").asInt()).isEqualTo(1);

    JsonNode first = root.path("findings").get(0);
    assertThat(first.path("code").asText()).isEqualTo("MCD102");
    assertThat(first.path("severity").asText()).isEqualTo("Error");
    assertThat(first.path("namespace").isNull()).isTrue();
    assertThat(first.path("resource").path("kind").asText()).isEqualTo("WorkloadCertificateConfig");
    assertThat(first.path("resource").path("namespace").isNull()).isTrue();
    assertThat(first.path("docs").asText()).isEqualTo("docs/findings/MCD102.md");
    assertThat(first.fieldNames()).toIterable()
        .containsExactly("code", "severity", "namespace", "resource", "message", "remediation", "docs");

    JsonNode mount = findingOf(root, "MCD301");
    assertThat(mount.path("namespace").asText()).isEqualTo("shop");
    assertThat(mount.path("resource").path("apiVersion").asText()).isEqualTo("v1");
    assertThat(mount.path("resource").path("name").asText()).isEqualTo("cart-1");
  }

  @Test
  void findingsKeepTheStableOrder() throws Exception {
    JsonNode findings = new ObjectMapper().readTree(JsonReport.json(FIXTURE.result)).path("findings");

    assertThat(findings).extracting(f -> f.path("code").asText())
        .containsExactly("MCD102", "MCD301", "MCD401", "MCD413");
  }

  @Test
  void yamlIsTheSameTree() throws Exception {
    JsonNode fromJson = new ObjectMapper().readTree(JsonReport.json(FIXTURE.result));
    JsonNode fromYaml = new YAMLMapper().readTree(JsonReport.yaml(FIXTURE.result));

    assertThat(fromYaml).isEqualTo(fromJson);
  }

  private static JsonNode findingOf(JsonNode root, String code) {
    for (JsonNode finding : root.path("findings")) {
      if (finding.path("code").asText().equals(code)) {
        return finding;
      }
    }
    throw new AssertionError("no " + code + " in " + root);
  }

  @Test
  void everyCodeInTheFixtureIsACatalogCode() throws Exception {
    JsonNode findings = new ObjectMapper().readTree(JsonReport.json(FIXTURE.result)).path("findings");
    for (JsonNode finding : findings) {
      assertThat(FindingCode.valueOf(finding.path("code").asText()).severity().label()).isEqualTo(finding.path("severity").asText());
    }
  }
}
