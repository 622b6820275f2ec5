package io.meshdoctor.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed CRD is what the generator makes from the Java model. */
class CrdTest {
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8/meshsecuritydiagnoses.meshdoctor.io-v1.yml");
  private static final Path COMMITTED = Path.of("crds/meshsecuritydiagnoses.meshdoctor.io-v1.yml");

  @Test
  void committedCrdEqualsTheGeneratedOne() throws Exception {
    assertThat(Files.readString(COMMITTED))
        .as("crds/ is stale: copy %s to %s", GENERATED, COMMITTED)
        .isEqualTo(Files.readString(GENERATED));
  }

  @Test
  void crdHasTheDocumentedNamesStatusAndColumns() throws Exception {
    JsonNode crd = new YAMLMapper().readTree(COMMITTED.toFile());

    assertThat(crd.at("/metadata/name").asText()).isEqualTo("meshsecuritydiagnoses.meshdoctor.io");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/names/plural").asText()).isEqualTo("meshsecuritydiagnoses");
    assertThat(crd.at("/spec/names/singular").asText()).isEqualTo("meshsecuritydiagnosis");
    assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("msd");
    JsonNode version = crd.at("/spec/versions/0");
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.at("/subresources/status").isObject()).isTrue();
    assertThat(version.path("additionalPrinterColumns")).extracting(c -> c.path("name").asText())
        .containsExactlyInAnyOrder("Health", "Errors", "Warnings", "Top finding", "Age");
    assertThat(version.at("/schema/openAPIV3Schema/properties/spec/properties/suppress/type").asText()).isEqualTo("array");
  }
}
