package io.meshdoctor.credentials;

import static io.meshdoctor.credentials.CredentialFile.CA_CERTIFICATES;
import static io.meshdoctor.credentials.CredentialFile.CERTIFICATES;
import static io.meshdoctor.credentials.CredentialFile.CONFIG_STATUS;
import static io.meshdoctor.credentials.CredentialFile.PRIVATE_KEY;
import static io.meshdoctor.credentials.CredentialFile.TRUST_BUNDLES;

import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.ChainVerifier;
import io.meshdoctor.pki.Pem;
import io.meshdoctor.pki.PkiException;
import io.meshdoctor.pki.SpiffeId;
import io.meshdoctor.snapshot.ObjectRef;
import io.meshdoctor.snapshot.Origin;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Troubleshoots one workload-credentials directory, and the metadata server's answers when it was
 * asked, the way Google's Compute Engine managed workload identity guide does: directory present,
 * credentials issued, {@code config_status} clean, SPIFFE ID form, trust bundle, validity and
 * rotation, key pair, key families. Raises the 5xx findings; each code in one place.
 */
public final class CredentialsInspector {
  /** Renewal is due when this share of the lifetime remains (the default rotationWindowPercentage). */
  private static final int ROTATION_PERCENT_REMAINING = 50;
  /** Refresh runs every 10 minutes on VMs, so a certificate this close to expiry has missed several. */
  private static final Duration LAST_HOUR = Duration.ofHours(1);
  private static final int QUOTE_LIMIT = 300;

  private final DirectoryContents contents;
  private final Instant now;
  private final List<Finding> findings = new ArrayList<>();
  private final Map<ObjectRef, Origin> origins = new HashMap<>();
  private Optional<SpiffeId> identity = Optional.empty();

  private CredentialsInspector(DirectoryContents contents, Instant now) {
    this.contents = contents;
    this.now = now;
  }

  /** Inspects {@code contents} and the metadata server's {@code answers} (empty when it was not asked) at {@code now}. */
  public static Inspection inspect(DirectoryContents contents, List<MetadataServer.Answer> answers, Instant now) {
    CredentialsInspector inspector = new CredentialsInspector(contents, now);
    answers.forEach(inspector::metadataAnswer);
    inspector.directory();
    TrustDomain trustDomain = inspector.identity
        .map(id -> new TrustDomain(id.trustDomain(), TrustDomain.Source.INFERRED))
        .orElse(TrustDomain.unknown());
    List<Finding> sorted = inspector.findings.stream().sorted(Finding.ORDER).toList();
    return new Inspection(new AnalysisResult(now, trustDomain, sorted), inspector.origins);
  }

  private void directory() {
    if (!contents.exists()) {
      directoryMissing();
      return;
    }
    contents.text(CONFIG_STATUS).map(ConfigStatus::parse).filter(status -> !status.healthy())
        .ifPresent(status -> configStatusErrors(file(CONFIG_STATUS), path(CONFIG_STATUS) + " ", status));
    Optional<List<CertificateInfo>> chain = chain();
    if (chain.isEmpty()) {
      return;
    }
    CertificateInfo leaf = chain.get().get(0);
    identity = spiffeId(leaf);
    List<CertificateInfo> anchors = trust(chain.get());
    validity(leaf);
    privateKey(leaf);
    keyFamilies(chain.get(), anchors);
  }

  // --- the metadata server ---------------------------------------------------------------------

  private void metadataAnswer(MetadataServer.Answer answer) {
    ObjectRef ref = new ObjectRef(null, "MetadataEndpoint", null, answer.uri().toString());
    String body = quoteBody(answer.body());
    switch (answer.status()) {
      case 200 -> {
        if (answer.endpoint() == MetadataServer.Endpoint.CONFIG_STATUS) {
          ConfigStatus status = ConfigStatus.parse(answer.body());
          if (!status.healthy()) {
            configStatusErrors(ref, "The metadata server's config-status ", status);
          }
        }
      }
      case 404 -> {
        if (body.toLowerCase(Locale.ROOT).contains("feature not enabled")) {
          featureNotEnabled(ref, answer, "HTTP 404 \"" + body + "\": the VM supports managed workload identity but the feature is not enabled");
        } else {
          // "... was not found on this server. That's all we know." or any other 404 page: the path does not exist on this VM.
          add(FindingCode.MCD504.at(
              ref,
              "The metadata server answered HTTP 404 for " + answer.endpoint().path() + " (\"" + body + "\"): this VM does not support managed"
                  + " workload identity.",
              "Managed workload identity cannot be enabled on this VM: " + Hints.NEW_VM + ". Check the new VM from inside with "
                  + Hints.CURL_CONFIG_STATUS + "."));
        }
      }
      // 412, the only other answer MetadataServer returns: no valid configuration received yet.
      default -> featureNotEnabled(
          ref, answer, "HTTP " + answer.status() + (body.isEmpty() ? "" : " \"" + body + "\"")
              + ": the VM has not received a valid workload certificate configuration (the feature is not enabled or not configured yet)");
    }
  }

  private void featureNotEnabled(ObjectRef ref, MetadataServer.Answer answer, String what) {
    add(FindingCode.MCD505.at(
        ref,
        "The metadata server answered " + answer.endpoint().path() + " with " + what + ".",
        "To fix it, " + Hints.ENABLE_FEATURE + ". Check from inside the VM with " + Hints.CURL_CONFIG_STATUS + " and see whether the refresh"
            + " picked the configuration up: " + Hints.REFRESH_LOGS + "."));
  }

  // --- the directory ---------------------------------------------------------------------------

  private void directoryMissing() {
    Path dir = contents.dir();
    String link = contents.danglingLink() == null ? "" : " (it is a symbolic link to " + contents.danglingLink() + ", which does not exist)";
    add(FindingCode.MCD501.at(
        directoryRef(),
        "Directory " + dir + " does not exist" + link + ": no workload credentials were written there.",
        "On a Compute Engine VM, check that the VM supports managed workload identity with " + Hints.CURL_CONFIG_STATUS
            + " (or run again with --metadata-server http://metadata.google.internal: an HTTP 404 means the VM does not support it or the"
            + " feature is not enabled), that " + Hints.AGENT_VERSION + ", and whether the refresh fetched the credentials: "
            + Hints.REFRESH_LOGS + ". In a GKE pod, the workload-certificate volume is not mounted at " + dir
            + ": check the pod's volumes and events with `kubectl describe pod -n POD_NAMESPACE POD_NAME`."));
  }

  private void configStatusErrors(ObjectRef ref, String subject, ConfigStatus status) {
    String message = subject + (status.problem() != null ? status.describe() : "reports " + status.describe()) + ".";
    String remediation;
    if (status.mentions("INTERNAL_ERROR")) {
      remediation = "An INTERNAL_ERROR is on Google's side: contact Cloud Customer Care or your Google Cloud contact and give them the error"
          + " message quoted here.";
    } else if (status.mentions("feature not enabled")) {
      remediation = "The feature is not enabled with the VM metadata: " + Hints.ENABLE_FEATURE + ".";
    } else if (status.problem() != null) {
      remediation = "The guest agent writes config_status from the config-status metadata endpoint: compare with " + Hints.CURL_CONFIG_STATUS
          + " and read " + Hints.SERVICE_LOG + "; check that " + Hints.AGENT_VERSION + ".";
    } else {
      remediation = "Missing attribute values, or an invalid certificate issuance or trust configuration: update the certificate issuance and"
          + " trust configuration with the values the errors name, then check that the next refresh (every 10 minutes) succeeds: "
          + Hints.REFRESH_LOGS + ".";
    }
    add(FindingCode.MCD503.at(ref, message, remediation));
  }

  /** The certificates of {@code certificates.pem}, leaf first; empty (and MCD502) when there is none. */
  private Optional<List<CertificateInfo>> chain() {
    Optional<String> text = contents.text(CERTIFICATES);
    if (text.isPresent()) {
      try {
        return Optional.of(Pem.certificates(text.get()));
      } catch (PkiException e) {
        neverIssued(path(CERTIFICATES) + " holds no usable certificate (" + e.getMessage() + "): the workload has no credentials.");
        return Optional.empty();
      }
    }
    List<String> present = contents.files().keySet().stream().map(CredentialFile::fileName).toList();
    String holds = present.isEmpty() ? "holds no credential file"
        : present.equals(List.of(CONFIG_STATUS.fileName())) ? "holds only config_status"
        : "has no certificates.pem (it holds " + String.join(", ", present) + ")";
    neverIssued(contents.dir() + " " + holds + ": workload credentials were never issued.");
    return Optional.empty();
  }

  private void neverIssued(String message) {
    add(FindingCode.MCD502.at(
        file(CERTIFICATES),
        message,
        "Read " + path(CONFIG_STATUS) + " for errors (finding MCD503 quotes them; \"workload certificate feature not enabled\" means the"
            + " feature is off). Check that the managed workload identities may use the subordinate CA pool: " + Hints.CA_POOL_IAM
            + ". If config_status reports no error, " + Hints.WORKLOAD_IDENTITY_VALUE + ", and " + Hints.VM_TRUST_DOMAIN + ". Then read "
            + Hints.SERVICE_LOG + ". In a GKE pod, check " + Hints.GET_WCC + " and " + Hints.GET_TC + "."));
  }

  // --- the certificate -------------------------------------------------------------------------

  private Optional<SpiffeId> spiffeId(CertificateInfo leaf) {
    List<String> uris = leaf.uriSans();
    SpiffeId id = null;
    String problem = null;
    if (uris.size() != 1) {
      problem = uris.isEmpty() ? "the certificate has no URI SAN"
          : "the certificate has " + uris.size() + " URI SANs (" + String.join(", ", uris) + ") where an X.509 SVID has exactly one";
    } else {
      try {
        id = SpiffeId.parse(uris.get(0));
      } catch (PkiException e) {
        problem = e.getMessage();
      }
    }
    if (id != null && SpiffeIdForm.of(id).isEmpty()) {
      SpiffeId parsed = id;
      problem = SpiffeIdForm.ofTrustDomain(id)
          .map(form -> "'" + parsed + "' has the trust domain of " + form.environment() + " but not its path (" + form.template() + ")")
          .orElse("'" + parsed + "' has trust domain " + parsed.trustDomain() + ", which is none of POOL_ID.global.PROJECT_NUMBER.workload.id.goog"
              + " (Compute Engine), PROJECT_ID.svc.id.goog (GKE) and PROJECT_ID.workload.id.goog (fleet)");
    }
    if (problem != null) {
      add(FindingCode.MCD506.at(
          file(CERTIFICATES),
          "The SPIFFE ID of the certificate in " + path(CERTIFICATES) + " is not of a recognised form: " + problem + ".",
          "On a Compute Engine VM, " + Hints.WORKLOAD_IDENTITY_VALUE + ". In GKE the ID is " + SpiffeIdForm.GKE.template() + " (fleet: "
              + SpiffeIdForm.FLEET.template() + "); the pod's namespace and Kubernetes service account make it. Show the certificate's ID with "
              + Hints.showSpiffeId(path(CERTIFICATES)) + "."));
    }
    return Optional.ofNullable(id);
  }

  /** Checks the chain against each trust file present; returns the anchors that apply to the leaf. */
  private List<CertificateInfo> trust(List<CertificateInfo> chain) {
    if (!contents.has(CA_CERTIFICATES) && !contents.has(TRUST_BUNDLES)) {
      untrusted(directoryRef(), contents.dir() + " holds neither ca_certificates.pem nor trust_bundles.json, so no peer"
          + identity.map(id -> " of " + id.trustDomain()).orElse("") + " can be verified.");
      return List.of();
    }
    List<CertificateInfo> anchors = new ArrayList<>();
    contents.text(CA_CERTIFICATES).ifPresent(text -> anchors.addAll(caCertificates(text, chain)));
    contents.text(TRUST_BUNDLES).ifPresent(text -> anchors.addAll(trustBundles(text, chain)));
    return anchors;
  }

  private List<CertificateInfo> caCertificates(String text, List<CertificateInfo> chain) {
    List<CertificateInfo> anchors;
    try {
      anchors = Pem.certificates(text);
    } catch (PkiException e) {
      untrusted(file(CA_CERTIFICATES), path(CA_CERTIFICATES) + " holds no usable anchor (" + e.getMessage() + ").");
      return List.of();
    }
    // The agent keeps only the anchor of the VM's own trust domain here, so the file is not keyed by domain.
    if (!ChainVerifier.verifies(chain, anchors)) {
      untrusted(file(CA_CERTIFICATES), notVerified(chain, anchors.size() + " anchor(s) in " + path(CA_CERTIFICATES)));
    }
    return anchors;
  }

  private List<CertificateInfo> trustBundles(String text, List<CertificateInfo> chain) {
    TrustBundles bundles;
    try {
      bundles = TrustBundles.parse(text);
    } catch (PkiException e) {
      untrusted(file(TRUST_BUNDLES), path(TRUST_BUNDLES) + " " + e.getMessage() + ", so it is not a usable SPIFFE bundle map.");
      return List.of();
    }
    if (identity.isEmpty()) {
      // Without the leaf's trust domain there is no bundle to look up; MCD506 says why.
      return List.of();
    }
    String domain = identity.get().trustDomain();
    Optional<List<CertificateInfo>> anchors = bundles.forDomain(domain);
    if (anchors.isEmpty()) {
      untrusted(file(TRUST_BUNDLES), path(TRUST_BUNDLES) + " has no bundle for trust domain " + domain + " (it has "
          + (bundles.domains().isEmpty() ? "none" : String.join(", ", bundles.domains())) + ").");
      return List.of();
    }
    if (anchors.get().isEmpty()) {
      untrusted(file(TRUST_BUNDLES), "The bundle for " + domain + " in " + path(TRUST_BUNDLES) + " has no x509-svid key, so it trusts no"
          + " certificate of " + domain + ".");
      return List.of();
    }
    if (!ChainVerifier.verifies(chain, anchors.get())) {
      untrusted(file(TRUST_BUNDLES), notVerified(chain, anchors.get().size() + " x509-svid anchor(s) " + path(TRUST_BUNDLES) + " holds for " + domain));
    }
    return anchors.get();
  }

  private String notVerified(List<CertificateInfo> chain, String anchors) {
    return "The chain in " + path(CERTIFICATES) + " (leaf issued by " + chain.get(0).issuer() + ", " + chain.size()
        + " certificate(s)) does not verify to any of the " + anchors + ".";
  }

  private void untrusted(ObjectRef ref, String message) {
    String domain = identity.map(id -> " " + id.trustDomain()).orElse("");
    String verify = contents.has(CA_CERTIFICATES)
        ? " Check the chain with `openssl verify -CAfile " + path(CA_CERTIFICATES) + " -untrusted " + path(CERTIFICATES) + " " + path(CERTIFICATES) + "`."
        : "";
    add(FindingCode.MCD507.at(
        ref,
        message,
        "Peers cannot be verified against this bundle. Make the trust configuration hold a valid entry for the trust domain" + domain
            + " with the root of the CA pool that issues the workload certificates: on a Compute Engine VM, " + Hints.VM_TRUST_DOMAIN
            + "; in GKE, check " + Hints.GET_TC + "." + verify));
  }

  private void validity(CertificateInfo leaf) {
    String subject = "The certificate" + identity.map(id -> " of " + id).orElse("") + " in " + path(CERTIFICATES);
    String refresh = "On a Compute Engine VM the refresh runs every 10 minutes: read " + Hints.REFRESH_LOGS + " for why it stopped. In GKE, check "
        + Hints.GET_WCC + " and the pod's CertificateSigningRequests, then recreate the pod.";
    if (!leaf.validAt(now)) {
      boolean expired = now.isAfter(leaf.notAfter());
      add(FindingCode.MCD508.at(
          file(CERTIFICATES),
          subject + (expired
              ? " expired at " + leaf.notAfter() + " (" + human(Duration.between(leaf.notAfter(), now)) + " ago)."
              : " is not valid before " + leaf.notBefore() + " (in " + human(Duration.between(now, leaf.notBefore())) + ")."),
          (expired ? "" : "A certificate that is not valid yet usually means this machine's clock is behind: compare `date -u` with the time above. ")
              + "Check the dates with " + Hints.showNotAfter(path(CERTIFICATES)) + ". " + refresh));
      return;
    }
    Duration lifetime = Duration.between(leaf.notBefore(), leaf.notAfter());
    Instant rotationPoint = leaf.notBefore().plus(lifetime.multipliedBy(100 - ROTATION_PERCENT_REMAINING).dividedBy(100));
    Duration left = Duration.between(now, leaf.notAfter());
    List<String> reasons = new ArrayList<>();
    if (!now.isBefore(rotationPoint)) {
      reasons.add("passed its rotation point at " + rotationPoint + " (" + ROTATION_PERCENT_REMAINING + "% of its " + human(lifetime)
          + " lifetime remaining) without being replaced");
    }
    if (left.compareTo(LAST_HOUR) < 0) {
      reasons.add("expires within the hour");
    }
    if (!reasons.isEmpty()) {
      add(FindingCode.MCD509.at(
          file(CERTIFICATES),
          subject + " expires at " + leaf.notAfter() + " (in " + human(left) + ") and " + String.join(" and ", reasons) + ".",
          "The credentials are not being renewed. " + refresh + " Check the dates with " + Hints.showNotAfter(path(CERTIFICATES)) + "."));
    }
  }

  private void privateKey(CertificateInfo leaf) {
    Optional<String> text = contents.text(PRIVATE_KEY);
    String problem;
    if (text.isEmpty()) {
      if (contents.grpcLayout()) {
        return;
      }
      problem = path(PRIVATE_KEY) + " is missing, so the certificate in " + path(CERTIFICATES) + " cannot be used";
    } else {
      try {
        problem = PrivateKeyMatch.mismatch(text.get(), leaf)
            .map(why -> path(PRIVATE_KEY) + " does not match the certificate in " + path(CERTIFICATES) + ": " + why)
            .orElse(null);
      } catch (PkiException e) {
        problem = path(PRIVATE_KEY) + " " + e.getMessage();
      }
    }
    if (problem != null) {
      add(FindingCode.MCD510.at(
          file(PRIVATE_KEY),
          problem + ".",
          "Key and certificate must come from the same issuance; a mismatch means a copied, damaged or half-written file. On a Compute Engine"
              + " VM the next refresh (every 10 minutes) writes both again: read " + Hints.SERVICE_LOG + ". In a GKE pod, recreate the pod."
              + " Compare `openssl x509 -in " + path(CERTIFICATES) + " -noout -pubkey` with `openssl pkey -in " + path(PRIVATE_KEY)
              + " -pubout`: both print the same key when they match."));
    }
  }

  private void keyFamilies(List<CertificateInfo> chain, List<CertificateInfo> anchors) {
    CertificateInfo leaf = chain.get(0);
    List<CertificateInfo> candidates = new ArrayList<>(chain.subList(1, chain.size()));
    candidates.addAll(anchors);
    candidates.stream()
        .filter(candidate -> ChainVerifier.signedBy(leaf, candidate))
        .findFirst()
        .filter(ca -> ca.key().family() != leaf.key().family())
        .ifPresent(ca -> add(FindingCode.MCD511.at(
            file(CERTIFICATES),
            "The certificate in " + path(CERTIFICATES) + " has a " + leaf.key().describe() + " key but its issuing CA " + ca.displayName()
                + " has a " + ca.key().describe() + " key.",
            "Some TLS stacks expect the CA to use the leaf's key family. Compare the leaf's key, "
                + Hints.showKeyAlgorithm(path(CERTIFICATES)) + ", with the CA's keySpec.algorithm, " + Hints.DESCRIBE_CA
                + ", and make the workloads' key algorithm (keyAlgorithm of WorkloadCertificateConfig default in GKE, the certificate"
                + " issuance configuration on Compute Engine) match the CA's family.")));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void add(Finding finding) {
    ObjectRef ref = finding.resource();
    if (!ref.kind().equals("MetadataEndpoint")) {
      origins.put(ref, new Origin(ref.name(), 0));
    }
    findings.add(finding);
  }

  private Path path(CredentialFile file) {
    return contents.path(file);
  }

  private ObjectRef file(CredentialFile file) {
    return new ObjectRef(null, "File", null, path(file).toString());
  }

  private ObjectRef directoryRef() {
    return new ObjectRef(null, "Directory", null, contents.dir().toString());
  }

  /** A response body on one line without markup: the metadata server's 404 page is HTML. */
  private static String quoteBody(String body) {
    String text = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "…";
  }

  /** "3d4h", "5h12m", "40m", "12s". */
  private static String human(Duration duration) {
    Duration d = duration.abs();
    if (d.toDays() > 0) {
      return d.toDays() + "d" + (d.toHoursPart() > 0 ? d.toHoursPart() + "h" : "");
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h" + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "");
    }
    return d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSecondsPart() + "s";
  }
}
