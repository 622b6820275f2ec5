package io.meshdoctor.credentials;

import static io.meshdoctor.testing.CredentialsFixture.CA;
import static io.meshdoctor.testing.CredentialsFixture.GKE_ID;
import static io.meshdoctor.testing.CredentialsFixture.NOW;
import static io.meshdoctor.testing.CredentialsFixture.OTHER_ROOT;
import static io.meshdoctor.testing.CredentialsFixture.ROOT;
import static io.meshdoctor.testing.CredentialsFixture.VM_DOMAIN;
import static io.meshdoctor.testing.CredentialsFixture.VM_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.Severity;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.credentials.MetadataServer.Answer;
import io.meshdoctor.credentials.MetadataServer.Endpoint;
import io.meshdoctor.snapshot.ObjectRef;
import io.meshdoctor.snapshot.Origin;
import io.meshdoctor.testing.CredentialsFixture;
import io.meshdoctor.testing.FakeMetadataServer;
import io.meshdoctor.testing.TestPki;
import io.meshdoctor.testing.TestPki.Cert;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsInspectorTest {
  @TempDir Path parent;

  private Path dir() {
    return parent.resolve("workload-spiffe-credentials");
  }

  private Inspection inspect(CredentialsFixture fixture) throws Exception {
    return inspect(fixture, NOW);
  }

  private Inspection inspect(CredentialsFixture fixture, Instant now) throws Exception {
    return CredentialsInspector.inspect(fixture.contents(dir()), List.of(), now);
  }

  private static List<FindingCode> codes(Inspection inspection) {
    return inspection.result().findings().stream().map(Finding::code).toList();
  }

  private static Finding only(Inspection inspection, FindingCode code) {
    assertThat(codes(inspection)).containsExactly(code);
    return inspection.result().findings().get(0);
  }

  private static Cert leaf(String id, String key, Cert issuer, Duration age, Duration left) {
    return TestPki.leaf(id, TestPki.key(key), issuer, NOW.minus(age), NOW.plus(left));
  }

  private String file(String name) {
    return dir().resolve(name).toString();
  }

  // --- healthy directories ---------------------------------------------------------------------

  @Test
  void aHealthyVmDirectoryOfTheMetadataPathHasNoFinding() throws Exception {
    Inspection inspection = inspect(CredentialsFixture.vm());

    assertThat(inspection.result().findings()).isEmpty();
    assertThat(inspection.result().trustDomain()).isEqualTo(new TrustDomain(VM_DOMAIN, TrustDomain.Source.INFERRED));
    assertThat(inspection.result().analyzedAt()).isEqualTo(NOW);
  }

  @Test
  void aHealthyDirectoryOfTheGrpcPathHasNoFindingWithOrWithoutTheKey() throws Exception {
    assertThat(inspect(CredentialsFixture.grpc()).result().findings()).isEmpty();
    assertThat(inspect(CredentialsFixture.grpc().without(CredentialFile.PRIVATE_KEY)).result().findings()).isEmpty();
  }

  @Test
  void aHealthyGkePodWithRsaKeysHasNoFinding() throws Exception {
    Cert root = TestPki.root("CN=Mesh Root", TestPki.key("rsa2048#gke-root"), NOW.minus(Duration.ofDays(90)), NOW.plus(Duration.ofDays(900)));
    Cert ca = TestPki.intermediate("CN=Mesh CA", TestPki.key("rsa2048#gke-ca"), root, NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(300)));
    Cert leaf = leaf(GKE_ID, "rsa2048#gke-leaf", ca, Duration.ofHours(3), Duration.ofHours(21));
    CredentialsFixture pod = CredentialsFixture.vm()
        .without(CredentialFile.CONFIG_STATUS)
        .with(CredentialFile.CERTIFICATES, TestPki.chainPem(leaf, ca))
        .with(CredentialFile.PRIVATE_KEY, CredentialsFixture.pkcs1(leaf.keys()))
        .with(CredentialFile.CA_CERTIFICATES, root.pem());

    Inspection inspection = inspect(pod);

    assertThat(inspection.result().findings()).isEmpty();
    assertThat(inspection.result().trustDomain().name()).isEqualTo("my-proj.svc.id.goog");
  }

  @Test
  void theSymlinkLayoutIsInspectedThroughTheLinkAndFindingsNameTheLink() throws Exception {
    Cert expired = leaf(VM_ID, "p256#wl-leaf", CA, Duration.ofHours(30), Duration.ofHours(-6));
    Path link = CredentialsFixture.vm().withLeaf(expired)
        .writeLinked(parent, "workload-spiffe-credentials", Instant.parse("2026-11-21T06:00:00Z"));

    Inspection inspection = CredentialsInspector.inspect(new CredentialsDirectory().read(link), List.of(), NOW);

    Finding finding = only(inspection, FindingCode.MCD508);
    assertThat(finding.resource()).isEqualTo(new ObjectRef(null, "File", null, link.resolve("certificates.pem").toString()));
    assertThat(finding.namespace()).isNull();
    assertThat(inspection.origins()).containsEntry(finding.resource(), new Origin(link.resolve("certificates.pem").toString(), 0));
  }

  // --- MCD501, MCD502, MCD503 ------------------------------------------------------------------

  @Test
  void mcd501TheDirectoryIsMissing() throws Exception {
    Inspection inspection = CredentialsInspector.inspect(new CredentialsDirectory().read(dir()), List.of(), NOW);

    Finding finding = only(inspection, FindingCode.MCD501);
    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.resource()).isEqualTo(new ObjectRef(null, "Directory", null, dir().toString()));
    assertThat(finding.message()).isEqualTo("Directory " + dir() + " does not exist: no workload credentials were written there.");
    assertThat(finding.remediation())
        .contains("`curl \"http://metadata.google.internal/computeMetadata/v1/instance/gce-workload-certificates/config-status\" -H \"Metadata-Flavor: Google\"`")
        .contains("20231103.01")
        .contains("`gcloud compute instances get-serial-port-output VM_NAME | grep \"GCE Agent Started\"`")
        .contains("`journalctl -u gce-workload-cert-refresh.timer`")
        .contains("`journalctl -u gce-workload-cert-refresh.service`");
    assertThat(inspection.result().trustDomain()).isEqualTo(TrustDomain.unknown());
  }

  @Test
  void mcd501NamesWhereADanglingLinkPoints() throws Exception {
    Files.createSymbolicLink(dir(), Path.of("workload-spiffe-contents-2026-11-22T11:50:00Z"));

    Finding finding = only(CredentialsInspector.inspect(new CredentialsDirectory().read(dir()), List.of(), NOW), FindingCode.MCD501);

    assertThat(finding.message()).contains("(it is a symbolic link to workload-spiffe-contents-2026-11-22T11:50:00Z, which does not exist)");
  }

  @Test
  void mcd502OnlyConfigStatusIsPresent() throws Exception {
    CredentialsFixture onlyStatus = CredentialsFixture.vm()
        .without(CredentialFile.CERTIFICATES).without(CredentialFile.PRIVATE_KEY).without(CredentialFile.CA_CERTIFICATES);

    Finding finding = only(inspect(onlyStatus), FindingCode.MCD502);

    assertThat(finding.message()).isEqualTo(dir() + " holds only config_status: workload credentials were never issued.");
    assertThat(finding.resource().name()).isEqualTo(file("certificates.pem"));
    assertThat(finding.remediation())
        .contains("`gcloud privateca pools get-iam-policy SUBORDINATE_CA_POOL_ID --location=SUBORDINATE_CA_POOL_REGION`")
        .contains("roles/privateca.poolReader").contains("roles/privateca.workloadCertificateRequester")
        .contains("principalSet://iam.googleapis.com/projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/POOL_ID/*")
        .contains("iam.googleapis.com/workload-identity")
        .contains("spiffe://POOL_ID.global.PROJECT_NUMBER.workload.id.goog/ns/NAMESPACE_ID/sa/MANAGED_IDENTITY_ID")
        .contains("POOL_ID.global.PROJECT_NUMBER.workload.id.goog");
  }

  @Test
  void mcd502AnEmptyDirectoryOrOneWithoutCertificates() throws Exception {
    Files.createDirectories(dir());
    Finding empty = only(CredentialsInspector.inspect(new CredentialsDirectory().read(dir()), List.of(), NOW), FindingCode.MCD502);
    assertThat(empty.message()).isEqualTo(dir() + " holds no credential file: workload credentials were never issued.");

    Finding partial = only(inspect(CredentialsFixture.grpc().without(CredentialFile.CERTIFICATES)), FindingCode.MCD502);
    assertThat(partial.message()).isEqualTo(dir() + " has no certificates.pem (it holds private_key.pem, trust_bundles.json): workload"
        + " credentials were never issued.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", "garbage",
      "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n"})
  void mcd502ACertificateFileWithoutAUsableCertificate(String text) throws Exception {
    Finding finding = only(inspect(CredentialsFixture.vm().with(CredentialFile.CERTIFICATES, text)), FindingCode.MCD502);

    assertThat(finding.message()).startsWith(file("certificates.pem") + " holds no usable certificate (");
  }

  @Test
  void mcd503ConfigStatusErrorsAreQuoted() throws Exception {
    CredentialsFixture vm = CredentialsFixture.vm().without(CredentialFile.CERTIFICATES).without(CredentialFile.PRIVATE_KEY)
        .without(CredentialFile.CA_CERTIFICATES)
        .with(CredentialFile.CONFIG_STATUS, "{\"status\": \"OK\", \"metadataAttributesErrors\": {\"iam.googleapis.com/workload-identity\": \"missing\"}}");

    Inspection inspection = inspect(vm);

    assertThat(codes(inspection)).containsExactly(FindingCode.MCD502, FindingCode.MCD503);
    Finding finding = inspection.result().findings().get(1);
    assertThat(finding.resource().name()).isEqualTo(file("config_status"));
    assertThat(finding.message())
        .isEqualTo(file("config_status") + " reports metadataAttributesErrors {\"iam.googleapis.com/workload-identity\":\"missing\"}.");
    assertThat(finding.remediation()).contains("update the certificate issuance and trust configuration")
        .contains("`journalctl -u gce-workload-cert-refresh.service`");
  }

  @Test
  void mcd503InternalErrorSendsYouToCustomerCare() throws Exception {
    CredentialsFixture vm = CredentialsFixture.vm()
        .with(CredentialFile.CONFIG_STATUS, "{\"partnerMetadataConfigsErrors\": {\"x\": {\"code\": \"INTERNAL_ERROR\", \"message\": \"oops\"}}}");

    Finding finding = only(inspect(vm), FindingCode.MCD503);

    assertThat(finding.message()).contains("partnerMetadataConfigsErrors {\"x\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"oops\"}}");
    assertThat(finding.remediation()).contains("contact Cloud Customer Care or your Google Cloud contact");
  }

  @Test
  void mcd503FeatureNotEnabledSaysHowToEnableIt() throws Exception {
    CredentialsFixture vm = CredentialsFixture.vm().with(CredentialFile.CONFIG_STATUS, "{\"status\": \"workload certificate feature not enabled\"}");

    Finding finding = only(inspect(vm), FindingCode.MCD503);

    assertThat(finding.message()).isEqualTo(file("config_status") + " reports status \"workload certificate feature not enabled\".");
    assertThat(finding.remediation()).contains("enable-workload-certificate=true");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"status\": \"OK\", \"metadataAttributesEr", "[1, 2]", "{\"status\": {\"nested\": true}}", "\u0000\u0001binary", ""})
  void mcd503AMalformedConfigStatusIsAFindingNotACrash(String text) throws Exception {
    Finding finding = only(inspect(CredentialsFixture.vm().with(CredentialFile.CONFIG_STATUS, text)), FindingCode.MCD503);

    assertThat(finding.message()).startsWith(file("config_status") + " ");
  }

  // --- MCD504, MCD505 and the metadata server's config-status ----------------------------------

  private static Answer answer(Endpoint endpoint, int status, String body) {
    return new Answer(endpoint, URI.create("http://metadata.google.internal" + endpoint.path()), status, body);
  }

  private Inspection inspectWith(Answer... answers) throws Exception {
    return CredentialsInspector.inspect(CredentialsFixture.vm().contents(dir()), List.of(answers), NOW);
  }

  @Test
  void mcd504NotFoundOnThisServer() throws Exception {
    Finding finding = only(inspectWith(answer(Endpoint.CONFIG_STATUS, 404, FakeMetadataServer.NOT_FOUND_PAGE)), FindingCode.MCD504);

    assertThat(finding.resource()).isEqualTo(new ObjectRef(null, "MetadataEndpoint", null,
        "http://metadata.google.internal/computeMetadata/v1/instance/gce-workload-certificates/config-status"));
    assertThat(finding.message()).contains("HTTP 404").contains("was not found on this server. That's all we know.")
        .doesNotContain("<code>").endsWith("this VM does not support managed workload identity.");
    assertThat(finding.remediation()).contains("create a new VM that supports managed workload identity");
  }

  @Test
  void mcd505FeatureNotEnabledOrNotConfigured() throws Exception {
    Finding notEnabled = only(inspectWith(answer(Endpoint.CONFIG_STATUS, 404, FakeMetadataServer.FEATURE_NOT_ENABLED)), FindingCode.MCD505);
    assertThat(notEnabled.message()).isEqualTo("The metadata server answered /computeMetadata/v1/instance/gce-workload-certificates/config-status"
        + " with HTTP 404 \"workload certificate feature not enabled\": the VM supports managed workload identity but the feature is not enabled.");
    assertThat(notEnabled.remediation()).contains("`gcloud compute instances add-metadata VM_NAME --metadata enable-workload-certificate=true`");

    Finding preconditionFailed = only(inspectWith(answer(Endpoint.CONFIG_STATUS, 412, "")), FindingCode.MCD505);
    assertThat(preconditionFailed.message()).contains("HTTP 412: the VM has not received a valid workload certificate configuration");
  }

  @Test
  void theMetadataServersConfigStatusFeedsMcd503() throws Exception {
    Inspection inspection = inspectWith(
        answer(Endpoint.CONFIG_STATUS, 200, "{\"status\": \"OK\", \"metadataAttributesErrors\": {\"a\": \"b\"}}"),
        answer(Endpoint.WORKLOAD_IDENTITIES, 200, "{}"),
        answer(Endpoint.TRUST_ANCHORS, 404, FakeMetadataServer.NOT_FOUND_PAGE));

    assertThat(codes(inspection)).containsExactly(FindingCode.MCD503, FindingCode.MCD504);
    Finding status = inspection.result().findings().get(0);
    assertThat(status.resource().kind()).isEqualTo("MetadataEndpoint");
    assertThat(status.message()).isEqualTo("The metadata server's config-status reports metadataAttributesErrors {\"a\":\"b\"}.");
    assertThat(inspection.origins()).doesNotContainKey(status.resource());
  }

  @Test
  void healthyMetadataAnswersAddNothing() throws Exception {
    assertThat(inspectWith(
        answer(Endpoint.CONFIG_STATUS, 200, "{\"partnerMetadataConfigsErrors\": {}}"),
        answer(Endpoint.WORKLOAD_IDENTITIES, 200, "not even JSON"),
        answer(Endpoint.TRUST_ANCHORS, 200, "{}")).result().findings()).isEmpty();
  }

  // --- MCD506 ----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"spiffe://cluster.local/ns/shop/sa/cart", "spiffe://my-proj.svc.id.goog/shop/cart", "https://example.com/x"})
  void mcd506AnUnrecognisedSpiffeId(String id) throws Exception {
    Cert leaf = leaf(id, "p256#wl-leaf", CA, Duration.ofHours(1), Duration.ofHours(23));

    Inspection inspection = inspect(CredentialsFixture.vm().withLeaf(leaf));

    Finding finding = only(inspection, FindingCode.MCD506);
    assertThat(finding.message()).startsWith("The SPIFFE ID of the certificate in " + file("certificates.pem") + " is not of a recognised form: ");
    assertThat(finding.remediation()).contains("spiffe://POOL_ID.global.PROJECT_NUMBER.workload.id.goog/ns/NAMESPACE_ID/sa/MANAGED_IDENTITY_ID")
        .contains("create");
  }

  @Test
  void mcd506SaysWhichFormAWrongPathWasMeantFor() throws Exception {
    Cert leaf = leaf("spiffe://my-proj.svc.id.goog/shop/cart", "p256#wl-leaf", CA, Duration.ofHours(1), Duration.ofHours(23));

    Inspection inspection = inspect(CredentialsFixture.vm().withLeaf(leaf));

    assertThat(only(inspection, FindingCode.MCD506).message()).endsWith("'spiffe://my-proj.svc.id.goog/shop/cart' has the trust domain of GKE"
        + " mesh certificates but not its path (spiffe://PROJECT_ID.svc.id.goog/ns/NAMESPACE/sa/KSA_NAME).");
    assertThat(inspection.result().trustDomain().name()).isEqualTo("my-proj.svc.id.goog");
  }

  @Test
  void mcd506ACertificateWithoutOneUriSan() throws Exception {
    Cert none = TestPki.leaf(List.of(), TestPki.key("p256#wl-leaf"), CA, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)));
    Cert two = TestPki.leaf(List.of(VM_ID, GKE_ID), TestPki.key("p256#wl-leaf"), CA, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(23)));

    Inspection noneInspection = inspect(CredentialsFixture.vm().withLeaf(none));
    assertThat(only(noneInspection, FindingCode.MCD506).message()).endsWith(": the certificate has no URI SAN.");
    assertThat(noneInspection.result().trustDomain()).isEqualTo(TrustDomain.unknown());
    assertThat(only(inspect(CredentialsFixture.vm().withLeaf(two)), FindingCode.MCD506).message())
        .endsWith(": the certificate has 2 URI SANs (" + VM_ID + ", " + GKE_ID + ") where an X.509 SVID has exactly one.");
  }

  // --- MCD507 ----------------------------------------------------------------------------------

  @Test
  void mcd507CaCertificatesOfAnotherRoot() throws Exception {
    Finding finding = only(inspect(CredentialsFixture.vm().with(CredentialFile.CA_CERTIFICATES, OTHER_ROOT.pem())), FindingCode.MCD507);

    assertThat(finding.resource().name()).isEqualTo(file("ca_certificates.pem"));
    assertThat(finding.message()).isEqualTo("The chain in " + file("certificates.pem") + " (leaf issued by CN=Workload Issuing CA,O=Example,"
        + " 2 certificate(s)) does not verify to any of the 1 anchor(s) in " + file("ca_certificates.pem") + ".");
    assertThat(finding.remediation()).contains(VM_DOMAIN).contains("POOL_ID.global.PROJECT_NUMBER.workload.id.goog")
        .contains("`openssl verify -CAfile " + file("ca_certificates.pem") + " -untrusted " + file("certificates.pem") + " " + file("certificates.pem") + "`");
  }

  @Test
  void mcd507AnUnusableCaCertificatesFile() throws Exception {
    Finding finding = only(inspect(CredentialsFixture.vm().with(CredentialFile.CA_CERTIFICATES, "")), FindingCode.MCD507);

    assertThat(finding.message()).isEqualTo(file("ca_certificates.pem") + " holds no usable anchor (empty).");
  }

  @Test
  void mcd507NoTrustFileAtAll() throws Exception {
    Finding finding = only(inspect(CredentialsFixture.vm().without(CredentialFile.CA_CERTIFICATES)), FindingCode.MCD507);

    assertThat(finding.resource()).isEqualTo(new ObjectRef(null, "Directory", null, dir().toString()));
    assertThat(finding.message()).isEqualTo(dir() + " holds neither ca_certificates.pem nor trust_bundles.json, so no peer of " + VM_DOMAIN
        + " can be verified.");
  }

  @Test
  void mcd507TrustBundlesWithoutTheTrustDomain() throws Exception {
    Finding finding = only(inspect(CredentialsFixture.grpc()
        .with(CredentialFile.TRUST_BUNDLES, CredentialsFixture.bundleMap("other.svc.id.goog", ROOT))), FindingCode.MCD507);

    assertThat(finding.resource().name()).isEqualTo(file("trust_bundles.json"));
    assertThat(finding.message()).isEqualTo(file("trust_bundles.json") + " has no bundle for trust domain " + VM_DOMAIN + " (it has other.svc.id.goog).");
  }

  @Test
  void mcd507AnEmptyBundleOrOnlyJwtKeysTrustNothing() throws Exception {
    Finding empty = only(inspect(CredentialsFixture.grpc()
        .with(CredentialFile.TRUST_BUNDLES, "{\"" + VM_DOMAIN + "\": {\"keys\": []}}")), FindingCode.MCD507);
    Finding jwtOnly = only(inspect(CredentialsFixture.grpc()
        .with(CredentialFile.TRUST_BUNDLES, "{\"" + VM_DOMAIN + "\": {\"keys\": [{\"use\": \"jwt-svid\", \"kty\": \"EC\"}]}}")), FindingCode.MCD507);

    assertThat(empty.message()).isEqualTo("The bundle for " + VM_DOMAIN + " in " + file("trust_bundles.json")
        + " has no x509-svid key, so it trusts no certificate of " + VM_DOMAIN + ".");
    assertThat(jwtOnly.message()).isEqualTo(empty.message());
  }

  @Test
  void mcd507TrustBundlesWithAnotherRootForTheDomain() throws Exception {
    Finding finding = only(inspect(CredentialsFixture.grpc()
        .with(CredentialFile.TRUST_BUNDLES, CredentialsFixture.bundleMap(VM_DOMAIN, OTHER_ROOT))), FindingCode.MCD507);

    assertThat(finding.message()).endsWith("does not verify to any of the 1 x509-svid anchor(s) " + file("trust_bundles.json") + " holds for " + VM_DOMAIN + ".");
    assertThat(finding.remediation()).doesNotContain("openssl verify");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"prod-pool.global.123456789012.workload.id.goog\": {\"keys\": [",
      "{\"prod-pool.global.123456789012.workload.id.goog\": {\"keys\": \"all of them\"}}",
      "{\"prod-pool.global.123456789012.workload.id.goog\": {\"keys\": [{\"use\": \"x509-svid\", \"x5c\": [\"@@@garbage@@@\"]}]}}",
      "{\"prod-pool.global.123456789012.workload.id.goog\": {\"keys\": [{\"use\": \"x509-svid\", \"x5c\": [\"Z2FyYmFnZQ==\"]}]}}",
      "{\"a.svc.id.goog\": {\"keys\": []}, \"a.svc.id.goog\": {\"keys\": []}}",
      "[]",
      "42",
      ""})
  void mcd507AMalformedTrustBundlesFileIsAFindingNotACrash(String json) throws Exception {
    Finding finding = only(inspect(CredentialsFixture.grpc().with(CredentialFile.TRUST_BUNDLES, json)), FindingCode.MCD507);

    assertThat(finding.message()).startsWith(file("trust_bundles.json") + " ").endsWith(", so it is not a usable SPIFFE bundle map.");
  }

  // --- MCD508, MCD509 --------------------------------------------------------------------------

  @Test
  void mcd508Expired() throws Exception {
    Cert expired = leaf(VM_ID, "p256#wl-leaf", CA, Duration.ofHours(27), Duration.ofHours(-3));

    Finding finding = only(inspect(CredentialsFixture.vm().withLeaf(expired)), FindingCode.MCD508);

    assertThat(finding.message()).isEqualTo("The certificate of " + VM_ID + " in " + file("certificates.pem") + " expired at "
        + NOW.minus(Duration.ofHours(3)) + " (3h ago).");
    assertThat(finding.remediation()).contains("`cat " + file("certificates.pem") + " | openssl x509 -text -noout | grep \"Not After\"`")
        .contains("`journalctl -u gce-workload-cert-refresh.timer`").contains("`journalctl -u gce-workload-cert-refresh.service`");
  }

  @Test
  void mcd508NotYetValid() throws Exception {
    Cert future = leaf(VM_ID, "p256#wl-leaf", CA, Duration.ofMinutes(-90), Duration.ofHours(25));

    Finding finding = only(inspect(CredentialsFixture.vm().withLeaf(future)), FindingCode.MCD508);

    assertThat(finding.message()).endsWith(" is not valid before " + NOW.plus(Duration.ofMinutes(90)) + " (in 1h30m).");
    assertThat(finding.remediation()).startsWith("A certificate that is not valid yet usually means this machine's clock is behind");
  }

  @Test
  void theNowOptionDecidesExpiry() throws Exception {
    assertThat(codes(inspect(CredentialsFixture.vm(), NOW.plus(Duration.ofDays(2))))).containsExactly(FindingCode.MCD508);
  }

  @Test
  void mcd509PastTheRotationPoint() throws Exception {
    Cert old = leaf(VM_ID, "p256#wl-leaf", CA, Duration.ofHours(14), Duration.ofHours(10));

    Finding finding = only(inspect(CredentialsFixture.vm().withLeaf(old)), FindingCode.MCD509);

    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.message()).isEqualTo("The certificate of " + VM_ID + " in " + file("certificates.pem") + " expires at "
        + NOW.plus(Duration.ofHours(10)) + " (in 10h) and passed its rotation point at " + NOW.minus(Duration.ofHours(2))
        + " (50% of its 1d lifetime remaining) without being replaced.");
  }

  @Test
  void mcd509ExpiresWithinTheHour() throws Exception {
    Cert shortLived = leaf(VM_ID, "p256#wl-leaf", CA, Duration.ofMinutes(10), Duration.ofMinutes(50));

    Finding finding = only(inspect(CredentialsFixture.vm().withLeaf(shortLived)), FindingCode.MCD509);

    assertThat(finding.message()).endsWith("(in 50m) and expires within the hour.");
  }

  @Test
  void justBeforeTheRotationPointIsFine() throws Exception {
    Cert young = leaf(VM_ID, "p256#wl-leaf", CA, Duration.ofHours(12).minusSeconds(1), Duration.ofHours(12).plusSeconds(1));

    assertThat(inspect(CredentialsFixture.vm().withLeaf(young)).result().findings()).isEmpty();
  }

  // --- MCD510, MCD511 --------------------------------------------------------------------------

  @Test
  void mcd510TheKeyOfAnotherCertificate() throws Exception {
    CredentialsFixture vm = CredentialsFixture.vm().with(CredentialFile.PRIVATE_KEY, CredentialsFixture.pkcs8(TestPki.key("p256#stranger")));

    Finding finding = only(inspect(vm), FindingCode.MCD510);

    assertThat(finding.resource().name()).isEqualTo(file("private_key.pem"));
    assertThat(finding.message()).isEqualTo(file("private_key.pem") + " does not match the certificate in " + file("certificates.pem")
        + ": the key's public point differs from the certificate's.");
    assertThat(finding.remediation()).contains("openssl pkey -in " + file("private_key.pem") + " -pubout");
  }

  @Test
  void mcd510KeyOfAnotherFamily() throws Exception {
    CredentialsFixture vm = CredentialsFixture.vm().with(CredentialFile.PRIVATE_KEY, CredentialsFixture.pkcs1(TestPki.key("rsa2048")));

    assertThat(only(inspect(vm), FindingCode.MCD510).message()).endsWith(": the key is RSA but the certificate's is ECDSA P256.");
  }

  @Test
  void mcd510AMissingKeyOnTheMetadataPath() throws Exception {
    Finding finding = only(inspect(CredentialsFixture.vm().without(CredentialFile.PRIVATE_KEY)), FindingCode.MCD510);

    assertThat(finding.message()).isEqualTo(file("private_key.pem") + " is missing, so the certificate in " + file("certificates.pem") + " cannot be used.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "-----BEGIN WHATEVER-----\nAAAA\n-----END WHATEVER-----\n"})
  void mcd510AnUnreadableKey(String text) throws Exception {
    Finding finding = only(inspect(CredentialsFixture.vm().with(CredentialFile.PRIVATE_KEY, text)), FindingCode.MCD510);

    assertThat(finding.message()).startsWith(file("private_key.pem") + " holds ");
  }

  @Test
  void mcd511RsaLeafUnderAnEcdsaCa() throws Exception {
    Cert rsaLeaf = leaf(VM_ID, "rsa2048#wl-leaf", CA, Duration.ofHours(1), Duration.ofHours(23));

    Finding finding = only(inspect(CredentialsFixture.vm().withLeaf(rsaLeaf)), FindingCode.MCD511);

    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.message()).isEqualTo("The certificate in " + file("certificates.pem") + " has a RSA 2048 key but its issuing CA"
        + " CN=Workload Issuing CA has a ECDSA P256 key.");
    assertThat(finding.remediation()).contains("`cat " + file("certificates.pem") + " | openssl x509 -text -noout | grep \"Public Key Algorithm\" -A 3`")
        .contains("`gcloud privateca ISSUING_CA_TYPE describe ISSUING_CA_NAME --location ISSUING_CA_LOCATION`");
  }

  @Test
  void mcd511FindsTheIssuerAmongTheAnchorsWhenTheChainHoldsOnlyTheLeaf() throws Exception {
    Cert rsaLeaf = leaf(VM_ID, "rsa2048#wl-leaf", ROOT, Duration.ofHours(1), Duration.ofHours(23));
    CredentialsFixture vm = CredentialsFixture.vm()
        .with(CredentialFile.CERTIFICATES, rsaLeaf.pem())
        .with(CredentialFile.PRIVATE_KEY, CredentialsFixture.pkcs8(rsaLeaf.keys()));

    assertThat(only(inspect(vm), FindingCode.MCD511).message()).contains("its issuing CA CN=Workload Root has a ECDSA P256 key");
  }

  @Test
  void manyProblemsAtOnceAreSortedBySeverityThenCode() throws Exception {
    Cert rsaLeaf = leaf("spiffe://cluster.local/ns/a/sa/b", "rsa2048#wl-leaf", CA, Duration.ofHours(20), Duration.ofHours(4));
    CredentialsFixture vm = CredentialsFixture.vm()
        .with(CredentialFile.CERTIFICATES, TestPki.chainPem(rsaLeaf, CA))
        .with(CredentialFile.PRIVATE_KEY, CredentialsFixture.sec1(TestPki.key("p256#stranger")))
        .with(CredentialFile.CA_CERTIFICATES, OTHER_ROOT.pem())
        .with(CredentialFile.CONFIG_STATUS, "{\"status\": \"ERROR\"}");

    assertThat(codes(inspect(vm))).containsExactly(
        FindingCode.MCD503, FindingCode.MCD506, FindingCode.MCD507, FindingCode.MCD510, FindingCode.MCD509, FindingCode.MCD511);
  }
}
