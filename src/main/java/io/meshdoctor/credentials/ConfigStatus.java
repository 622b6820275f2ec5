package io.meshdoctor.credentials;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The guest agent's {@code config_status}: the raw JSON of the {@code config-status} metadata
 * endpoint. Two shapes are published ({@code {"status": "OK", "metadataAttributesErrors": {}}} and
 * {@code {"partnerMetadataConfigsErrors": {}}}) and the content of a non-empty error map is not, so
 * it is read tolerantly: healthy means no non-empty {@code *Errors} member and, when present, a
 * {@code status} of OK in any case; anything else is quoted as found.
 *
 * @param status the {@code status} member as text, or null when absent
 * @param errors each non-empty {@code *Errors} member as compact JSON, by member name
 * @param problem why the text could not be read as a JSON object, or null
 */
public record ConfigStatus(String raw, String status, Map<String, String> errors, String problem) {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int QUOTE_LIMIT = 300;

  public ConfigStatus {
    errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  public static ConfigStatus parse(String text) {
    if (text == null || text.isBlank()) {
      return new ConfigStatus(text == null ? "" : text, null, Map.of(), "is empty");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JacksonException e) {
      String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      return new ConfigStatus(text, null, Map.of(), "is not valid JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + location + ")");
    }
    if (root == null || !root.isObject()) {
      return new ConfigStatus(text, null, Map.of(), "is JSON but not an object");
    }
    JsonNode statusNode = root.get("status");
    String status = statusNode == null || statusNode.isNull() ? null : statusNode.isTextual() ? statusNode.asText() : statusNode.toString();
    Map<String, String> errors = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().endsWith("Errors") && !isEmpty(field.getValue())) {
        errors.put(field.getKey(), quote(field.getValue().toString()));
      }
    }
    return new ConfigStatus(text, status, errors, null);
  }

  private static boolean isEmpty(JsonNode value) {
    return value.isNull() || (value.isContainerNode() && value.isEmpty()) || (value.isTextual() && value.asText().isEmpty());
  }

  public boolean healthy() {
    return problem == null && errors.isEmpty() && statusOk();
  }

  private boolean statusOk() {
    return status == null || status.equalsIgnoreCase("OK");
  }

  /** What is wrong, quoting the agent's words; empty when healthy. */
  public String describe() {
    if (problem != null) {
      return problem + ": \"" + quote(raw) + "\"";
    }
    List<String> parts = new ArrayList<>();
    if (!statusOk()) {
      parts.add("status \"" + status + "\"");
    }
    errors.forEach((name, value) -> parts.add(name + " " + value));
    return String.join("; ", parts);
  }

  /** True when the agent's text contains {@code words}, ignoring case. */
  public boolean mentions(String words) {
    return raw.toLowerCase(Locale.ROOT).contains(words.toLowerCase(Locale.ROOT));
  }

  /** One line of at most {@value #QUOTE_LIMIT} characters, so a large or binary file keeps the message readable. */
  private static String quote(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= QUOTE_LIMIT ? line : line.substring(0, QUOTE_LIMIT) + "…";
  }
}
