package io.meshdoctor.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks of the "restricted" Pod Security Standard (and the baseline checks it includes) that
 * a pod spec can fail, as kubernetes/pod-security-admission applies them, plus the read-only root
 * filesystem we also require.
 */
final class RestrictedProfile {
  private static final Set<String> VOLUME_TYPES =
      Set.of("configMap", "downwardAPI", "emptyDir", "projected", "secret", "csi", "persistentVolumeClaim", "ephemeral", "image");

  private RestrictedProfile() {}

  /** What the pod spec violates; empty when it passes. */
  static List<String> violations(JsonNode pod) {
    List<String> violations = new ArrayList<>();
    for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (pod.path(host).asBoolean(false)) {
        violations.add(host + " is true");
      }
    }
    JsonNode podContext = pod.path("securityContext");
    if (podContext.path("runAsUser").asLong(-1) == 0) {
      violations.add("pod runAsUser is 0");
    }
    List<JsonNode> containers = new ArrayList<>();
    pod.path("initContainers").forEach(containers::add);
    pod.path("containers").forEach(containers::add);
    for (JsonNode container : containers) {
      String name = "container " + container.path("name").asText();
      JsonNode context = container.path("securityContext");
      if (!context.path("runAsNonRoot").asBoolean(podContext.path("runAsNonRoot").asBoolean(false))) {
        violations.add(name + ": runAsNonRoot is not true");
      }
      if (context.path("runAsUser").asLong(-1) == 0) {
        violations.add(name + ": runAsUser is 0");
      }
      String seccomp = context.at("/seccompProfile/type").asText(podContext.at("/seccompProfile/type").asText(""));
      if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
        violations.add(name + ": seccompProfile is not RuntimeDefault or Localhost");
      }
      if (context.path("allowPrivilegeEscalation").asBoolean(true)) {
        violations.add(name + ": allowPrivilegeEscalation is not false");
      }
      if (context.path("privileged").asBoolean(false)) {
        violations.add(name + ": privileged");
      }
      List<String> dropped = new ArrayList<>();
      context.at("/capabilities/drop").forEach(c -> dropped.add(c.asText()));
      if (!dropped.contains("ALL")) {
        violations.add(name + ": capabilities.drop lacks ALL");
      }
      context.at("/capabilities/add").forEach(c -> {
        if (!c.asText().equals("NET_BIND_SERVICE")) {
          violations.add(name + ": adds capability " + c.asText());
        }
      });
      if (!context.path("readOnlyRootFilesystem").asBoolean(false)) {
        violations.add(name + ": readOnlyRootFilesystem is not true");
      }
      container.path("ports").forEach(p -> {
        if (p.has("hostPort")) {
          violations.add(name + ": hostPort " + p.path("hostPort").asText());
        }
      });
    }
    for (JsonNode volume : pod.path("volumes")) {
      volume.fieldNames().forEachRemaining(field -> {
        if (!field.equals("name") && !VOLUME_TYPES.contains(field)) {
          violations.add("volume " + volume.path("name").asText() + " of type " + field);
        }
      });
    }
    return violations;
  }
}
