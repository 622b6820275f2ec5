package io.meshdoctor.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** The object a finding is about. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FindingResource {
  private String apiVersion;
  private String kind;
  private String namespace;
  private String name;

  public FindingResource() {}

  public FindingResource(String apiVersion, String kind, String namespace, String name) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
  }

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  String key() {
    return apiVersion + "/" + kind + "/" + namespace + "/" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FindingResource r
        && Objects.equals(apiVersion, r.apiVersion)
        && Objects.equals(kind, r.kind)
        && Objects.equals(namespace, r.namespace)
        && Objects.equals(name, r.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(apiVersion, kind, namespace, name);
  }
}
