package io.meshdoctor.credentials;

import java.nio.file.Path;

/**
 * Commands and facts the remediation hints quote, as Google's Compute Engine managed workload
 * identity troubleshooting guide and the Cloud Service Mesh guide give them.
 */
final class Hints {
  static final String CURL_CONFIG_STATUS =
      "`curl \"http://metadata.google.internal/computeMetadata/v1/instance/gce-workload-certificates/config-status\" -H \"Metadata-Flavor: Google\"`";
  static final String AGENT_VERSION =
      "the guest agent is version 20231103.01 or later (`gcloud compute instances get-serial-port-output VM_NAME | grep \"GCE Agent Started\"`)";
  static final String REFRESH_LOGS =
      "`journalctl -u gce-workload-cert-refresh.timer` (when the refresh last ran) and `journalctl -u gce-workload-cert-refresh.service` (what it logged)";
  static final String SERVICE_LOG = "`journalctl -u gce-workload-cert-refresh.service`";
  static final String CA_POOL_IAM =
      "`gcloud privateca pools get-iam-policy SUBORDINATE_CA_POOL_ID --location=SUBORDINATE_CA_POOL_REGION` must bind"
          + " principalSet://iam.googleapis.com/projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/POOL_ID/*"
          + " to roles/privateca.poolReader and to roles/privateca.workloadCertificateRequester";
  static final String WORKLOAD_IDENTITY_VALUE =
      "the value of iam.googleapis.com/workload-identity must match " + SpiffeIdForm.COMPUTE_ENGINE.template()
          + " (it can only be set when the VM is created, so a wrong value needs a new VM)";
  static final String VM_TRUST_DOMAIN =
      "the trust configuration must hold a valid entry for the SPIFFE trust domain POOL_ID.global.PROJECT_NUMBER.workload.id.goog,"
          + " the trust domain of the VM's managed identity";
  static final String NEW_VM =
      "create a new VM that supports managed workload identity (or a new instance template and managed instance group)";
  static final String ENABLE_FEATURE =
      "enable managed workload identity on the VM: set the custom metadata enable-workload-certificate=true"
          + " (`gcloud compute instances add-metadata VM_NAME --metadata enable-workload-certificate=true`) with the certificate issuance"
          + " and trust configuration, or create a new VM (or a new instance template and managed instance group) with the feature enabled";
  static final String GET_WCC = "`kubectl get WorkloadCertificateConfig default -o yaml`";
  static final String GET_TC = "`kubectl get TrustConfig default -o yaml`";
  static final String DESCRIBE_CA = "`gcloud privateca ISSUING_CA_TYPE describe ISSUING_CA_NAME --location ISSUING_CA_LOCATION`";

  private Hints() {}

  static String showNotAfter(Path certificates) {
    return "`cat " + certificates + " | openssl x509 -text -noout | grep \"Not After\"`";
  }

  static String showKeyAlgorithm(Path certificates) {
    return "`cat " + certificates + " | openssl x509 -text -noout | grep \"Public Key Algorithm\" -A 3`";
  }

  static String showSpiffeId(Path certificates) {
    return "`cat " + certificates + " | openssl x509 -text -noout | grep \"URI:\"`";
  }
}
