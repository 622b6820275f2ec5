package io.meshdoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.meshdoctor.analysis.FindingCode;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SarifReportTest {
  private static JsonSchema schema;
  private static final ReportFixture FIXTURE = new ReportFixture();

  @BeforeAll
  static void loadSchema() throws Exception {
    try (InputStream in = SarifReportTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
  }

  private static JsonNode render() throws Exception {
    return new ObjectMapper().readTree(SarifReport.render(FIXTURE.result, FIXTURE.snapshot.origins(), "1.2.3"));
  }

  @Test
  void validatesAgainstTheSarif210Schema() throws Exception {
    Set<ValidationMessage> errors = schema.validate(render());

    assertThat(errors).isEmpty();
  }

  @Test
  void theSchemaCatchesABrokenLog() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode log = (com.fasterxml.jackson.databind.node.ObjectNode) render();
    ((com.fasterxml.jackson.databind.node.ObjectNode) log.path("runs").get(0).path("results").get(0)).put("level", "fatal");

    assertThat(schema.validate(log)).isNotEmpty();
  }

  @Test
  void oneRulePerCodeAndResultsLocatedInTheInput() throws Exception {
    JsonNode run = render().path("runs").get(0);

    assertThat(run.path("tool").path("driver").path("rules")).hasSize(FindingCode.values().length);
    JsonNode mount = null;
    for (JsonNode result : run.path("results")) {
      if (result.path("ruleId").asText().equals("MCD301")) {
        mount = result;
      }
    }
    assertThat(mount).isNotNull();
    assertThat(mount.path("level").asText()).isEqualTo("error");
    assertThat(run.path("tool").path("driver").path("rules").get(mount.path("ruleIndex").asInt()).path("id").asText()).isEqualTo("MCD301");
    JsonNode physical = mount.path("locations").get(0).path("physicalLocation");
    assertThat(physical.path("artifactLocation").path("uri").asText()).isEqualTo("-");
    assertThat(physical.path("region").path("startLine").asInt()).isPositive();
    assertThat(mount.path("locations").get(0).path("logicalLocations").get(0).path("fullyQualifiedName").asText()).isEqualTo("shop/Pod/cart-1");
  }

  @Test
  void infoFindingsAreNotes() throws Exception {
    JsonNode results = render().path("runs").get(0).path("results");

    assertThat(results).filteredOn(r -> r.path("ruleId").asText().equals("MCD413")).singleElement()
        .satisfies(r -> assertThat(r.path("level").asText()).isEqualTo("note"));
  }
}
