package io.meshdoctor.input;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.InputProblem;
import io.meshdoctor.snapshot.ObjectRef;
import io.meshdoctor.snapshot.RootCertConfigMap;
import io.meshdoctor.snapshot.SnapshotBuilder;
import java.util.List;
import java.util.Map;

/**
 * Turns manifest documents into snapshot objects. Kinds the analysis does not read are skipped;
 * an object of a read kind that does not fit its schema becomes an {@link InputProblem}.
 */
public final class ManifestDecoder {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private record Target(Class<? extends HasMetadata> type, boolean namespaced) {}

  private static final Map<String, Target> TARGETS =
      Map.ofEntries(
          Map.entry("v1/Namespace", new Target(Namespace.class, false)),
          Map.entry("v1/Pod", new Target(Pod.class, true)),
          Map.entry("v1/Event", new Target(Event.class, true)),
          Map.entry("v1/ConfigMap", new Target(ConfigMap.class, true)),
          Map.entry("certificates.k8s.io/v1/CertificateSigningRequest", new Target(CertificateSigningRequest.class, false)),
          Map.entry("certificates.k8s.io/v1beta1/CertificateSigningRequest", new Target(CertificateSigningRequest.class, false)),
          Map.entry("admissionregistration.k8s.io/v1/MutatingWebhookConfiguration", new Target(MutatingWebhookConfiguration.class, false)),
          Map.entry("admissionregistration.k8s.io/v1beta1/MutatingWebhookConfiguration", new Target(MutatingWebhookConfiguration.class, false)));

  private ManifestDecoder() {}

  /** Adds every document the analysis reads to {@code builder}. */
  public static void decodeAll(List<ManifestDocument> documents, SnapshotBuilder builder) {
    for (ManifestDocument document : documents) {
      decode(document, builder);
    }
  }

  static void decode(ManifestDocument document, SnapshotBuilder builder) {
    JsonNode node = document.node();
    if (!node.isObject()) {
      builder.problem(InputProblem.uninterpretable(null, document.origin(), "the document is not an object"));
      return;
    }
    String apiVersion = node.path("apiVersion").asText("");
    String kind = node.path("kind").asText("");
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      builder.problem(InputProblem.uninterpretable(null, document.origin(), "the document has no apiVersion or kind"));
      return;
    }
    ObjectNode object = ((ObjectNode) node).deepCopy();
    if (apiVersion.equals("events.k8s.io/v1")) {
      if (!kind.equals("Event")) {
        return;
      }
      object = CoreEvents.fromEventsApi(object);
      apiVersion = "v1";
    }
    String key = apiVersion + "/" + kind;
    boolean gke = apiVersion.startsWith(SnapshotBuilder.GKE_GROUP + "/")
        && (kind.equals(InputKind.WORKLOAD_CERTIFICATE_CONFIG.kind()) || kind.equals(InputKind.TRUST_CONFIG.kind()));
    boolean crd = apiVersion.startsWith("apiextensions.k8s.io/") && kind.equals("CustomResourceDefinition");
    Target target = TARGETS.get(key);
    if (!gke && !crd && target == null) {
      return;
    }
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").isTextual() ? metadata.path("name").asText() : null;
    String namespace = metadata.path("namespace").isTextual() ? metadata.path("namespace").asText() : null;
    boolean namespaced = target != null && target.namespaced();
    ObjectRef ref = new ObjectRef(apiVersion, kind, namespaced ? (namespace == null ? "default" : namespace) : null, name);
    if (name == null || name.isBlank()) {
      builder.problem(InputProblem.uninterpretable(ref, document.origin(), "metadata.name is missing"));
      return;
    }
    if (crd) {
      builder.servedCrd(name);
      return;
    }
    if (kind.equals("ConfigMap") && !RootCertConfigMap.NAME.equals(name)) {
      return;
    }
    ObjectNode meta = (ObjectNode) metadata;
    if (namespaced && namespace == null) {
      meta.put("namespace", "default");
    } else if (!namespaced) {
      // A namespace on a cluster-scoped object is dropped by the API server too.
      meta.remove("namespace");
    }
    String nullEntry = nullListEntry(object, "");
    if (nullEntry != null) {
      builder.problem(InputProblem.uninterpretable(ref, document.origin(), nullEntry + " is null, and a list entry cannot be"));
      return;
    }
    try {
      Class<? extends HasMetadata> type = gke ? GenericKubernetesResource.class : target.type();
      HasMetadata decoded = MAPPER.treeToValue(object, type);
      builder.add(decoded, document.origin());
    } catch (Exception e) {
      builder.problem(InputProblem.uninterpretable(ref, document.origin(), "does not match the " + kind + " schema: " + firstLine(e.getMessage())));
    }
  }

  /**
   * The path of the first null list entry, or null when there is none. The API server refuses such
   * objects, and the typed models would hand the checks a null element.
   */
  private static String nullListEntry(JsonNode node, String path) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String at = path + "[" + i + "]";
        String found = node.get(i).isNull() ? at : nullListEntry(node.get(i), at);
        if (found != null) {
          return found;
        }
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String found = nullListEntry(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String line = message.lines().findFirst().orElse(message);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
