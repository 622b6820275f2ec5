package io.meshdoctor.snapshot;

import io.meshdoctor.pki.CertificateInfo;
import java.util.List;

/** An `istio-ca-root-cert` ConfigMap whose `root-cert.pem` parsed as certificates. */
public record RootCertConfigMap(ObjectRef ref, String pem, List<CertificateInfo> certificates) {
  public static final String NAME = "istio-ca-root-cert";
  public static final String KEY = "root-cert.pem";

  public String namespace() {
    return ref.namespace();
  }
}
