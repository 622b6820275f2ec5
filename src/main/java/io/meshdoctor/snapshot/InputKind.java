package io.meshdoctor.snapshot;

/** The kinds of cluster object the analysis reads, with how to list them from an API server. */
public enum InputKind {
  NAMESPACE("", "v1", "Namespace", "namespaces", false),
  POD("", "v1", "Pod", "pods", true),
  EVENT("", "v1", "Event", "events", true),
  CERTIFICATE_SIGNING_REQUEST("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", false),
  WORKLOAD_CERTIFICATE_CONFIG("security.cloud.google.com", "v1", "WorkloadCertificateConfig", "workloadcertificateconfigs", false),
  TRUST_CONFIG("security.cloud.google.com", "v1", "TrustConfig", "trustconfigs", false),
  MUTATING_WEBHOOK_CONFIGURATION(
      "admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
  ROOT_CERT_CONFIG_MAP("", "v1", "ConfigMap", "configmaps", true),
  CUSTOM_RESOURCE_DEFINITION(
      "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false);

  private final String group;
  private final String version;
  private final String kind;
  private final String plural;
  private final boolean namespaced;

  InputKind(String group, String version, String kind, String plural, boolean namespaced) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.plural = plural;
    this.namespaced = namespaced;
  }

  public String group() {
    return group;
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String kind() {
    return kind;
  }

  public String plural() {
    return plural;
  }

  public boolean namespaced() {
    return namespaced;
  }

  /** `plural.group` as RBAC and `kubectl auth can-i` spell it. */
  public String resource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** Name of the CRD that serves this kind, for kinds that come from a CRD. */
  public String crdName() {
    return plural + "." + group;
  }
}
