package io.meshdoctor.analysis.checks;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.meshdoctor.analysis.AnalysisContext;
import io.meshdoctor.analysis.Analyzer;
import io.meshdoctor.analysis.AnalyzerMetadata;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.FindingSink;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.analysis.facts.CsrFacts;
import io.meshdoctor.analysis.facts.TrustAnchors;
import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.ChainVerifier;
import io.meshdoctor.pki.KeyFamily;
import io.meshdoctor.pki.KeyInfo;
import io.meshdoctor.pki.PkiException;
import io.meshdoctor.pki.SpiffeId;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.TrustConfig;
import io.meshdoctor.snapshot.WorkloadCertificateConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MCD201-MCD210: certificate issuance through CSRs of the configured signers: approval, signing,
 * expiry and rotation of each identity's newest certificate, key algorithm, SPIFFE ID and chain.
 * A CSR's findings belong to the namespace of its SPIFFE ID.
 */
public final class CsrAnalyzer implements Analyzer {
  private static final int DEFAULT_ROTATION_PERCENTAGE = 50;
  private static final String LIST_CSRS = "kubectl get csr --field-selector='spec.signerName=%s'";

  private static final AnalyzerMetadata METADATA =
      new AnalyzerMetadata(
          "csr.Issuance",
          "Checks CSRs of the configured signers: approval, issuance, expiry, rotation, key algorithm, SPIFFE ID and chain",
          EnumSet.of(
              InputKind.CERTIFICATE_SIGNING_REQUEST,
              InputKind.WORKLOAD_CERTIFICATE_CONFIG,
              InputKind.TRUST_CONFIG,
              InputKind.POD,
              InputKind.EVENT),
          Set.of(
              FindingCode.MCD201,
              FindingCode.MCD202,
              FindingCode.MCD203,
              FindingCode.MCD204,
              FindingCode.MCD205,
              FindingCode.MCD206,
              FindingCode.MCD207,
              FindingCode.MCD208,
              FindingCode.MCD209,
              FindingCode.MCD210));

  @Override
  public AnalyzerMetadata metadata() {
    return METADATA;
  }

  @Override
  public void analyze(AnalysisContext context, FindingSink sink) {
    Optional<WorkloadCertificateConfig> wcc = context.defaultWorkloadCertificateConfig();
    Optional<TrustConfig> trust = context.defaultTrustConfig();
    TrustDomain trustDomain = context.trustDomain();
    // A request whose namespace cannot be told concerns every namespace that uses mesh certificates.
    Set<String> usingNamespaces = context.meshUsage().namespaces();
    for (CsrFacts csr : context.signerCsrs()) {
      List<Finding> findings = new ArrayList<>();
      state(csr, context.now(), context.settings().staleAfter()).ifPresent(findings::add);
      parseProblems(csr, findings);
      spiffeProblem(csr, trustDomain).ifPresent(findings::add);
      keyProblem(csr, wcc.flatMap(c -> Optional.ofNullable(c.keyAlgorithm())), trust).ifPresent(findings::add);
      chainProblem(csr, trust).ifPresent(findings::add);
      Set<String> affected = csr.namespace() == null ? usingNamespaces : Set.of();
      findings.forEach(f -> sink.report(f.inNamespace(csr.namespace()).affecting(affected)));
    }
    newestPerIdentity(context.signerCsrs()).forEach((identity, newest) ->
        lifetime(newest, identity, context.signerCsrs(), rotationPercentage(wcc), context.now()).ifPresent(sink::report));
  }

  private static Optional<Finding> state(CsrFacts csr, Instant now, Duration staleAfter) {
    String name = csr.ref().name();
    String listCommand = String.format(LIST_CSRS, csr.signerName());
    switch (csr.state()) {
      case PENDING -> {
        if (!olderThan(csr.created(), staleAfter, now)) {
          return Optional.empty();
        }
        return Optional.of(FindingCode.MCD201.at(
            csr.ref(),
            "CSR " + name + identitySuffix(csr) + " has no Approved, Denied or Failed condition" + since(csr.created()) + ": nobody approved it.",
            "List the signer's requests with `" + listCommand + "` and inspect `kubectl get csr " + name + " -o yaml`; GKE approves these requests"
                + " itself, so a backlog points at the mesh-certificate controller (is WorkloadCertificateConfig default Ready?)."));
      }
      case DENIED -> {
        return Optional.of(FindingCode.MCD202.at(
            csr.ref(),
            "CSR " + name + identitySuffix(csr) + " was Denied: " + quote(csr.decidingCondition()) + ".",
            "Read the reason in `kubectl get csr " + name + " -o yaml`; a denial usually means the request's SPIFFE ID or key does not match"
                + " what the workload may have. Fix the cause; the pod's volume requests a new certificate when it is recreated."));
      }
      case FAILED -> {
        return Optional.of(FindingCode.MCD203.at(
            csr.ref(),
            "CSR " + name + identitySuffix(csr) + " Failed: " + quote(csr.decidingCondition()) + ".",
            "The signer could not issue. Check that the GKE service agent may use the issuing pool (" + Commands.GRANT_CERTIFICATE_MANAGER
                + ") and that the pool is enabled."));
      }
      case APPROVED -> {
        Instant since = csr.decidedAt() != null ? csr.decidedAt() : csr.created();
        if (!olderThan(since, staleAfter, now)) {
          return Optional.empty();
        }
        return Optional.of(FindingCode.MCD204.at(
            csr.ref(),
            "CSR " + name + identitySuffix(csr) + " is Approved but has no status.certificate" + since(since) + ": the signer did not issue.",
            "Inspect `kubectl get csr " + name + " -o yaml` and the CA pool (`gcloud privateca pools describe SUBORDINATE_CA_POOL_NAME --location"
                + " SUBORDINATE_CA_POOL_LOCATION`); the GKE service agent needs roles/privateca.certificateManager on it."));
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static void parseProblems(CsrFacts csr, List<Finding> findings) {
    String name = csr.ref().name();
    if (csr.requestError() != null) {
      findings.add(FindingCode.MCD209.at(
          csr.ref(),
          "CSR " + name + " spec.request cannot be parsed: " + csr.requestError() + ".",
          "spec.request must be base64 of a PEM `CERTIFICATE REQUEST`; check with `kubectl get csr " + name
              + " -o jsonpath='{.spec.request}' | base64 -d | openssl req -noout -text`."));
    }
    if (csr.certificateError() != null) {
      findings.add(FindingCode.MCD209.at(
          csr.ref(),
          "CSR " + name + identitySuffix(csr) + " status.certificate cannot be parsed: " + csr.certificateError() + ".",
          "status.certificate must be base64 of PEM certificates; check with `kubectl get csr " + name
              + " -o jsonpath='{.status.certificate}' | base64 -d | openssl x509 -noout -text` and report a bad issuance to Cloud Customer Care."));
    }
  }

  private static Optional<Finding> spiffeProblem(CsrFacts csr, TrustDomain trustDomain) {
    String name = csr.ref().name();
    String problem = null;
    if (csr.requestIdentityProblem() != null) {
      problem = "its request " + csr.requestIdentityProblem();
    } else if (csr.leaf().isPresent()) {
      try {
        SpiffeId issued = CsrFacts.singleSpiffeId(csr.leaf().get().uriSans());
        if (issued.workload().isEmpty()) {
          problem = "its certificate carries " + issued + ", not spiffe://TRUST_DOMAIN/ns/NAMESPACE/sa/SERVICE_ACCOUNT";
        }
      } catch (PkiException e) {
        problem = "its certificate " + e.getMessage();
      }
    }
    if (problem == null && trustDomain.known()) {
      Optional<SpiffeId> identity = csr.identity();
      if (identity.isPresent() && !identity.get().inTrustDomain(trustDomain.name())) {
        problem = "its SPIFFE ID " + identity.get() + " is in trust domain " + identity.get().trustDomain() + ", not the cluster's "
            + trustDomain.name() + " (" + trustDomain.source().label() + "); GKE mesh certificates support one trust domain";
      }
    }
    if (problem == null) {
      return Optional.empty();
    }
    return Optional.of(FindingCode.MCD208.at(
        csr.ref(),
        "CSR " + name + ": " + problem + ".",
        "A workload's SVID carries exactly one URI SAN spiffe://PROJECT_ID.svc.id.goog/ns/NAMESPACE/sa/KSA_NAME in the cluster trust domain;"
            + " check with `kubectl get csr " + name + " -o jsonpath='{.spec.request}' | base64 -d | openssl req -noout -text`."));
  }

  private static Optional<Finding> keyProblem(
      CsrFacts csr, Optional<WorkloadCertificateConfig.KeyAlgorithm> configured, Optional<TrustConfig> trust) {
    List<String> problems = new ArrayList<>();
    Optional<String> wanted = configured.filter(k -> GkeConfigAnalyzer.keyProblem(k).isEmpty()).map(CsrAnalyzer::describe);
    if (wanted.isPresent()) {
      if (csr.request() != null && !csr.request().key().describe().equals(wanted.get())) {
        problems.add("the request's key is " + csr.request().key().describe() + " but keyAlgorithm asks for " + wanted.get());
      }
      csr.leaf()
          .filter(leaf -> !leaf.key().describe().equals(wanted.get()))
          .filter(leaf -> csr.request() == null || !leaf.key().equals(csr.request().key()))
          .ifPresent(leaf -> problems.add("the issued key is " + leaf.key().describe() + " but keyAlgorithm asks for " + wanted.get()));
    }
    csr.leaf().ifPresent(leaf -> issuer(csr, trust)
        .filter(ca -> ca.key().family() != leaf.key().family())
        .ifPresent(ca -> problems.add("the issuing CA " + ca.displayName() + " has a " + ca.key().describe() + " key but the leaf has "
            + leaf.key().describe() + "; TLS stacks expect one key family")));
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(FindingCode.MCD207.at(
        csr.ref(),
        "CSR " + csr.ref().name() + identitySuffix(csr) + ": " + String.join("; ", problems) + ".",
        "Make spec.keyAlgorithm of WorkloadCertificateConfig default match the CA's key family: compare `gcloud privateca ISSUING_CA_TYPE describe"
            + " ISSUING_CA_NAME --location ISSUING_CA_LOCATION` (keySpec.algorithm) with `cat /var/run/secrets/workload-spiffe-credentials/certificates.pem"
            + " | openssl x509 -text -noout | grep \"Public Key Algorithm\" -A 3`."));
  }

  /** The certificate that signed the leaf: from the issued chain, else a PEM anchor of its trust domain. */
  private static Optional<CertificateInfo> issuer(CsrFacts csr, Optional<TrustConfig> trust) {
    CertificateInfo leaf = csr.chain().get(0);
    List<CertificateInfo> candidates = new ArrayList<>(csr.chain().subList(1, csr.chain().size()));
    csr.identity().ifPresent(id -> trust.ifPresent(t -> candidates.addAll(TrustAnchors.pemAnchors(t, id.trustDomain()))));
    return candidates.stream().filter(c -> ChainVerifier.signedBy(leaf, c)).findFirst();
  }

  private static Optional<Finding> chainProblem(CsrFacts csr, Optional<TrustConfig> trust) {
    Optional<SpiffeId> identity = csr.identity();
    if (csr.chain().isEmpty() || identity.isEmpty() || trust.isEmpty()) {
      return Optional.empty();
    }
    String domain = identity.get().trustDomain();
    List<CertificateInfo> anchors = TrustAnchors.pemAnchors(trust.get(), domain);
    if (anchors.isEmpty() || ChainVerifier.verifies(csr.chain(), anchors)) {
      return Optional.empty();
    }
    CertificateInfo leaf = csr.chain().get(0);
    return Optional.of(FindingCode.MCD210.at(
        csr.ref(),
        "CSR " + csr.ref().name() + identitySuffix(csr) + ": the issued chain (leaf issued by " + leaf.issuer() + ", " + csr.chain().size()
            + " certificate(s)) does not verify to any of the " + anchors.size() + " PEM anchor(s) TrustConfig default holds for " + domain + ".",
        "Peers will reject this certificate. Make TrustConfig default trust the root of the issuing pool (certificateAuthorityServiceURI of the root pool,"
            + " or its root as pemCertificate) and check the issuing pool: `gcloud privateca pools describe SUBORDINATE_CA_POOL_NAME --location"
            + " SUBORDINATE_CA_POOL_LOCATION`."));
  }

  /** For each SPIFFE identity with an issued certificate, the CSR holding its newest one. */
  private static Map<SpiffeId, CsrFacts> newestPerIdentity(List<CsrFacts> csrs) {
    Map<SpiffeId, CsrFacts> newest = new LinkedHashMap<>();
    Comparator<CsrFacts> order =
        Comparator.comparing((CsrFacts c) -> c.leaf().get().notBefore())
            .thenComparing(CsrFacts::created, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(c -> c.ref().name());
    for (CsrFacts csr : csrs) {
      if (csr.leaf().isEmpty() || csr.identity().isEmpty()) {
        continue;
      }
      newest.merge(csr.identity().get(), csr, (a, b) -> order.compare(a, b) >= 0 ? a : b);
    }
    return newest;
  }

  private static Optional<Finding> lifetime(CsrFacts newest, SpiffeId identity, List<CsrFacts> all, int percentage, Instant now) {
    CertificateInfo leaf = newest.leaf().get();
    String namespace = identity.workload().map(SpiffeId.Workload::namespace).orElse(newest.namespace());
    if (now.isAfter(leaf.notAfter())) {
      return Optional.of(FindingCode.MCD205
          .at(
              newest.ref(),
              "The newest certificate of " + identity + " (CSR " + newest.ref().name() + ", serial " + leaf.serial().toString(16)
                  + ") expired at " + leaf.notAfter() + ".",
              "Pods of this identity present an expired certificate. Check in a pod with " + Commands.SHOW_NOT_AFTER + "; find why renewal stopped"
                  + " (CSRs pending, denied or failed for this identity; WorkloadCertificateConfig default Ready) and recreate the pods.")
          .inNamespace(namespace));
    }
    Duration lifetime = Duration.between(leaf.notBefore(), leaf.notAfter());
    Instant rotationPoint = leaf.notBefore().plus(lifetime.multipliedBy(100 - percentage).dividedBy(100));
    if (now.isBefore(rotationPoint)) {
      return Optional.empty();
    }
    boolean renewalRequested = all.stream()
        .anyMatch(c -> c != newest && c.identity().filter(identity::equals).isPresent()
            && c.created() != null && newest.created() != null && c.created().isAfter(newest.created()));
    if (renewalRequested) {
      return Optional.empty();
    }
    return Optional.of(FindingCode.MCD206
        .at(
            newest.ref(),
            "The newest certificate of " + identity + " (CSR " + newest.ref().name() + ") passed its rotation point at " + rotationPoint + " ("
                + percentage + "% of its " + Durations.describe(lifetime) + " lifetime remaining) and expires at " + leaf.notAfter()
                + ", but no newer CSR exists for it.",
            "Renewal has not started. Check that the node agent is healthy and WorkloadCertificateConfig default is Ready ("
                + Commands.GET_WCC + "); recreate the pods if the certificate gets close to " + leaf.notAfter() + ".")
        .inNamespace(namespace));
  }

  private static int rotationPercentage(Optional<WorkloadCertificateConfig> wcc) {
    return wcc.map(WorkloadCertificateConfig::rotationWindowPercentage)
        .filter(p -> p >= 0 && p <= 100)
        .map(Long::intValue)
        .orElse(DEFAULT_ROTATION_PERCENTAGE);
  }

  private static String describe(WorkloadCertificateConfig.KeyAlgorithm key) {
    return key.rsa()
        ? new KeyInfo(KeyFamily.RSA, key.modulusSize().intValue(), null).describe()
        : new KeyInfo(KeyFamily.ECDSA, 0, key.curve()).describe();
  }

  private static boolean olderThan(Instant since, Duration staleAfter, Instant now) {
    return since == null || !since.plus(staleAfter).isAfter(now);
  }

  /** An absolute time, so that the message reads the same on every analysis. */
  private static String since(Instant since) {
    return since == null ? "" : " since " + since;
  }

  private static String identitySuffix(CsrFacts csr) {
    return csr.requestIdentity() != null ? " (" + csr.requestIdentity() + ")" : "";
  }

  private static String quote(CertificateSigningRequestCondition condition) {
    if (condition == null) {
      return "no reason given";
    }
    String reason = condition.getReason() == null || condition.getReason().isBlank() ? "(no reason)" : condition.getReason();
    String message = condition.getMessage() == null || condition.getMessage().isBlank() ? "" : " \"" + condition.getMessage() + "\"";
    return "reason " + reason + message;
  }
}
