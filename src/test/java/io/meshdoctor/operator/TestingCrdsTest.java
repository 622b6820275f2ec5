package io.meshdoctor.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.meshdoctor.testing.MeshFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The GKE CRDs under crds/testing/ accept the objects GKE's guides write and reject broken ones. */
class TestingCrdsTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  private static com.networknt.schema.JsonSchema schema(String file) throws Exception {
    JsonNode crd = YAML.readTree(Path.of("crds/testing", file).toFile());
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
  }

  @Test
  void workloadCertificateConfigSchemaAcceptsTheGuidesObjectAndRejectsTwoAlgorithms() throws Exception {
    var schema = schema("workloadcertificateconfigs.security.cloud.google.com.yaml");
    JsonNode good = YAML.readTree(MeshFixture.workloadCertificateConfig("default", MeshFixture.wccSpec("validityDurationSeconds: 86400"), null));
    JsonNode bad = YAML.readTree(MeshFixture.workloadCertificateConfig("default",
        MeshFixture.wccSpec("").replace("keyAlgorithm:", "keyAlgorithm:\n  rsa:\n    modulusSize: 2048"), null));

    assertThat(schema.validate(good)).isEmpty();
    assertThat(schema.validate(bad)).isNotEmpty();
  }

  @Test
  void trustConfigSchemaRequiresATrustDomain() throws Exception {
    var schema = schema("trustconfigs.security.cloud.google.com.yaml");
    String stores = "trustStores:\n- trustDomain: my-proj.svc.id.goog\n  trustAnchors:\n  - certificateAuthorityServiceURI: " + MeshFixture.ROOT_POOL_URI;

    assertThat(schema.validate(YAML.readTree(MeshFixture.trustConfig("default", stores, null)))).isEmpty();
    assertThat(schema.validate(YAML.readTree(MeshFixture.trustConfig("default", stores.replace("- trustDomain: my-proj.svc.id.goog\n  ", "- "), null))))
        .isNotEmpty();
  }
}
