package io.meshdoctor.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns generic `security.cloud.google.com` objects into {@link WorkloadCertificateConfig} and
 * {@link TrustConfig}. Shape problems are collected, never thrown, so one odd field costs only
 * that field.
 */
final class GkeObjectReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A reading and the shape problems met on the way (empty when the object was as expected). */
  record Reading<T>(T value, List<String> problems) {}

  private GkeObjectReader() {}

  static Reading<WorkloadCertificateConfig> workloadCertificateConfig(GenericKubernetesResource resource) {
    LooseTree tree = new LooseTree();
    JsonNode root = MAPPER.valueToTree(resource.getAdditionalProperties());
    JsonNode spec = tree.object(root, "spec", "spec");
    JsonNode ca = tree.object(spec, "certificateAuthorityConfig", "spec.certificateAuthorityConfig");
    JsonNode cas = tree.object(ca, "certificateAuthorityServiceConfig", "spec.certificateAuthorityConfig.certificateAuthorityServiceConfig");
    String casPath = "spec.certificateAuthorityConfig.certificateAuthorityServiceConfig";
    List<String> fallbacks = new ArrayList<>();
    List<JsonNode> fallbackNodes = tree.array(cas, "fallbackURIs", casPath + ".fallbackURIs");
    for (int i = 0; i < fallbackNodes.size(); i++) {
      JsonNode node = fallbackNodes.get(i);
      if (node.isTextual()) {
        fallbacks.add(node.asText());
      } else {
        tree.problems().add(casPath + ".fallbackURIs[" + i + "] is not a string");
      }
    }
    var authority =
        new WorkloadCertificateConfig.CertificateAuthority(
            tree.has(spec, "certificateAuthorityConfig"),
            cas != null,
            tree.string(cas, "endpointURI", casPath + ".endpointURI"),
            List.copyOf(fallbacks),
            tree.has(ca, "meshCAConfig"));

    WorkloadCertificateConfig.KeyAlgorithm keyAlgorithm = null;
    if (tree.has(spec, "keyAlgorithm")) {
      JsonNode key = tree.object(spec, "keyAlgorithm", "spec.keyAlgorithm");
      JsonNode rsa = tree.object(key, "rsa", "spec.keyAlgorithm.rsa");
      JsonNode ecdsa = tree.object(key, "ecdsa", "spec.keyAlgorithm.ecdsa");
      keyAlgorithm =
          new WorkloadCertificateConfig.KeyAlgorithm(
              tree.has(key, "rsa"),
              tree.integer(rsa, "modulusSize", "spec.keyAlgorithm.rsa.modulusSize"),
              tree.has(key, "ecdsa"),
              tree.string(ecdsa, "curve", "spec.keyAlgorithm.ecdsa.curve"));
    }
    var config =
        new WorkloadCertificateConfig(
            meta(resource, root, tree),
            authority,
            keyAlgorithm,
            tree.integer(spec, "validityDurationSeconds", "spec.validityDurationSeconds"),
            tree.integer(spec, "rotationWindowPercentage", "spec.rotationWindowPercentage"));
    return new Reading<>(config, tree.problems());
  }

  static Reading<TrustConfig> trustConfig(GenericKubernetesResource resource) {
    LooseTree tree = new LooseTree();
    JsonNode root = MAPPER.valueToTree(resource.getAdditionalProperties());
    JsonNode spec = tree.object(root, "spec", "spec");
    JsonNode status = tree.object(root, "status", "status");

    List<TrustConfig.TrustStore> stores = new ArrayList<>();
    List<JsonNode> storeNodes = tree.array(spec, "trustStores", "spec.trustStores");
    for (int i = 0; i < storeNodes.size(); i++) {
      String path = "spec.trustStores[" + i + "]";
      JsonNode store = storeNodes.get(i);
      List<TrustConfig.TrustAnchor> anchors = new ArrayList<>();
      List<JsonNode> anchorNodes = tree.array(store, "trustAnchors", path + ".trustAnchors");
      for (int j = 0; j < anchorNodes.size(); j++) {
        String anchorPath = path + ".trustAnchors[" + j + "]";
        JsonNode anchor = anchorNodes.get(j);
        anchors.add(
            new TrustConfig.TrustAnchor(
                tree.string(anchor, "certificateAuthorityServiceURI", anchorPath + ".certificateAuthorityServiceURI"),
                tree.string(anchor, "pemCertificate", anchorPath + ".pemCertificate"),
                tree.string(anchor, "spiffeTrustBundleEndpoint", anchorPath + ".spiffeTrustBundleEndpoint")));
      }
      stores.add(new TrustConfig.TrustStore(tree.string(store, "trustDomain", path + ".trustDomain"), List.copyOf(anchors)));
    }

    List<TrustConfig.RenderedTrustStore> rendered = new ArrayList<>();
    List<JsonNode> renderedNodes = tree.array(status, "renderedTrustStores", "status.renderedTrustStores");
    for (int i = 0; i < renderedNodes.size(); i++) {
      String path = "status.renderedTrustStores[" + i + "]";
      JsonNode store = renderedNodes.get(i);
      List<String> pems = new ArrayList<>();
      List<JsonNode> anchorNodes = tree.array(store, "trustAnchors", path + ".trustAnchors");
      for (int j = 0; j < anchorNodes.size(); j++) {
        String anchorPath = path + ".trustAnchors[" + j + "]";
        for (JsonNode pem : tree.array(anchorNodes.get(j), "pemCertificates", anchorPath + ".pemCertificates")) {
          if (pem.isTextual()) {
            pems.add(pem.asText());
          } else {
            tree.problems().add(anchorPath + ".pemCertificates holds a non-string entry");
          }
        }
      }
      rendered.add(new TrustConfig.RenderedTrustStore(tree.string(store, "trustDomain", path + ".trustDomain"), List.copyOf(pems)));
    }
    var config = new TrustConfig(meta(resource, root, tree), List.copyOf(stores), List.copyOf(rendered));
    return new Reading<>(config, tree.problems());
  }

  private static ConfigMeta meta(GenericKubernetesResource resource, JsonNode root, LooseTree tree) {
    ObjectMeta metadata = resource.getMetadata();
    List<GkeCondition> conditions = new ArrayList<>();
    JsonNode status = root.get("status");
    List<JsonNode> conditionNodes = status != null && status.isObject()
        ? tree.array(status, "conditions", "status.conditions")
        : List.of();
    for (int i = 0; i < conditionNodes.size(); i++) {
      String path = "status.conditions[" + i + "]";
      JsonNode c = conditionNodes.get(i);
      conditions.add(
          new GkeCondition(
              tree.string(c, "type", path + ".type"),
              tree.string(c, "status", path + ".status"),
              tree.string(c, "reason", path + ".reason"),
              tree.string(c, "message", path + ".message"),
              tree.integer(c, "observedGeneration", path + ".observedGeneration"),
              tree.time(c, "lastTransitionTime", path + ".lastTransitionTime")));
    }
    Instant created =
        metadata.getCreationTimestamp() == null
            ? null
            : tree.parseTime(metadata.getCreationTimestamp(), "metadata.creationTimestamp");
    return new ConfigMeta(
        ObjectRef.of(resource), metadata.getGeneration(), created, lastSpecChange(metadata, tree), List.copyOf(conditions));
  }

  private static Instant lastSpecChange(ObjectMeta metadata, LooseTree tree) {
    Instant newest = null;
    if (metadata.getManagedFields() == null) {
      return null;
    }
    for (ManagedFieldsEntry entry : metadata.getManagedFields()) {
      if (entry.getTime() == null || "status".equals(entry.getSubresource())) {
        continue;
      }
      Instant time = tree.parseTime(entry.getTime(), "metadata.managedFields.time");
      if (time != null && (newest == null || time.isAfter(newest))) {
        newest = time;
      }
    }
    return newest;
  }
}
