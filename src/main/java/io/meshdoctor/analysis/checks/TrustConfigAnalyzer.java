package io.meshdoctor.analysis.checks;

import io.meshdoctor.analysis.AnalysisContext;
import io.meshdoctor.analysis.Analyzer;
import io.meshdoctor.analysis.AnalyzerMetadata;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.FindingSink;
import io.meshdoctor.analysis.TrustDomain;
import io.meshdoctor.analysis.facts.CaPoolUri;
import io.meshdoctor.analysis.facts.MeshUsage;
import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.Pem;
import io.meshdoctor.pki.PkiException;
import io.meshdoctor.snapshot.InputKind;
import io.meshdoctor.snapshot.ObjectRef;
import io.meshdoctor.snapshot.TrustConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MCD111-MCD115: whether TrustConfig default exists, is Ready, covers the cluster trust domain,
 * holds valid anchors, and whether the controller rendered them.
 */
public final class TrustConfigAnalyzer implements Analyzer {
  private static final AnalyzerMetadata METADATA =
      new AnalyzerMetadata(
          "gke.TrustConfig",
          "Checks that TrustConfig default exists, is Ready, covers the cluster trust domain and holds valid, rendered anchors",
          EnumSet.of(
              InputKind.CUSTOM_RESOURCE_DEFINITION,
              InputKind.TRUST_CONFIG,
              InputKind.WORKLOAD_CERTIFICATE_CONFIG,
              InputKind.POD,
              InputKind.EVENT,
              InputKind.CERTIFICATE_SIGNING_REQUEST),
          Set.of(FindingCode.MCD111, FindingCode.MCD112, FindingCode.MCD113, FindingCode.MCD114, FindingCode.MCD115));


  @Override
  public AnalyzerMetadata metadata() {
    return METADATA;
  }

  @Override
  public void analyze(AnalysisContext context, FindingSink sink) {
    MeshUsage usage = context.meshUsage();
    Set<String> affected = usage.namespaces();
    var active = context.defaultTrustConfig();
    boolean kindServed = !GkeConfigAnalyzer.missingCrds(context).contains(InputKind.TRUST_CONFIG.crdName());
    if (usage.inUse() && active.isEmpty() && kindServed && !context.unreadable(InputKind.TRUST_CONFIG)) {
      sink.report(
          FindingCode.MCD111
              .at(
                  ObjectRef.of(InputKind.TRUST_CONFIG, null, "default"),
                  "Mesh certificates are in use (" + usage.evidenceSummary() + ") but there is no TrustConfig named default,"
                      + " so pods get no trust anchors.",
                  "Create TrustConfig default with a trustStores entry for PROJECT_ID.svc.id.goog whose trustAnchors has"
                      + " certificateAuthorityServiceURI: //privateca.googleapis.com/projects/PROJECT_ID/locations/ROOT_CA_POOL_LOCATION/caPools/ROOT_CA_POOL_NAME,"
                      + " apply it with `kubectl apply -f TrustConfig.yaml`, and let the GKE service agent read the root pool: " + Commands.GRANT_AUDITOR + ".")
              .affecting(affected));
    }
    if (active.isEmpty()) {
      return;
    }
    TrustConfig config = active.get();
    ObjectRef ref = config.meta().ref();
    ConfigReadiness.notReady(config.meta(), context.now(), context.settings().staleAfter())
        .ifPresent(detail -> sink.report(
            FindingCode.MCD112
                .at(
                    ref,
                    "TrustConfig default " + detail + "; trust anchors are not distributed to pods.",
                    "Read the reason with " + Commands.GET_TC + ", correct spec.trustStores, and check that the GKE service agent may read the root pool: "
                        + Commands.GRANT_AUDITOR + ".")
                .affecting(affected)));

    TrustDomain trustDomain = context.trustDomain();
    if (trustDomain.known() && config.trustStores().stream().noneMatch(s -> trustDomain.name().equalsIgnoreCase(s.trustDomain()))) {
      sink.report(
          FindingCode.MCD113
              .at(
                  ref,
                  "TrustConfig default has no trustStores entry for the cluster trust domain " + trustDomain.name() + " (" + trustDomain.source().label()
                      + "); configured: " + configuredDomains(config) + ". Workloads will not trust their own peers.",
                  "Add `- trustDomain: " + trustDomain.name() + "` with trustAnchors (certificateAuthorityServiceURI of the root pool) to spec.trustStores:"
                      + " `kubectl edit TrustConfig default`.")
              .affecting(affected));
    }
    anchorProblems(config, context.now())
        .forEach(problem -> sink.report(
            FindingCode.MCD114
                .at(
                    ref,
                    "TrustConfig default: " + problem + ".",
                    "Correct the anchor with `kubectl edit TrustConfig default`: one trustStores entry per trust domain; each trustAnchors entry sets exactly one of"
                        + " certificateAuthorityServiceURI (" + CaPoolUri.FORM + "), pemCertificate (exactly one current certificate) or"
                        + " spiffeTrustBundleEndpoint (an https URL).")
                .affecting(affected)));

    boolean oldEnough = config.meta().created() == null
        || !config.meta().created().plus(context.settings().staleAfter()).isAfter(context.now());
    if (oldEnough) {
      for (TrustConfig.TrustStore store : config.trustStores()) {
        if (store.trustDomain() == null || store.trustAnchors().isEmpty() || rendered(config, store.trustDomain())) {
          continue;
        }
        sink.report(
            FindingCode.MCD115
                .at(
                    ref,
                    "TrustConfig default configures " + store.trustAnchors().size() + " anchor(s) for " + store.trustDomain()
                        + " but status.renderedTrustStores holds no certificate for it: the controller could not fetch the anchors.",
                    "Let the GKE service agent read the root pool (" + Commands.GRANT_AUDITOR + "), check the certificateAuthorityServiceURI"
                        + " (`gcloud privateca pools describe ROOT_CA_POOL_NAME --location ROOT_CA_POOL_LOCATION`), then " + Commands.GET_TC + ".")
                .affecting(affected));
      }
    }
  }

  private static String configuredDomains(TrustConfig config) {
    List<String> domains = config.trustStores().stream().map(TrustConfig.TrustStore::trustDomain).filter(d -> d != null).toList();
    return domains.isEmpty() ? "none" : String.join(", ", domains);
  }

  private static boolean rendered(TrustConfig config, String trustDomain) {
    return config.renderedTrustStores().stream()
        .anyMatch(r -> trustDomain.equalsIgnoreCase(r.trustDomain()) && !r.pemCertificates().isEmpty());
  }

  private static List<String> anchorProblems(TrustConfig config, Instant now) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> domains = new HashMap<>();
    for (int i = 0; i < config.trustStores().size(); i++) {
      TrustConfig.TrustStore store = config.trustStores().get(i);
      String path = "spec.trustStores[" + i + "]";
      if (store.trustDomain() == null || store.trustDomain().isBlank()) {
        problems.add(path + " has no trustDomain");
      } else {
        Integer first = domains.putIfAbsent(store.trustDomain().toLowerCase(Locale.ROOT), i);
        if (first != null) {
          problems.add(path + " repeats trustDomain " + store.trustDomain() + " of spec.trustStores[" + first + "]; duplicates make the whole TrustConfig invalid");
        }
      }
      for (int j = 0; j < store.trustAnchors().size(); j++) {
        anchorProblem(store.trustAnchors().get(j), path + ".trustAnchors[" + j + "]", now).ifPresent(problems::add);
      }
    }
    for (TrustConfig.RenderedTrustStore store : config.renderedTrustStores()) {
      for (String pem : store.pemCertificates()) {
        try {
          for (CertificateInfo certificate : Pem.certificates(pem)) {
            if (!certificate.validAt(now)) {
              problems.add("rendered anchor " + certificate.displayName() + " for " + store.trustDomain() + " " + validity(certificate, now));
            }
          }
        } catch (PkiException e) {
          problems.add("a rendered anchor for " + store.trustDomain() + " does not parse: " + e.getMessage());
        }
      }
    }
    return problems;
  }

  private static Optional<String> anchorProblem(TrustConfig.TrustAnchor anchor, String path, Instant now) {
    int set = (anchor.certificateAuthorityServiceUri() != null ? 1 : 0)
        + (anchor.pemCertificate() != null ? 1 : 0)
        + (anchor.spiffeTrustBundleEndpoint() != null ? 1 : 0);
    if (set != 1) {
      return Optional.of(path + " sets " + set + " of certificateAuthorityServiceURI, pemCertificate and spiffeTrustBundleEndpoint; exactly one is required");
    }
    if (anchor.certificateAuthorityServiceUri() != null) {
      String problem = CaPoolUri.problem(anchor.certificateAuthorityServiceUri());
      return problem == null
          ? Optional.empty()
          : Optional.of(path + ".certificateAuthorityServiceURI '" + anchor.certificateAuthorityServiceUri() + "' " + problem);
    }
    if (anchor.pemCertificate() != null) {
      List<CertificateInfo> certificates;
      try {
        certificates = Pem.certificates(anchor.pemCertificate());
      } catch (PkiException e) {
        return Optional.of(path + ".pemCertificate does not parse: " + e.getMessage());
      }
      if (certificates.size() != 1) {
        return Optional.of(path + ".pemCertificate holds " + certificates.size() + " certificates; exactly one per entry is allowed");
      }
      CertificateInfo certificate = certificates.get(0);
      return certificate.validAt(now)
          ? Optional.empty()
          : Optional.of(path + ".pemCertificate " + certificate.displayName() + " " + validity(certificate, now));
    }
    return httpsProblem(anchor.spiffeTrustBundleEndpoint()).map(p -> path + ".spiffeTrustBundleEndpoint '" + anchor.spiffeTrustBundleEndpoint() + "' " + p);
  }

  private static Optional<String> httpsProblem(String endpoint) {
    try {
      URI uri = new URI(endpoint);
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        return Optional.of("is not an https URL");
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("is not a URL (" + e.getReason() + ")");
    }
  }

  static String validity(CertificateInfo certificate, Instant now) {
    return now.isAfter(certificate.notAfter())
        ? "expired at " + certificate.notAfter()
        : "is not valid before " + certificate.notBefore();
  }
}
