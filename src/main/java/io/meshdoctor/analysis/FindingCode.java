package io.meshdoctor.analysis;

import io.meshdoctor.snapshot.ObjectRef;
import java.util.Set;

/**
 * The finding catalog: every code with its default severity and title. Codes are public API (docs,
 * alerts, suppressions and CI gates refer to them): never renumber or reuse one.
 */
public enum FindingCode {
  MCD001(Severity.WARNING, "Input kind could not be read"),
  MCD002(Severity.WARNING, "Object could not be interpreted"),
  MCD003(Severity.INFO, "Cluster trust domain unknown"),

  MCD101(Severity.ERROR, "Mesh certificate CRDs not served"),
  MCD102(Severity.ERROR, "WorkloadCertificateConfig default missing"),
  MCD103(Severity.ERROR, "WorkloadCertificateConfig not Ready"),
  MCD104(Severity.ERROR, "Invalid CA pool URI"),
  MCD105(Severity.ERROR, "Invalid key algorithm"),
  MCD106(Severity.WARNING, "Suspicious certificate lifetime settings"),
  MCD107(Severity.WARNING, "Ready condition stale"),
  MCD108(Severity.WARNING, "Inactive configuration object"),
  MCD111(Severity.ERROR, "TrustConfig default missing"),
  MCD112(Severity.ERROR, "TrustConfig not Ready"),
  MCD113(Severity.ERROR, "Trust domain missing from TrustConfig"),
  MCD114(Severity.ERROR, "Invalid trust anchor"),
  MCD115(Severity.WARNING, "Trust anchors not rendered"),

  MCD201(Severity.WARNING, "CSR pending approval"),
  MCD202(Severity.ERROR, "CSR denied"),
  MCD203(Severity.ERROR, "CSR failed"),
  MCD204(Severity.ERROR, "CSR approved but not issued"),
  MCD205(Severity.ERROR, "Workload certificate expired"),
  MCD206(Severity.WARNING, "Workload certificate past rotation point"),
  MCD207(Severity.ERROR, "Key algorithm mismatch"),
  MCD208(Severity.ERROR, "Invalid SPIFFE ID"),
  MCD209(Severity.ERROR, "Unparseable CSR or certificate"),
  MCD210(Severity.ERROR, "Chain does not verify to trust anchors"),

  MCD301(Severity.ERROR, "FailedMount on workload-certificate volume"),
  MCD302(Severity.WARNING, "Managed certificates requested but volume missing"),

  MCD401(Severity.ERROR, "Injector caBundle empty"),
  MCD402(Severity.ERROR, "Injector caBundle unparseable"),
  MCD403(Severity.ERROR, "Injector caBundle expired"),
  MCD404(Severity.ERROR, "Injector caBundle lacks mesh root"),
  MCD405(Severity.WARNING, "Injector caBundle expiring soon"),
  MCD406(Severity.INFO, "Injector caBundle repaired"),
  MCD407(Severity.WARNING, "Injector caBundle repair refused"),
  MCD408(Severity.WARNING, "Injector configuration without istio.io/rev"),
  MCD411(Severity.ERROR, "Mesh root expired"),
  MCD412(Severity.WARNING, "Mesh root expiring soon"),
  MCD413(Severity.INFO, "Unrecognised mesh root issuer"),

  MCD501(Severity.ERROR, "Credentials directory missing"),
  MCD502(Severity.ERROR, "Credentials never issued"),
  MCD503(Severity.ERROR, "config_status reports errors"),
  MCD504(Severity.ERROR, "VM does not support managed workload identity"),
  MCD505(Severity.ERROR, "Workload certificate feature not enabled"),
  MCD506(Severity.ERROR, "Unrecognised SPIFFE ID form"),
  MCD507(Severity.ERROR, "No trust anchor for the trust domain"),
  MCD508(Severity.ERROR, "Workload certificate not valid now"),
  MCD509(Severity.WARNING, "Workload certificate due for rotation"),
  MCD510(Severity.ERROR, "Private key does not match certificate"),
  MCD511(Severity.WARNING, "Leaf and CA key families differ");

  private final Severity severity;
  private final String title;

  FindingCode(Severity severity, String title) {
    this.severity = severity;
    this.title = title;
  }

  public Severity severity() {
    return severity;
  }

  public String title() {
    return title;
  }

  /** Path of the code's page inside the repository and the published docs. */
  public String docsPath() {
    return "docs/findings/" + name() + ".md";
  }

  /** A finding of this code at its default severity, in the resource's own namespace. */
  public Finding at(ObjectRef resource, String message, String remediation) {
    return new Finding(this, severity, resource == null ? null : resource.namespace(), resource, message, remediation, Set.of());
  }
}
