package io.meshdoctor.snapshot;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Identifies a cluster object in findings. {@code namespace} is null for cluster-scoped objects. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  public static ObjectRef of(HasMetadata object) {
    return new ObjectRef(
        object.getApiVersion(), object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  public static ObjectRef of(InputKind kind, String namespace, String name) {
    return new ObjectRef(kind.apiVersion(), kind.kind(), namespace, name);
  }

  /** `Kind/name`, as the RESOURCE column of the table output. */
  public String display() {
    return kind + "/" + name;
  }

  /** `namespace/Kind/name` or `Kind/name`. */
  public String qualified() {
    return namespace == null ? display() : namespace + "/" + display();
  }
}
