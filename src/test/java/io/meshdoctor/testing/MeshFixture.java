package io.meshdoctor.testing;

import io.meshdoctor.analysis.Analysis;
import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.Analyzer;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.input.InputException;
import io.meshdoctor.input.ManifestDecoder;
import io.meshdoctor.input.ManifestReader;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.SnapshotBuilder;
import io.meshdoctor.testing.TestPki.Cert;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realistic dump of a healthy GKE mesh (project my-proj, trust domain my-proj.svc.id.goog): mesh
 * certificates enabled and configured with an ECDSA CA Service hierarchy, a namespace `shop` with a
 * running pod and its issued CSR, the default Istio injector with the istiod root in its caBundle.
 * Tests replace or remove single documents to break one thing at a time.
 */
public final class MeshFixture {
  public static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  public static final String TRUST_DOMAIN = "my-proj.svc.id.goog";
  public static final String SIGNER = "spiffe.gke.io/spiffe-leaf-signer";
  public static final String POOL_URI = "//privateca.googleapis.com/projects/my-proj/locations/us-central1/caPools/issuing-pool";
  public static final String ROOT_POOL_URI = "//privateca.googleapis.com/projects/my-proj/locations/us-central1/caPools/root-pool";
  public static final String CART_ID = "spiffe://" + TRUST_DOMAIN + "/ns/shop/sa/cart";

  /** The CA Service hierarchy (ECDSA P256) and the istiod mesh root (RSA, O = trust domain). */
  public static final Cert CAS_ROOT =
      TestPki.root("CN=root-ca, O=my-proj", TestPki.key("p256#casroot"), Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2035-01-01T00:00:00Z"));
  public static final Cert CAS_ISSUING =
      TestPki.intermediate("CN=issuing-ca, O=my-proj", TestPki.key("p256#casissuing"), CAS_ROOT,
          Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"));
  public static final Cert MESH_ROOT =
      TestPki.root("O=" + TRUST_DOMAIN + ", CN=istiod root", TestPki.key("rsa2048#meshroot"),
          Instant.parse("2025-06-01T00:00:00Z"), Instant.parse("2035-06-01T00:00:00Z"));

  private final Map<String, String> documents = new LinkedHashMap<>();

  private MeshFixture() {}

  public static MeshFixture empty() {
    return new MeshFixture();
  }

  public static MeshFixture healthy() {
    MeshFixture fixture = new MeshFixture();
    fixture.put("crds", crds());
    fixture.put("ns/istio-system", namespace("istio-system", ""));
    fixture.put("ns/shop", namespace("shop", "istio-injection: enabled"));
    fixture.put("wcc/default", workloadCertificateConfig("default", wccSpec("validityDurationSeconds: 86400\nrotationWindowPercentage: 50"), readyStatus(1)));
    fixture.put("tc/default", trustConfig("default", """
        trustStores:
        - trustDomain: %s
          trustAnchors:
          - certificateAuthorityServiceURI: %s""".formatted(TRUST_DOMAIN, ROOT_POOL_URI), renderedStatus(TRUST_DOMAIN, CAS_ROOT.pem())));
    fixture.put("pod/shop/cart-1", workloadPod("shop", "cart-1", "cart", "Running"));
    Cert leaf = TestPki.leaf(CART_ID, TestPki.key("p256#cart"), CAS_ISSUING, NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofHours(22)));
    fixture.put("csr/csr-cart-1", csr("csr-cart-1", SIGNER, TestPki.csrPem(TestPki.key("p256#cart"), CART_ID),
        TestPki.chainPem(leaf, CAS_ISSUING), approvedCondition(NOW.minus(Duration.ofHours(2))), NOW.minus(Duration.ofHours(2))));
    fixture.put("mwc/istio-sidecar-injector", injector("istio-sidecar-injector", "default", "istiod", "istio-system", TestPki.base64(MESH_ROOT.pem())));
    fixture.put("root/istio-system", rootCert("istio-system", MESH_ROOT.pem()));
    fixture.put("root/shop", rootCert("shop", MESH_ROOT.pem()));
    return fixture;
  }

  public MeshFixture put(String key, String yaml) {
    documents.put(key, yaml);
    return this;
  }

  public MeshFixture remove(String key) {
    if (documents.remove(key) == null) {
      throw new IllegalArgumentException("no document " + key);
    }
    return this;
  }

  public String yaml() {
    return String.join("---\n", documents.values().stream().map(d -> d.endsWith("\n") ? d : d + "\n").toList());
  }

  public ClusterSnapshot snapshot() {
    SnapshotBuilder builder = ClusterSnapshot.builder();
    try {
      ManifestDecoder.decodeAll(new ManifestReader().read(List.of("-"), new ByteArrayInputStream(yaml().getBytes())), builder);
    } catch (InputException e) {
      throw new IllegalStateException("fixture YAML does not parse: " + e.getMessage() + "\n" + yaml(), e);
    }
    return builder.build();
  }

  public AnalysisResult analyze(AnalysisSettings settings, Analyzer... analyzers) {
    return new Analysis(List.of(analyzers)).run(snapshot(), settings, NOW);
  }

  public AnalysisResult analyze(Analyzer... analyzers) {
    return analyze(AnalysisSettings.defaults(), analyzers);
  }

  public static List<FindingCode> codes(AnalysisResult result) {
    return result.findings().stream().map(Finding::code).toList();
  }

  // ---- document builders ----

  /** The healthy WorkloadCertificateConfig spec (issuing pool, ECDSA P256) followed by {@code extra} lines. */
  public static String wccSpec(String extra) {
    return """
        certificateAuthorityConfig:
          certificateAuthorityServiceConfig:
            endpointURI: %s
        keyAlgorithm:
          ecdsa:
            curve: P256
        %s""".formatted(POOL_URI, extra);
  }

  /** The two CRDs GKE installs with mesh certificates (schemas reduced to what the tests need). */
  public static String crds() {
    return crd("WorkloadCertificateConfig", "workloadcertificateconfigs") + "---\n" + crd("TrustConfig", "trustconfigs");
  }

  private static String crd(String kind, String plural) {
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: %s.security.cloud.google.com
        spec:
          group: security.cloud.google.com
          scope: Cluster
          names:
            kind: %s
            listKind: %sList
            plural: %s
            singular: %s
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """.formatted(plural, kind, kind, plural, kind.toLowerCase());
  }

  public static String namespace(String name, String labels) {
    return """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %s
          labels:
            kubernetes.io/metadata.name: %s
        %s
        """.formatted(name, name, labels.isBlank() ? "" : Yaml.indent(labels, 4));
  }

  public static String readyStatus(long observedGeneration) {
    return """
        conditions:
        - lastTransitionTime: "2026-11-01T10:00:00Z"
          message: ready
          observedGeneration: %d
          reason: ConfigReady
          status: "True"
          type: Ready""".formatted(observedGeneration);
  }

  public static String condition(String status, String reason, String message, long observedGeneration) {
    return """
        conditions:
        - lastTransitionTime: "2026-11-01T10:00:00Z"
          message: %s
          observedGeneration: %d
          reason: %s
          status: "%s"
          type: Ready""".formatted(message, observedGeneration, reason, status);
  }

  public static String renderedStatus(String trustDomain, String pem) {
    return readyStatus(1) + """

        renderedTrustStores:
        - trustDomain: %s
          trustAnchors:
          - pemCertificates:
            - %s""".formatted(trustDomain, Yaml.block(pem, 8));
  }

  public static String workloadCertificateConfig(String name, String spec, String status) {
    return gkeObject("WorkloadCertificateConfig", name, 1, spec, status);
  }

  public static String trustConfig(String name, String spec, String status) {
    return gkeObject("TrustConfig", name, 1, spec, status);
  }

  public static String gkeObject(String kind, String name, long generation, String spec, String status) {
    return """
        apiVersion: security.cloud.google.com/v1
        kind: %s
        metadata:
          name: %s
          generation: %d
          creationTimestamp: "2026-11-01T09:59:00Z"
        spec:
        %s
        %s
        """.formatted(kind, name, generation, Yaml.indent(spec, 2), status == null ? "" : "status:\n" + Yaml.indent(status, 2));
  }

  /** A pod with the mesh-certificate CSI volume, as GKE's mutation adds it. */
  public static String workloadPod(String namespace, String name, String serviceAccount, String phase) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: %s
          uid: uid-%s
          annotations:
            security.cloud.google.com/use-workload-certificates: ""
        spec:
          serviceAccountName: %s
          containers:
          - name: app
            image: us-docker.pkg.dev/my-proj/shop/%s:1.0
            volumeMounts:
            - name: gke-workload-certificates
              mountPath: /var/run/secrets/workload-spiffe-credentials
              readOnly: true
          volumes:
          - name: gke-workload-certificates
            csi:
              driver: workloadcertificates.security.cloud.google.com
        status:
          phase: %s
        """.formatted(name, namespace, name, serviceAccount, serviceAccount, phase);
  }

  public static String failedMount(String namespace, String pod, String message, int count, Instant last) {
    return """
        apiVersion: v1
        kind: Event
        metadata:
          name: %s.%x
          namespace: %s
        involvedObject:
          apiVersion: v1
          kind: Pod
          name: %s
          namespace: %s
          uid: uid-%s
        reason: FailedMount
        type: Warning
        source:
          component: kubelet
        count: %d
        firstTimestamp: "%s"
        lastTimestamp: "%s"
        message: '%s'
        """.formatted(pod, message.hashCode(), namespace, pod, namespace, pod, count, last.minus(Duration.ofMinutes(5)), last,
        message.replace("'", "''"));
  }

  public static String approvedCondition(Instant at) {
    return """
        - type: Approved
          status: "True"
          reason: AutoApproved
          message: Approved CSR because it is a valid SPIFFE SVID for the correct identity.
          lastTransitionTime: "%s"
          lastUpdateTime: "%s\"""".formatted(at, at);
  }

  /** A CSR as the node agent creates it; {@code chainPem} and {@code conditions} may be null. */
  public static String csr(String name, String signer, String requestPem, String chainPem, String conditions, Instant created) {
    StringBuilder status = new StringBuilder();
    if (chainPem != null || conditions != null) {
      status.append("status:\n");
      if (chainPem != null) {
        status.append("  certificate: ").append(TestPki.base64(chainPem)).append('\n');
      }
      if (conditions != null) {
        status.append("  conditions:\n").append(Yaml.indent(conditions, 2)).append('\n');
      }
    }
    return """
        apiVersion: certificates.k8s.io/v1
        kind: CertificateSigningRequest
        metadata:
          name: %s
          creationTimestamp: "%s"
        spec:
          signerName: %s
          request: %s
          usages:
          - digital signature
          - key encipherment
          - client auth
          - server auth
          username: system:node:gke-cluster-default-pool-1a2b3c4d-x9z8
        %s
        """.formatted(name, created, signer, TestPki.base64(requestPem), status);
  }

  public static String rootCert(String namespace, String pem) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: istio-ca-root-cert
          namespace: %s
          labels:
            istio.io/config: "true"
        data:
          root-cert.pem: %s
        """.formatted(namespace, Yaml.block(pem, 4));
  }

  /** A default-revision injector like istiod's chart renders it, with the given caBundle (may be empty). */
  public static String injector(String name, String revision, String service, String serviceNamespace, String caBundle) {
    String bundle = caBundle == null || caBundle.isEmpty() ? "" : "\n    caBundle: " + caBundle;
    StringBuilder webhooks = new StringBuilder();
    for (String prefix : List.of("rev.namespace.", "namespace.")) {
      String selector = prefix.startsWith("rev")
          ? """
              matchExpressions:
                  - key: istio.io/rev
                    operator: In
                    values: ["%s"]
                  - key: istio-injection
                    operator: DoesNotExist""".formatted(revision)
          : """
              matchExpressions:
                  - key: istio-injection
                    operator: In
                    values: ["enabled"]""";
      webhooks.append("""
          - name: %ssidecar-injector.istio.io
            admissionReviewVersions: ["v1"]
            clientConfig:
              service:
                name: %s
                namespace: %s
                path: /inject
                port: 443%s
            failurePolicy: Fail
            sideEffects: None
            namespaceSelector:
              %s
            rules:
            - apiGroups: [""]
              apiVersions: ["v1"]
              operations: ["CREATE"]
              resources: ["pods"]
          """.formatted(prefix, service, serviceNamespace, bundle, selector));
    }
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: %s
          labels:
            app: sidecar-injector
            istio.io/rev: %s
        webhooks:
        %s""".formatted(name, revision, webhooks.toString().stripTrailing());
  }
}
