package io.meshdoctor.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.AnalysisSettings;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.checks.Analyzers;
import io.meshdoctor.cli.Main;
import io.meshdoctor.snapshot.ClusterSnapshot;
import io.meshdoctor.snapshot.SnapshotBuilder;
import io.meshdoctor.testing.MeshFixture;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.TestPki.Cert;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input through the real entry points: dumps through {@code analyze} ({@link Main#execute}),
 * objects through the analyzers as the operator hands them over. Every case ends in findings or in
 * one line on stderr naming the file, never in a crash, and in bounded time (a generous timeout
 * per test, so a slow machine does not fail it but a hang does).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {
  private static final Instant NOW = MeshFixture.NOW;
  private static final String CA_PEM_NIL =
      "MountVolume.SetUp failed for volume \"gke-workload-certificates\" : rpc error: code = Internal desc = caPEM is nil";
  private static final int FIVE_MB = 5 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** An `analyze` run: exit status, the JSON report (null unless it exited 0) and stderr. */
  record Run(int exit, JsonNode report, String out, String err) {
    List<String> codes() {
      return findings().findValuesAsText("code");
    }

    /** The report's findings; a run that ended otherwise (a crash is "internal error") fails here with its stderr. */
    JsonNode findings() {
      assertThat(exit).as("exit status; stderr: %s", err).isZero();
      return report.path("findings");
    }

    String message(String code) {
      for (JsonNode finding : findings()) {
        if (finding.path("code").asText().equals(code)) {
          return finding.path("message").asText();
        }
      }
      throw new AssertionError("no " + code + " in " + codes());
    }
  }

  private Run analyze(Path file) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(new String[] {"analyze", "-f", file.toString(), "-o", "json", "--fail-on", "none"},
        new PrintWriter(out), new PrintWriter(err), InputStream.nullInputStream(), Clock.fixed(NOW, ZoneOffset.UTC));
    JsonNode report = exit == 0 ? JSON.readTree(out.toString()) : null;
    return new Run(exit, report, out.toString(), err.toString());
  }

  private Run analyze(MeshFixture fixture) throws Exception {
    return analyze(write("dump.yaml", fixture.yaml()));
  }

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** Exit 2, nothing on stdout, one line on stderr naming the file and what is wrong. */
  private static void assertOneLineError(Run run, Path file, String what) {
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).singleElement().asString()
        .startsWith("mesh-cert-doctor: error: " + file)
        .contains(what);
  }

  private static String csr(String name, String spiffeId, String requestKey, Cert leaf) {
    return MeshFixture.csr(name, MeshFixture.SIGNER, TestPki.csrPem(TestPki.key(requestKey), spiffeId),
        TestPki.chainPem(leaf, MeshFixture.CAS_ISSUING), MeshFixture.approvedCondition(NOW.minus(Duration.ofHours(1))),
        NOW.minus(Duration.ofHours(1)));
  }

  private static Cert leaf(String spiffeId, String key) {
    return TestPki.leaf(spiffeId, TestPki.key(key), MeshFixture.CAS_ISSUING, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)));
  }

  @Test
  void keysOfUnsupportedAlgorithmsAreNamedInFindings() throws Exception {
    String ledger = "spiffe://" + MeshFixture.TRUST_DOMAIN + "/ns/shop/sa/ledger";
    String legacy = "spiffe://" + MeshFixture.TRUST_DOMAIN + "/ns/shop/sa/legacy";
    String edge = "spiffe://" + MeshFixture.TRUST_DOMAIN + "/ns/shop/sa/edge";
    Cert dsaRoot = TestPki.root("O=" + MeshFixture.TRUST_DOMAIN + ", CN=dsa root", TestPki.key("dsa2048"),
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2035-01-01T00:00:00Z"));
    MeshFixture fixture = MeshFixture.healthy()
        .put("csr/ed25519", csr("csr-ed25519", ledger, "ed25519", leaf(ledger, "ed25519")))
        .put("csr/rsa1024", csr("csr-rsa1024", legacy, "rsa1024", leaf(legacy, "rsa1024")))
        .put("csr/dsa", csr("csr-dsa", edge, "dsa2048", leaf(edge, "dsa2048")))
        .put("mwc/istio-sidecar-injector",
            MeshFixture.injector("istio-sidecar-injector", "default", "istiod", "istio-system", TestPki.base64(dsaRoot.pem())));

    Run run = analyze(fixture);

    assertThat(run.exit()).isZero();
    assertThat(run.findings()).filteredOn(f -> f.path("code").asText().equals("MCD207"))
        .extracting(f -> f.path("message").asText())
        .anySatisfy(m -> assertThat(m).contains("csr-ed25519", "Ed25519", "ECDSA P256"))
        .anySatisfy(m -> assertThat(m).contains("csr-rsa1024", "RSA 1024"))
        .anySatisfy(m -> assertThat(m).contains("csr-dsa", "DSA"));
    // The DSA bundle parses; what is wrong with it is that it lacks the mesh root.
    assertThat(run.codes()).contains("MCD404").doesNotContain("MCD402", "MCD209");
  }

  @Test
  void negativeSerialIsQuotedAsIs() throws Exception {
    Cert expired = TestPki.leaf(List.of(MeshFixture.CART_ID), TestPki.key("p256#cart"), MeshFixture.CAS_ISSUING,
        NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2)), BigInteger.valueOf(-42));
    MeshFixture fixture = MeshFixture.healthy().put("csr/csr-cart-1", csr("csr-cart-1", MeshFixture.CART_ID, "p256#cart", expired));

    Run run = analyze(fixture);

    assertThat(run.message("MCD205")).contains("serial -2a", "expired at " + NOW.minus(Duration.ofDays(2)));
  }

  @Test
  void farFutureAndPreEpochValidityAreJudgedLikeAnyOther() throws Exception {
    Cert forever = TestPki.root("O=" + MeshFixture.TRUST_DOMAIN + ", CN=forever root", TestPki.key("rsa2048#forever"),
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z"));
    Cert ancient = TestPki.root("O=" + MeshFixture.TRUST_DOMAIN + ", CN=ancient root", TestPki.key("rsa2048#ancient"),
        Instant.parse("1900-01-01T00:00:00Z"), Instant.parse("1960-01-01T00:00:00Z"));
    MeshFixture fixture = MeshFixture.healthy()
        .put("mwc/istio-sidecar-injector",
            MeshFixture.injector("istio-sidecar-injector", "default", "istiod", "istio-system", TestPki.base64(forever.pem())))
        .put("root/istio-system", MeshFixture.rootCert("istio-system", forever.pem()))
        .put("root/shop", MeshFixture.rootCert("shop", forever.pem()))
        .put("ns/legacy", MeshFixture.namespace("legacy", "istio-injection: enabled"))
        .put("root/legacy", MeshFixture.rootCert("legacy", ancient.pem()));

    Run run = analyze(fixture);

    assertThat(run.codes()).containsExactly("MCD411");
    assertThat(run.message("MCD411")).contains("legacy/istio-ca-root-cert", "expired at 1960-01-01T00:00:00Z");
  }

  @Test
  void chainInTheWrongOrderIsAFinding() throws Exception {
    Cert leaf = leaf(MeshFixture.CART_ID, "p256#cart");
    String reversed = MeshFixture.csr("csr-cart-1", MeshFixture.SIGNER, TestPki.csrPem(TestPki.key("p256#cart"), MeshFixture.CART_ID),
        TestPki.chainPem(MeshFixture.CAS_ISSUING, leaf), MeshFixture.approvedCondition(NOW.minus(Duration.ofHours(1))),
        NOW.minus(Duration.ofHours(1)));

    Run run = analyze(MeshFixture.healthy().put("csr/csr-cart-1", reversed));

    // The first certificate is taken as the leaf, as Kubernetes defines status.certificate; the CA there has no SPIFFE ID.
    assertThat(run.codes()).contains("MCD208").doesNotContain("MCD209", "MCD210");
    assertThat(run.message("MCD208")).contains("csr-cart-1", "its certificate has no URI SAN");
  }

  @Test
  void junkBetweenPemBlocksAndWrappedBase64WithCrlfAreRead() throws Exception {
    String handExported = "Exported by hand from the istiod pod\n" + MeshFixture.MESH_ROOT.pem() + "# end of bundle\n";
    String wrapped = Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(MeshFixture.MESH_ROOT.pem().getBytes(StandardCharsets.US_ASCII));
    MeshFixture fixture = MeshFixture.healthy()
        .put("root/istio-system", MeshFixture.rootCert("istio-system", handExported))
        .put("mwc/istio-sidecar-injector", MeshFixture.injector("istio-sidecar-injector", "default", "istiod", "istio-system",
            "\"" + wrapped.replace("\r\n", "\\r\\n") + "\""));

    Run run = analyze(fixture);

    assertThat(run.exit()).isZero();
    assertThat(run.codes()).isEmpty();
  }

  @Test
  void corruptPemIsMcd002AndACorruptBundleMcd402() throws Exception {
    String pem = MeshFixture.MESH_ROOT.pem();
    String corrupt = pem.substring(0, pem.length() / 2) + "!!!!\n" + pem.substring(pem.length() / 2);
    MeshFixture fixture = MeshFixture.healthy()
        .put("root/shop", MeshFixture.rootCert("shop", corrupt))
        .put("mwc/istio-sidecar-injector", MeshFixture.injector("istio-sidecar-injector", "default", "istiod", "istio-system",
            TestPki.base64("-----BEGIN CERTIFICATE-----\ntruncated by kubectl edit\n")));

    Run run = analyze(fixture);

    assertThat(run.codes()).containsExactlyInAnyOrder("MCD002", "MCD402");
    assertThat(run.message("MCD002")).contains("ConfigMap shop/istio-ca-root-cert", "root-cert.pem is not PEM certificates");
  }

  /** The fixture as `kubectl get -o json` prints it, one List, with {@code edit} applied to the item named {@code name}. */
  private Path json(MeshFixture fixture, String name, Consumer<ObjectNode> edit) throws Exception {
    ArrayNode items = JSON.createArrayNode();
    try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(fixture.yaml())) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document.path("metadata").path("name").asText().equals(name)) {
          edit.accept((ObjectNode) document);
        }
        items.add(document);
      }
    }
    ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
    list.set("items", items);
    Path file = dir.resolve("dump.json");
    JSON.writeValue(file.toFile(), list);
    return file;
  }

  @Test
  void fiveMegabyteEventMessageInAJsonDumpIsClassified() throws Exception {
    MeshFixture fixture = MeshFixture.healthy()
        .put("pod/shop/cart-1", MeshFixture.workloadPod("shop", "cart-1", "cart", "Pending"))
        .put("event", MeshFixture.failedMount("shop", "cart-1", CA_PEM_NIL, 7, NOW.minus(Duration.ofMinutes(1))).replace("name: cart-1.", "name: big."));

    Run run = analyze(json(fixture, "big." + Integer.toHexString(CA_PEM_NIL.hashCode()),
        event -> event.put("message", CA_PEM_NIL + " " + "x".repeat(FIVE_MB))));

    assertThat(run.codes()).containsExactly("MCD301");
    assertThat(run.message("MCD301")).contains("7 FailedMount events", "the mesh-certificate configuration is not ready");
  }

  @Test
  void fiveMegabyteCaBundleOfNoiseIsMcd402WithAShortMessage() throws Exception {
    byte[] noise = new byte[FIVE_MB];
    new Random(8).nextBytes(noise);
    Path file = json(MeshFixture.healthy(), "istio-sidecar-injector", webhook -> webhook.withArray("webhooks")
        .forEach(w -> ((ObjectNode) w.path("clientConfig")).put("caBundle", Base64.getEncoder().encodeToString(noise))));

    Run run = analyze(file);

    assertThat(run.codes()).containsExactly("MCD402");
    assertThat(run.message("MCD402")).contains("no PEM block found").hasSizeLessThan(1_000);
  }

  @Test
  void fiveMegabyteLineInYamlIsOneLineErrorPointingToJson() throws Exception {
    MeshFixture fixture = MeshFixture.healthy()
        .put("event", MeshFixture.failedMount("shop", "cart-1", CA_PEM_NIL + " " + "x".repeat(FIVE_MB), 7, NOW));
    Path file = write("dump.yaml", fixture.yaml());

    assertOneLineError(analyze(file), file, "dump.yaml:%d: a YAML line of %d characters, over the 4194304 this reader takes"
        .formatted(fixture.yaml().lines().takeWhile(l -> !l.startsWith("message:")).count() + 1,
            fixture.yaml().lines().filter(l -> l.startsWith("message:")).findFirst().orElseThrow().length()));
    assertThat(analyze(file).err()).contains("kubectl get -o json");
  }

  @Test
  void nestingBeyondTheParsersLimitIsOneLineError() throws Exception {
    int depth = 100_000;
    Path file = write("deep.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: "
        + "[".repeat(depth) + "]".repeat(depth) + "\n");

    assertOneLineError(analyze(file), file, "nesting depth (1001) exceeds the maximum allowed (1000");
  }

  @Test
  void nestingJustWithinTheLimitIsRead() throws Exception {
    int depth = 990;
    Path file = write("deep.yaml", MeshFixture.healthy().yaml() + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\n"
        + "spec: {unknownField: " + "[".repeat(depth) + "]".repeat(depth) + "}\n");

    Run run = analyze(file);

    assertThat(run.exit()).isZero();
    assertThat(run.codes()).isEmpty();
  }

  @Test
  void aliasBombIsOneLineError() throws Exception {
    StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio-ca-root-cert, namespace: shop}\ndata:\n");
    bomb.append("  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level < 12; level++) {
      bomb.append("  l").append(level).append(": &l").append(level).append(" [")
          .append(String.join(", ", Collections.nCopies(9, "*l" + (level - 1)))).append("]\n");
    }
    Path file = write("bomb.yaml", bomb.toString());

    assertOneLineError(analyze(file), file, "YAML alias *l0 is not supported");
  }

  @Test
  void duplicateKeysAreOneLineError() throws Exception {
    Path file = write("dup.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  name: payments\n");

    assertOneLineError(analyze(file), file, "dup.yaml:5: Duplicate field 'name'");
  }

  @Test
  void textThatIsNotUtf8IsOneLineError() throws Exception {
    Path file = dir.resolve("binary.yaml");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28});

    assertOneLineError(analyze(file), file, "not UTF-8 text");
  }

  @Test
  void nullListEntriesMakeTheirObjectMcd002AndTheRestIsAnalysed() throws Exception {
    String webhook = MeshFixture.injector("istio-sidecar-injector", "default", "istiod", "istio-system", "")
        .replace("webhooks:\n", "webhooks:\n- null\n");
    String pod = MeshFixture.workloadPod("shop", "cart-2", "cart", "Running").replace("  volumes:\n", "  volumes:\n  - null\n");
    MeshFixture fixture = MeshFixture.healthy()
        .put("mwc/istio-sidecar-injector", webhook)
        .put("mwc/revision", MeshFixture.injector("istio-revision-tag-canary", "canary", "istiod-canary", "istio-system", ""))
        .put("pod/shop/cart-2", pod);

    Run run = analyze(fixture);

    assertThat(run.findings()).filteredOn(f -> f.path("code").asText().equals("MCD002"))
        .extracting(f -> f.path("message").asText())
        .satisfiesExactlyInAnyOrder(
            m -> assertThat(m).startsWith("MutatingWebhookConfiguration istio-sidecar-injector (" + dir.resolve("dump.yaml") + ":")
                .endsWith("could not be interpreted: webhooks[0] is null, and a list entry cannot be."),
            m -> assertThat(m).startsWith("Pod shop/cart-2 (" + dir.resolve("dump.yaml") + ":")
                .endsWith("could not be interpreted: spec.volumes[0] is null, and a list entry cannot be."));
    // The other injector is still checked: its missing caBundle is reported.
    assertThat(run.codes()).contains("MCD401");
  }

  @Test
  void nullLabelValueInAWebhookSelectorIsReadAsEmpty() throws Exception {
    String injector = """
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: istio-sidecar-injector
          labels: {istio.io/rev: default}
        webhooks:
        - name: namespace.sidecar-injector.istio.io
          clientConfig:
            service: {name: istiod, namespace: istio-system}
          namespaceSelector:
            matchLabels: {istio-injection: null}
        """;

    Run run = analyze(MeshFixture.healthy().put("mwc/istio-sidecar-injector", injector));

    assertThat(run.exit()).isZero();
    assertThat(run.codes()).contains("MCD401");
  }

  @Test
  void csrWithoutSignerNameIsNotOneOfTheInspectedSigners() throws Exception {
    String unsigned = MeshFixture.csr("csr-unsigned", MeshFixture.SIGNER, TestPki.csrPem(TestPki.key("p256#cart"), MeshFixture.CART_ID),
        null, null, NOW.minus(Duration.ofHours(1))).replace("  signerName: " + MeshFixture.SIGNER + "\n", "");

    Run run = analyze(MeshFixture.healthy().put("csr/unsigned", unsigned));

    assertThat(run.codes()).isEmpty();
  }

  @Test
  void extremeIntegersInTheGkeConfigAreFindings() throws Exception {
    MeshFixture fixture = MeshFixture.healthy().put("wcc/default", MeshFixture.workloadCertificateConfig("default",
        MeshFixture.wccSpec("validityDurationSeconds: -9223372036854775808\nrotationWindowPercentage: 123456789012345678901234567890"),
        MeshFixture.readyStatus(1)));

    Run run = analyze(fixture);

    assertThat(run.message("MCD106")).contains("validityDurationSeconds is -9223372036854775808");
    assertThat(run.message("MCD002")).contains("spec.rotationWindowPercentage is '123456789012345678901234567890', expected an integer");
  }

  @Test
  void objectsWithHostileContentGoThroughTheAnalyzersAsTheOperatorHandsThemOver() {
    byte[] noise = new byte[FIVE_MB];
    new Random(9).nextBytes(noise);
    Cert ed25519Root = TestPki.root("O=" + MeshFixture.TRUST_DOMAIN + ", CN=ed25519 root", TestPki.key("ed25519"),
        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z"));
    SnapshotBuilder builder = ClusterSnapshot.builder().completeInventory(true);
    builder.add(new NamespaceBuilder().withNewMetadata().withName("shop")
        .withLabels(Map.of("istio-injection", "enabled")).endMetadata().build(), null);
    builder.add(new PodBuilder().withNewMetadata().withName("cart-1").withNamespace("shop").endMetadata()
        .withNewSpec().addNewVolume().withName("gke-workload-certificates").withNewCsi()
        .withDriver("workloadcertificates.security.cloud.google.com").endCsi().endVolume().endSpec()
        .withNewStatus().withPhase("Pending").endStatus().build(), null);
    builder.add(new EventBuilder().withNewMetadata().withName("cart-1.1").withNamespace("shop").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName("cart-1").withNamespace("shop").endInvolvedObject()
        .withReason("FailedMount").withMessage(CA_PEM_NIL + " " + "y".repeat(FIVE_MB)).withCount(2).build(), null);
    builder.add(new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("istio-sidecar-injector")
        .withLabels(Map.of("istio.io/rev", "default")).endMetadata()
        .addNewWebhook().withName("namespace.sidecar-injector.istio.io")
        .withNewClientConfig().withCaBundle(Base64.getEncoder().encodeToString(noise))
        .withNewService().withName("istiod").withNamespace("istio-system").endService().endClientConfig().endWebhook()
        .build(), null);
    builder.add(new ConfigMapBuilder().withNewMetadata().withName("istio-ca-root-cert").withNamespace("istio-system").endMetadata()
        .withData(Map.of("root-cert.pem", ed25519Root.pem())).build(), null);

    AnalysisResult result = Analyzers.engine().run(builder.build(), AnalysisSettings.defaults(), NOW);

    assertThat(result.findings()).extracting(Finding::code)
        .contains(FindingCode.MCD301, FindingCode.MCD402).doesNotContain(FindingCode.MCD411, FindingCode.MCD002);
  }
}
