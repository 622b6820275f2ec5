package io.meshdoctor.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** `helm template` of charts/mesh-cert-doctor, as `helm install mesh-cert-doctor -n mesh-cert-doctor` would render it. */
final class ChartRender {
  static final Path CHART = Path.of("charts/mesh-cert-doctor");
  static final String RELEASE = "mesh-cert-doctor";
  static final String NAMESPACE = "mesh-cert-doctor";

  private ChartRender() {}

  /** The objects rendered with the chart's default values. */
  static List<JsonNode> defaults() {
    return Manifests.parse(new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).call());
  }

  /** The objects rendered with a user's values file holding {@code valuesYaml}. */
  static List<JsonNode> with(String valuesYaml) {
    return Manifests.parse(withValuesFile(valuesYaml, values -> new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
        .withValuesFile(values).call()));
  }

  /** What `helm install` prints (NOTES.txt included), without a cluster. */
  static String installOutput(String valuesYaml) {
    return withValuesFile(valuesYaml, values -> new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE).clientOnly().dryRun()
        .withValuesFile(values).call().getOutput());
  }

  private static String withValuesFile(String valuesYaml, Function<Path, String> helm) {
    try {
      Path values = Files.createTempFile("values", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        return helm.apply(values);
      } finally {
        Files.delete(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode deployment(List<JsonNode> objects) {
    return Manifests.single(objects, "Deployment");
  }

  static JsonNode container(List<JsonNode> objects) {
    return deployment(objects).at("/spec/template/spec/containers/0");
  }
}
