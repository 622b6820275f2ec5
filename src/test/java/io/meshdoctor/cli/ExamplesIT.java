package io.meshdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the packaged jar on the example dump, as the README does. */
class ExamplesIT {
  private static final String NOW = "2026-11-22T12:00:00Z";

  @Test
  void jsonReportOfTheExampleClusterListsTheDesignedBreakage() throws Exception {
    PackagedJar.Result result = PackagedJar.run("analyze", "-f", "examples/", "--now", NOW, "-o", "json");

    assertThat(result.err()).isEmpty();
    assertThat(result.exit()).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(result.out());
    assertThat(report.path("trustDomain").path("name").asText()).isEqualTo("acme-shop.svc.id.goog");
    assertThat(report.path("findings")).extracting(f -> f.path("code").asText() + " " + f.path("resource").path("name").asText())
        .containsExactly(
            "MCD103 default",
            "MCD104 default",
            "MCD202 csr-shop-default-b2w6r",
            "MCD203 csr-ledger-m4q8n",
            "MCD205 csr-analytics-h5v1d",
            "MCD207 csr-reports-t9z3c",
            "MCD301 ledger-0",
            "MCD301 cart-7c9d8b6f5-x2k4p",
            "MCD401 istio-sidecar-injector",
            "MCD108 staging-trust",
            "MCD201 csr-reports-t9z3c",
            "MCD302 checkout-5f6d7c9b8-mm9rt",
            "MCD412 istio-ca-root-cert");
    assertThat(report.path("summary").path("errors").asInt()).isEqualTo(9);
    assertThat(report.path("summary").path("warnings").asInt()).isEqualTo(4);
  }

  @Test
  void sarifReportIsValidAndPointsIntoTheExampleFiles() throws Exception {
    PackagedJar.Result result = PackagedJar.run("analyze", "-f", "examples/", "--now", NOW, "-o", "sarif");

    assertThat(result.exit()).isEqualTo(1);
    JsonNode log = new ObjectMapper().readTree(result.out());
    try (InputStream schema = ExamplesIT.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema).validate(log)).isEmpty();
    }
    JsonNode first = log.path("runs").get(0).path("results").get(0);
    assertThat(first.path("ruleId").asText()).isEqualTo("MCD103");
    assertThat(first.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
        .isEqualTo("examples/cluster/gke-mesh-certificates.yaml");
    assertThat(first.path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt()).isEqualTo(17);
  }

  @Test
  void exitCodesFollowTheThreshold() throws Exception {
    assertThat(PackagedJar.run("analyze", "-f", "examples/", "--now", NOW, "--fail-on", "none").exit()).isZero();
    assertThat(PackagedJar.run("analyze", "-f", "examples/cluster/namespaces.yaml", "--now", NOW).exit()).isZero();
    PackagedJar.Result missing = PackagedJar.run("analyze", "-f", "examples/nope.yaml");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err()).isEqualTo("mesh-cert-doctor: error: examples/nope.yaml: no such file or directory\n");
  }

  @Test
  void namespaceFilterOnTheExample() throws Exception {
    PackagedJar.Result result = PackagedJar.run("analyze", "-f", "examples/", "--now", NOW, "-o", "json", "-n", "batch");

    assertThat(new ObjectMapper().readTree(result.out()).path("findings"))
        .extracting(f -> f.path("code").asText())
        .containsExactly("MCD103", "MCD104", "MCD205", "MCD207", "MCD401", "MCD108", "MCD201");
  }
}
