package io.meshdoctor.analysis.checks;

/**
 * Commands the remediation hints quote, as Google's mesh-certificate guides give them, so every
 * hint that needs one says it the same way.
 */
final class Commands {
  static final String GET_WCC = "`kubectl get WorkloadCertificateConfig default -o yaml`";
  static final String GET_TC = "`kubectl get TrustConfig default -o yaml`";
  static final String ENABLE_MESH_CERTIFICATES = "`gcloud container clusters update CLUSTER_NAME --enable-mesh-certificates`";
  private static final String GKE_SERVICE_AGENT =
      "--member=\"serviceAccount:service-PROJNUM@container-engine-robot.iam.gserviceaccount.com\"";
  /** Lets the GKE service agent issue certificates from the subordinate (issuing) pool. */
  static final String GRANT_CERTIFICATE_MANAGER =
      "`gcloud privateca pools add-iam-policy-binding SUBORDINATE_CA_POOL_NAME --location SUBORDINATE_CA_POOL_LOCATION"
          + " --role roles/privateca.certificateManager " + GKE_SERVICE_AGENT + "`";
  /** Lets the GKE service agent read the root pool's certificates for TrustConfig. */
  static final String GRANT_AUDITOR =
      "`gcloud privateca pools add-iam-policy-binding ROOT_CA_POOL_NAME --location ROOT_CA_POOL_LOCATION"
          + " --role roles/privateca.auditor " + GKE_SERVICE_AGENT + "`";
  static final String SHOW_NOT_AFTER =
      "`cat /var/run/secrets/workload-spiffe-credentials/certificates.pem | openssl x509 -text -noout | grep \"Not After\"`";

  private Commands() {}
}
