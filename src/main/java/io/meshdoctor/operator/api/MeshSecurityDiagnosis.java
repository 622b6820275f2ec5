package io.meshdoctor.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** The diagnosis of one namespace's mesh certificate health; the operator keeps `default` current. */
@Group(MeshSecurityDiagnosis.GROUP)
@Version(MeshSecurityDiagnosis.VERSION)
@Kind("MeshSecurityDiagnosis")
@Plural("meshsecuritydiagnoses")
@Singular("meshsecuritydiagnosis")
@ShortNames("msd")
@AdditionalPrinterColumn(name = "Health", jsonPath = ".status.health")
@AdditionalPrinterColumn(name = "Errors", jsonPath = ".status.summary.errors", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Warnings", jsonPath = ".status.summary.warnings", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Top finding", jsonPath = ".status.topFinding")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class MeshSecurityDiagnosis extends CustomResource<MeshSecurityDiagnosisSpec, MeshSecurityDiagnosisStatus> implements Namespaced {
  public static final String GROUP = "meshdoctor.io";
  public static final String VERSION = "v1alpha1";
  /** The name of the object the operator creates in every namespace in scope. */
  public static final String DEFAULT_NAME = "default";
}
