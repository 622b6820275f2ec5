package io.meshdoctor.analysis.checks;

import static io.meshdoctor.testing.MeshFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.testing.MeshFixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodMountAnalyzerTest {
  private static final PodMountAnalyzer ANALYZER = new PodMountAnalyzer();

  static final String CA_PEM_NIL =
      "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : rpc error: code = Internal desc = unable to mount volume:"
          + " store.CreateVolume, err: unable to create volume \"csi-4d540ed59ef937fbb41a9bf5380a5a534edb3eedf037fe64be36bab0abf45c9c\":"
          + " caPEM is nil (check active WorkloadCertificateConfig)";
  static final String DRIVER_MISSING =
      "MountVolume.SetUp failed for volume \"%s\" : kubernetes.io/csi: mounter.SetUpAt failed to get CSI client: driver name"
          + " workloadcertificates.security.cloud.google.com not found in the list of registered CSI drivers";
  static final String TIMEOUT =
      "Unable to attach or mount volumes: unmounted volumes=[gke-workload-certificates], unattached volumes=[kube-api-access-7xk2p"
          + " gke-workload-certificates]: timed out waiting for the condition";

  private static MeshFixture pendingPodWith(String... messages) {
    MeshFixture fixture = MeshFixture.healthy().put("pod/shop/cart-1", MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending"));
    for (int i = 0; i < messages.length; i++) {
      fixture.put("event/" + i, MeshFixture.failedMount("shop", "cart-1", messages[i], 3 + i, NOW.minus(Duration.ofMinutes(10 - i))));
    }
    return fixture;
  }

  private static List<Finding> findings(MeshFixture fixture) {
    return fixture.analyze(ANALYZER).findings();
  }

  @Test
  void healthyPodsAreQuiet() {
    assertThat(findings(MeshFixture.healthy())).isEmpty();
  }

  @Test
  void caPemIsNilIsMcd301PointingAtTheConfiguration() {
    assertThat(findings(pendingPodWith(CA_PEM_NIL))).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD301);
      assertThat(f.namespace()).isEqualTo("shop");
      assertThat(f.resource().name()).isEqualTo("cart-1");
      assertThat(f.message()).contains("gke-workload-certificates").contains("3 FailedMount events").contains("configuration is not ready")
          .contains("caPEM is nil (check active WorkloadCertificateConfig)");
      assertThat(f.remediation()).contains("kubectl get WorkloadCertificateConfig default -o yaml").contains("MCD102");
    });
  }

  @Test
  void unregisteredDriverIsRecognisedWhateverTheVolumeIsCalled() {
    String pod = MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending").replace("gke-workload-certificates", "mesh-certs");

    var fixture = MeshFixture.healthy().put("pod/shop/cart-1", pod)
        .put("event", MeshFixture.failedMount("shop", "cart-1", DRIVER_MISSING.formatted("mesh-certs"), 1, NOW));

    assertThat(findings(fixture)).singleElement().satisfies(f -> {
      assertThat(f.message()).contains("1 FailedMount event,").contains("no registered mesh-certificate CSI driver");
      assertThat(f.remediation()).contains("--enable-mesh-certificates").contains("MCD101");
    });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "rpc error: code = PermissionDenied desc = Permission 'privateca.caPools.get' denied on resource | refused to issue (IAM)",
    "rpc error: code = FailedPrecondition desc = CA pool is disabled | configuration problem",
    "rpc error: code = Unavailable desc = connection refused | timed out waiting for the certificate",
    "rpc error: code = Aborted desc = something new | could not set up the volume",
  })
  void messagesAreClassified(String detail, String meaning) {
    String message = "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : " + detail;

    assertThat(findings(pendingPodWith(message))).singleElement().satisfies(f -> assertThat(f.message()).contains(meaning));
  }

  @Test
  void aTimeoutDefersToTheEarlierMessageThatSaysWhy() {
    assertThat(findings(pendingPodWith(CA_PEM_NIL, TIMEOUT))).singleElement().satisfies(f -> {
      assertThat(f.message()).contains("7 FailedMount events").contains("configuration is not ready").contains("caPEM is nil");
    });
  }

  @Test
  void timeoutAloneNamesTheUnmountedVolume() {
    assertThat(findings(pendingPodWith(TIMEOUT))).singleElement()
        .satisfies(f -> assertThat(f.message()).contains("timed out waiting for the certificate"));
  }

  @Test
  void otherVolumesAndOtherReasonsAreQuiet() {
    String otherVolume = "MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found";
    assertThat(findings(pendingPodWith(otherVolume))).isEmpty();

    String scheduling = MeshFixture.failedMount("shop", "cart-1", CA_PEM_NIL, 1, NOW).replace("reason: FailedMount", "reason: FailedScheduling");
    assertThat(findings(MeshFixture.healthy().put("pod/shop/cart-1", MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending")).put("e", scheduling)))
        .isEmpty();
  }

  @Test
  void podThatStartedSinceIsQuiet() {
    var fixture = MeshFixture.healthy().put("event", MeshFixture.failedMount("shop", "cart-1", CA_PEM_NIL, 2, NOW.minus(Duration.ofMinutes(30))));

    assertThat(findings(fixture)).isEmpty();
  }

  @Test
  void eventOfAPodThatIsGoneIsQuietButAnEventOnlyDumpIsReported() {
    var gone = MeshFixture.healthy().put("event", MeshFixture.failedMount("shop", "cart-0", CA_PEM_NIL, 2, NOW));
    assertThat(findings(gone)).isEmpty();

    var eventsOnly = MeshFixture.empty().put("event", MeshFixture.failedMount("shop", "cart-0", CA_PEM_NIL, 2, NOW));
    assertThat(findings(eventsOnly)).extracting(Finding::code).containsExactly(FindingCode.MCD301);
  }

  @Test
  void eventsOfAnEarlierPodOfTheSameNameAreQuiet() {
    String event = MeshFixture.failedMount("shop", "cart-1", CA_PEM_NIL, 2, NOW).replace("uid: uid-cart-1", "uid: uid-previous");
    var fixture = MeshFixture.healthy().put("pod/shop/cart-1", MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending")).put("event", event);

    assertThat(findings(fixture)).isEmpty();
  }

  @Test
  void annotatedPodWithoutVolumeIsMcd302() {
    String pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: checkout-7d9f
          namespace: shop
          annotations:
            cloud.google.com/enableManagedCerts: "true"
        spec:
          containers:
          - name: app
            image: checkout:1
        status:
          phase: Running
        """;

    assertThat(findings(MeshFixture.healthy().put("pod/checkout", pod))).singleElement().satisfies(f -> {
      assertThat(f.code()).isEqualTo(FindingCode.MCD302);
      assertThat(f.message()).contains("cloud.google.com/enableManagedCerts");
    });

    assertThat(findings(MeshFixture.healthy().put("pod/checkout", pod.replace("\"true\"", "\"false\"")))).isEmpty();
  }
}
