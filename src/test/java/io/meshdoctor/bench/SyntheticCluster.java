package io.meshdoctor.bench;

import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.TestPki.Cert;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A large, realistic, reproducible cluster: namespaces labelled for injection, pods with workload
 * certificates (some stuck in ContainerCreating), FailedMount events on them, CSRs of the GKE
 * signer with real certificates (ECDSA and RSA, some expired, some pending, some denied), the GKE
 * configuration, an injector webhook and the mesh root copied into every namespace. The same seed
 * gives the same objects (key material aside, which comes from a small pool of generated keys).
 */
public final class SyntheticCluster {
  /** How big. */
  public record Size(int namespaces, int pods, int csrs, int events) {
    public static final Size DEFAULT = new Size(1_000, 10_000, 2_000, 20_000);

    public static Size scaled(int namespaces) {
      return new Size(namespaces, namespaces * 10, namespaces * 2, namespaces * 20);
    }
  }

  static final Instant NOW = MeshFixture.NOW;
  private static final String SIGNER = MeshFixture.SIGNER;
  private static final String[] MESSAGES = {
    "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : rpc error: code = Internal desc = unable to mount volume:"
        + " store.CreateVolume, err: unable to create volume \"csi-%08x\": caPEM is nil (check active WorkloadCertificateConfig)",
    "Unable to attach or mount volumes: unmounted volumes=[gke-workload-certificates], unattached volumes=[kube-api-access-%05x"
        + " gke-workload-certificates]: timed out waiting for the condition",
    "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : rpc error: code = PermissionDenied desc = Permission"
        + " 'privateca.caPools.get' denied on resource 'privateca.googleapis.com/projects/my-proj/locations/us-central1/caPools/p%d'",
  };

  private final Size size;
  private final Instant now;
  private final Random random;
  private final List<KeyPair> ecKeys = new ArrayList<>();
  private final List<KeyPair> rsaKeys = new ArrayList<>();
  private final Cert ecIssuing;
  private final Cert rsaIssuing;

  public SyntheticCluster(Size size, long seed) {
    this(size, seed, NOW);
  }

  /** A cluster whose CSRs and events are dated relative to {@code now}. */
  public SyntheticCluster(Size size, long seed, Instant now) {
    this.size = size;
    this.now = now;
    this.random = new Random(seed);
    for (int i = 0; i < 16; i++) {
      ecKeys.add(TestPki.key("p256#synthetic" + i));
      rsaKeys.add(TestPki.key("rsa2048#synthetic" + (i % 4)));
    }
    ecIssuing = MeshFixture.CAS_ISSUING;
    rsaIssuing = TestPki.intermediate("CN=rsa-issuing, O=my-proj", TestPki.key("rsa2048#synthetic-issuing"), MeshFixture.CAS_ROOT,
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"));
  }

  public Size size() {
    return size;
  }

  static String namespace(int index) {
    return "team-" + index;
  }

  static String pod(int namespace, int index) {
    return "workload-" + namespace + "-" + index;
  }

  /** Writes the cluster as one multi-document YAML file, like `kubectl get -A -o yaml` output. */
  public Path writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("cluster.yaml");
    try (Writer out = Files.newBufferedWriter(file)) {
      for (String document : documents()) {
        out.write(document.endsWith("\n") ? document : document + "\n");
        out.write("---\n");
      }
    }
    return file;
  }

  public List<String> documents() {
    List<String> documents = new ArrayList<>();
    documents.add(MeshFixture.crds());
    documents.add(MeshFixture.workloadCertificateConfig("default", MeshFixture.wccSpec("validityDurationSeconds: 86400"), MeshFixture.readyStatus(1)));
    documents.add(MeshFixture.trustConfig("default", "trustStores:\n- trustDomain: " + MeshFixture.TRUST_DOMAIN + "\n  trustAnchors:\n"
        + "  - certificateAuthorityServiceURI: " + MeshFixture.ROOT_POOL_URI, MeshFixture.renderedStatus(MeshFixture.TRUST_DOMAIN, MeshFixture.CAS_ROOT.pem())));
    documents.add(MeshFixture.injector("istio-sidecar-injector", "default", "istiod", "istio-system", TestPki.base64(MeshFixture.MESH_ROOT.pem())));
    documents.add(MeshFixture.namespace("istio-system", ""));
    documents.add(MeshFixture.rootCert("istio-system", MeshFixture.MESH_ROOT.pem()));
    int podsPerNamespace = Math.max(1, size.pods() / size.namespaces());
    List<int[]> pending = new ArrayList<>();
    for (int n = 0; n < size.namespaces(); n++) {
      documents.add(MeshFixture.namespace(namespace(n), n % 5 == 0 ? "istio.io/rev: default" : "istio-injection: enabled"));
      documents.add(MeshFixture.rootCert(namespace(n), MeshFixture.MESH_ROOT.pem()));
      for (int p = 0; p < podsPerNamespace; p++) {
        boolean stuck = random.nextInt(10) == 0;
        if (stuck) {
          pending.add(new int[] {n, p});
        }
        documents.add(MeshFixture.workloadPod(namespace(n), pod(n, p), "sa-" + (p % 3), stuck ? "Pending" : "Running"));
      }
    }
    for (int e = 0; e < size.events() && !pending.isEmpty(); e++) {
      int[] target = pending.get(random.nextInt(pending.size()));
      String message = MESSAGES[random.nextInt(MESSAGES.length)].formatted(random.nextInt(1 << 20));
      documents.add(MeshFixture.failedMount(namespace(target[0]), pod(target[0], target[1]), message, 1 + random.nextInt(20),
          now.minus(Duration.ofSeconds(random.nextInt(3600)))).replace("name: " + pod(target[0], target[1]) + ".",
          "name: " + pod(target[0], target[1]) + "." + e + "."));
    }
    for (int c = 0; c < size.csrs(); c++) {
      documents.add(csr(c));
    }
    return documents;
  }

  private String csr(int index) {
    int namespace = index % size.namespaces();
    String id = "spiffe://" + MeshFixture.TRUST_DOMAIN + "/ns/" + namespace(namespace) + "/sa/sa-" + (index % 3);
    boolean rsa = random.nextInt(4) == 0;
    KeyPair key = rsa ? rsaKeys.get(random.nextInt(rsaKeys.size())) : ecKeys.get(random.nextInt(ecKeys.size()));
    Cert issuer = rsa ? rsaIssuing : ecIssuing;
    String request = TestPki.csrPem(key, id);
    int kind = random.nextInt(20);
    Instant created = now.minus(Duration.ofMinutes(5 + random.nextInt(600)));
    String name = "csr-" + namespace(namespace) + "-" + index;
    if (kind < 14) {
      Cert leaf = TestPki.leaf(id, key, issuer, created, created.plus(Duration.ofHours(24)));
      return MeshFixture.csr(name, SIGNER, request, TestPki.chainPem(leaf, issuer), MeshFixture.approvedCondition(created), created);
    }
    if (kind < 16) {
      Instant old = now.minus(Duration.ofHours(30));
      Cert leaf = TestPki.leaf(id, key, issuer, old, old.plus(Duration.ofHours(24)));
      return MeshFixture.csr(name, SIGNER, request, TestPki.chainPem(leaf, issuer), MeshFixture.approvedCondition(old), old);
    }
    if (kind < 18) {
      return MeshFixture.csr(name, SIGNER, request, null, null, created);
    }
    if (kind < 19) {
      return MeshFixture.csr(name, SIGNER, request, null, """
          - type: Denied
            status: "True"
            reason: SpiffeIdMismatch
            message: requested identity does not match the pod's service account""", created);
    }
    return MeshFixture.csr(name, SIGNER, request, null, MeshFixture.approvedCondition(created), created);
  }
}
