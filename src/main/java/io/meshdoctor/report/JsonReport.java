package io.meshdoctor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.meshdoctor.analysis.AnalysisResult;
import io.meshdoctor.analysis.Finding;
import io.meshdoctor.snapshot.ObjectRef;

/** The JSON document of PRODUCT.md §4; YAML output is the same tree. */
public final class JsonReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());

  private JsonReport() {}

  public static ObjectNode tree(AnalysisResult result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("analyzedAt", result.analyzedAt().toString());
    ObjectNode trustDomain = root.putObject("trustDomain");
    trustDomain.put("name", result.trustDomain().name());
    trustDomain.put("source", result.trustDomain().source().label());
    AnalysisResult.Summary summary = result.summary();
    ObjectNode counts = root.putObject("summary");
    counts.put("errors", summary.errors());
    counts.put("warnings", summary.warnings());
    counts.put("infos", summary.infos());
    var findings = root.putArray("findings");
    for (Finding finding : result.findings()) {
      ObjectNode node = findings.addObject();
      node.put("code", finding.code().name());
      node.put("severity", finding.severity().label());
      node.put("namespace", finding.namespace());
      if (finding.resource() == null) {
        node.putNull("resource");
      } else {
        node.set("resource", resource(finding.resource()));
      }
      node.put("message", finding.message());
      node.put("remediation", finding.remediation());
      node.put("docs", finding.code().docsPath());
    }
    return root;
  }

  static ObjectNode resource(ObjectRef ref) {
    ObjectNode node = JSON.createObjectNode();
    node.put("apiVersion", ref.apiVersion());
    node.put("kind", ref.kind());
    node.put("namespace", ref.namespace());
    node.put("name", ref.name());
    return node;
  }

  public static String json(AnalysisResult result) {
    return write(JSON, result);
  }

  public static String yaml(AnalysisResult result) {
    return write(YAML, result);
  }

  private static String write(ObjectMapper mapper, AnalysisResult result) {
    try {
      String text = mapper.writeValueAsString(tree(result));
      return text.endsWith("\n") ? text : text + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }
}
