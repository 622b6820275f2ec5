package io.meshdoctor.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample diagnoses the examples are tested on are objects the CRD accepts. */
class DiagnosisSamplesTest {
  private static final Path SAMPLES = Path.of("deploy/examples/argocd/meshdoctor.io/MeshSecurityDiagnosis/testdata");

  private static JsonSchema crdSchema() {
    JsonNode crd = Manifests.read(Path.of("crds/meshsecuritydiagnoses.meshdoctor.io-v1.yml"));
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
  }

  static List<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files.sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleIsAValidMeshSecurityDiagnosis(Path sample) {
    JsonNode object = Manifests.read(sample);

    assertThat(object.path("apiVersion").asText()).isEqualTo("meshdoctor.io/v1alpha1");
    assertThat(object.path("kind").asText()).isEqualTo("MeshSecurityDiagnosis");
    assertThat(crdSchema().validate(object)).isEmpty();
  }

  @Test
  void schemaRejectsAMistypedStatus() {
    ObjectNode object = (ObjectNode) Manifests.read(SAMPLES.resolve("unhealthy.yaml"));
    ((ObjectNode) object.at("/status/summary")).put("errors", "two");

    assertThat(crdSchema().validate(object)).extracting(Object::toString).anyMatch(m -> m.contains("errors"));
  }
}
