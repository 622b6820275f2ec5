package io.meshdoctor.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/ (`kubectl apply -k deploy/`) installs the same operator as the chart with its defaults. */
class KustomizeBaseTest {
  private static final Path BASE = Path.of("deploy");
  private static List<JsonNode> objects;

  /** The objects of every resource file the kustomization lists, in the namespace it sets. */
  @BeforeAll
  static void load() throws IOException {
    JsonNode kustomization = Manifests.read(BASE.resolve("kustomization.yaml"));
    assertThat(kustomization.path("namespace").asText()).isEqualTo("mesh-cert-doctor");
    objects = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      Path file = BASE.resolve(resource.asText());
      assertThat(file).as("listed in deploy/kustomization.yaml").isRegularFile();
      objects.addAll(Manifests.parse(Files.readString(file)));
    }
  }

  @Test
  void installsTheCrdUnmodified() throws IOException {
    assertThat(Files.readString(BASE.resolve("crd/meshsecuritydiagnoses.meshdoctor.io-v1.yml")))
        .as("copy crds/meshsecuritydiagnoses.meshdoctor.io-v1.yml to deploy/crd/")
        .isEqualTo(Files.readString(Path.of("crds/meshsecuritydiagnoses.meshdoctor.io-v1.yml")));
    assertThat(Manifests.single(objects, "CustomResourceDefinition").at("/metadata/name").asText())
        .isEqualTo("meshsecuritydiagnoses.meshdoctor.io");
  }

  @Test
  void grantsTheSameRbacRulesAsTheChartDefaults() {
    assertThat(Manifests.permissions(objects)).containsExactlyElementsOf(Manifests.permissions(ChartRender.defaults()));
    assertThat(Manifests.permissions(objects)).containsExactlyElementsOf(HelmChartTest.DEFAULT_PERMISSIONS);
    JsonNode serviceAccount = Manifests.single(objects, "ServiceAccount");
    for (String binding : List.of("ClusterRoleBinding", "RoleBinding")) {
      JsonNode subject = Manifests.single(objects, binding).at("/subjects/0");
      assertThat(subject.path("name").asText()).isEqualTo(serviceAccount.at("/metadata/name").asText());
      assertThat(subject.path("namespace").asText()).isEqualTo("mesh-cert-doctor");
    }
  }

  @Test
  void runsTheSamePodAsTheChartDefaults() {
    JsonNode pod = Manifests.single(objects, "Deployment").at("/spec/template/spec");
    JsonNode chartPod = ChartRender.deployment(ChartRender.defaults()).at("/spec/template/spec");

    assertThat(RestrictedProfile.violations(pod)).isEmpty();
    assertThat(pod.path("securityContext")).isEqualTo(chartPod.path("securityContext"));
    assertThat(pod.path("volumes")).isEqualTo(chartPod.path("volumes"));
    JsonNode container = pod.at("/containers/0");
    JsonNode chartContainer = chartPod.at("/containers/0");
    for (String field : List.of("image", "command", "args", "env", "ports", "livenessProbe", "readinessProbe", "resources", "securityContext",
        "volumeMounts")) {
      assertThat(container.path(field)).as(field).isEqualTo(chartContainer.path(field));
    }
  }

  @Test
  void serviceSelectsTheOperatorPodsAndTheNamespaceEnforcesRestricted() {
    JsonNode podLabels = Manifests.single(objects, "Deployment").at("/spec/template/metadata/labels");
    Manifests.single(objects, "Service").at("/spec/selector").properties()
        .forEach(e -> assertThat(podLabels.path(e.getKey())).isEqualTo(e.getValue()));
    assertThat(Manifests.single(objects, "Namespace").at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText())
        .isEqualTo("restricted");
  }
}
