package io.meshdoctor.analysis.facts;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.meshdoctor.pki.Base64Text;
import io.meshdoctor.pki.CertificateInfo;
import io.meshdoctor.pki.CertificateRequestInfo;
import io.meshdoctor.pki.Pem;
import io.meshdoctor.pki.PkiException;
import io.meshdoctor.pki.SpiffeId;
import io.meshdoctor.snapshot.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A CertificateSigningRequest decoded once: its state, request, issued chain and the SPIFFE
 * identity it is for. Parse failures are kept as text, never thrown.
 *
 * @param requestError why `spec.request` could not be parsed, or null
 * @param chain the issued chain, leaf first; empty when none was issued or it did not parse
 * @param certificateError why `status.certificate` could not be parsed, or null
 * @param requestIdentity the SPIFFE ID in the request, when it carries exactly one valid one
 * @param requestIdentityProblem what is wrong with the request's SPIFFE ID, or null
 * @param namespace from the request's SPIFFE ID, else from `spec.username`; null when neither says
 */
public record CsrFacts(
    CertificateSigningRequest csr,
    ObjectRef ref,
    String signerName,
    Instant created,
    State state,
    CertificateSigningRequestCondition decidingCondition,
    CertificateRequestInfo request,
    String requestError,
    List<CertificateInfo> chain,
    String certificateError,
    SpiffeId requestIdentity,
    String requestIdentityProblem,
    String namespace,
    String serviceAccount) {

  /** Where a request stands, by the documented CSR state machine. */
  public enum State {
    PENDING,
    APPROVED,
    ISSUED,
    DENIED,
    FAILED
  }

  private static final String SA_PREFIX = "system:serviceaccount:";

  public static CsrFacts of(CertificateSigningRequest csr) {
    var spec = csr.getSpec();
    var status = csr.getStatus();
    String request = spec == null ? null : spec.getRequest();
    String certificate = status == null ? null : status.getCertificate();

    CertificateRequestInfo requestInfo = null;
    String requestError = null;
    try {
      requestInfo = CertificateRequestInfo.parsePem(decodedText(request, "spec.request"));
    } catch (PkiException e) {
      requestError = e.getMessage();
    }

    List<CertificateInfo> chain = List.of();
    String certificateError = null;
    if (certificate != null && !certificate.isBlank()) {
      try {
        chain = Pem.certificates(decodedText(certificate, "status.certificate"));
      } catch (PkiException e) {
        certificateError = e.getMessage();
      }
    }

    SpiffeId identity = null;
    String identityProblem = null;
    if (requestInfo != null) {
      try {
        identity = singleSpiffeId(requestInfo.uriSans());
        if (identity.workload().isEmpty()) {
          identityProblem = "SPIFFE ID " + identity + " is not of the form spiffe://TRUST_DOMAIN/ns/NAMESPACE/sa/SERVICE_ACCOUNT";
        }
      } catch (PkiException e) {
        identityProblem = e.getMessage();
      }
    }

    String namespace = null;
    String serviceAccount = null;
    if (identity != null && identity.workload().isPresent()) {
      namespace = identity.workload().get().namespace();
      serviceAccount = identity.workload().get().serviceAccount();
    } else if (spec != null && spec.getUsername() != null && spec.getUsername().startsWith(SA_PREFIX)) {
      String[] parts = spec.getUsername().substring(SA_PREFIX.length()).split(":");
      if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
        namespace = parts[0];
        serviceAccount = parts[1];
      }
    }

    List<CertificateSigningRequestCondition> conditions =
        status == null || status.getConditions() == null ? List.of() : status.getConditions();
    CertificateSigningRequestCondition failed = condition(conditions, "Failed");
    CertificateSigningRequestCondition denied = condition(conditions, "Denied");
    CertificateSigningRequestCondition approved = condition(conditions, "Approved");
    boolean hasCertificate = certificate != null && !certificate.isBlank();
    State state;
    CertificateSigningRequestCondition deciding;
    if (failed != null) {
      state = State.FAILED;
      deciding = failed;
    } else if (denied != null) {
      state = State.DENIED;
      deciding = denied;
    } else if (hasCertificate) {
      state = State.ISSUED;
      deciding = approved;
    } else if (approved != null) {
      state = State.APPROVED;
      deciding = approved;
    } else {
      state = State.PENDING;
      deciding = null;
    }

    return new CsrFacts(
        csr,
        ObjectRef.of(csr),
        spec == null ? null : spec.getSignerName(),
        KubeTime.parse(csr.getMetadata().getCreationTimestamp()),
        state,
        deciding,
        requestInfo,
        requestError,
        chain,
        certificateError,
        identity,
        identityProblem,
        namespace,
        serviceAccount);
  }

  /** The one SPIFFE ID of a SAN list; an X.509 SVID carries exactly one URI SAN. */
  public static SpiffeId singleSpiffeId(List<String> uriSans) throws PkiException {
    if (uriSans.isEmpty()) {
      throw new PkiException("has no URI SAN (a SPIFFE ID is required)");
    }
    if (uriSans.size() > 1) {
      throw new PkiException("has " + uriSans.size() + " URI SANs " + uriSans + " (an X.509 SVID carries exactly one)");
    }
    return SpiffeId.parse(uriSans.get(0));
  }

  private static String decodedText(String base64, String field) throws PkiException {
    if (base64 == null || base64.isBlank()) {
      throw new PkiException(field + " is empty");
    }
    try {
      return new String(Base64Text.decode(base64), StandardCharsets.ISO_8859_1);
    } catch (PkiException e) {
      throw new PkiException(field + " " + e.getMessage(), e);
    }
  }

  private static CertificateSigningRequestCondition condition(
      List<CertificateSigningRequestCondition> conditions, String type) {
    for (CertificateSigningRequestCondition condition : conditions) {
      // Conditions written before `status` became required carry none; they mean True.
      boolean isTrue = condition.getStatus() == null || "True".equalsIgnoreCase(condition.getStatus());
      if (type.equals(condition.getType()) && isTrue) {
        return condition;
      }
    }
    return null;
  }

  public Optional<CertificateInfo> leaf() {
    return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
  }

  /** The identity this CSR serves: the issued leaf's SPIFFE ID when valid, else the request's. */
  public Optional<SpiffeId> identity() {
    Optional<SpiffeId> issued = leaf().flatMap(leaf -> {
      try {
        return Optional.of(singleSpiffeId(leaf.uriSans()));
      } catch (PkiException e) {
        return Optional.empty();
      }
    });
    return issued.isPresent() ? issued : Optional.ofNullable(requestIdentity);
  }

  /** When the deciding condition was last written (update time, else transition time). */
  public Instant decidedAt() {
    if (decidingCondition == null) {
      return null;
    }
    return KubeTime.firstKnown(
        KubeTime.parse(decidingCondition.getLastUpdateTime()), KubeTime.parse(decidingCondition.getLastTransitionTime()));
  }
}
