package io.meshdoctor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.pki.Fingerprint;
import io.meshdoctor.snapshot.ObjectRef;
import io.meshdoctor.snapshot.Origin;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning tools: one rule per catalog code, one result per finding, located
 * in the input file and line the object came from when it came from a file.
 */
public final class SarifReport {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReport() {}

  public static String render(AnalysisResult result, Map<ObjectRef, Origin> origins, String toolVersion) {
    ObjectNode log = MAPPER.createObjectNode();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "mesh-cert-doctor");
    driver.put("version", toolVersion);
    driver.put("semanticVersion", toolVersion.replace("-SNAPSHOT", ""));
    ArrayNode rules = driver.putArray("rules");
    for (FindingCode code : FindingCode.values()) {
      ObjectNode rule = rules.addObject();
      rule.put("id", code.name());
      rule.put("name", ruleName(code));
      rule.putObject("shortDescription").put("text", code.title());
      rule.putObject("fullDescription").put("text", code.title() + " (" + code.severity().label() + "); see " + code.docsPath());
      ObjectNode help = rule.putObject("help");
      help.put("text", "See " + code.docsPath());
      help.put("markdown", "See [" + code.name() + "](" + code.docsPath() + ")");
      rule.putObject("defaultConfiguration").put("level", code.severity().sarifLevel());
    }
    run.putArray("invocations").addObject().put("executionSuccessful", true);
    ArrayNode results = run.putArray("results");
    for (Finding finding : result.findings()) {
      ObjectNode entry = results.addObject();
      entry.put("ruleId", finding.code().name());
      entry.put("ruleIndex", finding.code().ordinal());
      entry.put("level", finding.severity().sarifLevel());
      entry.putObject("message").put("text", finding.message() + " Fix: " + finding.remediation());
      ObjectNode location = entry.putArray("locations").addObject();
      Origin origin = finding.resource() == null ? null : origins.get(finding.resource());
      if (origin != null) {
        ObjectNode physical = location.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(origin.file()));
        if (origin.line() > 0) {
          physical.putObject("region").put("startLine", origin.line());
        }
      }
      ObjectNode logical = location.putArray("logicalLocations").addObject();
      String qualified = finding.resource() == null ? "cluster" : finding.resource().qualified();
      logical.put("name", finding.resource() == null || finding.resource().name() == null ? qualified : finding.resource().name());
      logical.put("fullyQualifiedName", qualified);
      logical.put("kind", "resource");
      entry.putObject("partialFingerprints")
          .put("meshCertDoctor/v1", Fingerprint.sha256((finding.code().name() + "|" + qualified).getBytes(StandardCharsets.UTF_8)).replace(":", "").toLowerCase());
      ObjectNode properties = entry.putObject("properties");
      properties.put("namespace", finding.namespace());
      properties.put("remediation", finding.remediation());
      properties.put("docs", finding.code().docsPath());
    }
    try {
      return MAPPER.writeValueAsString(log) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  /** CamelCase rule name from the title: "Injector caBundle empty" → "InjectorCaBundleEmpty". */
  static String ruleName(FindingCode code) {
    StringBuilder name = new StringBuilder();
    for (String word : code.title().split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return name.toString();
  }

  private static String uri(String file) {
    String path = file.replace('\\', '/');
    try {
      return new URI(null, null, path, null).toASCIIString();
    } catch (URISyntaxException e) {
      return path;
    }
  }
}
