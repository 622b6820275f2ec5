package io.meshdoctor.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields of objects we do not own without trusting their shape: a missing field is null, a
 * field of the wrong type is null too and is noted as a problem naming its path.
 */
final class LooseTree {
  private final List<String> problems = new ArrayList<>();

  List<String> problems() {
    return problems;
  }

  /** The object at {@code field}, or null when absent; noted when present but not an object. */
  JsonNode object(JsonNode parent, String field, String path) {
    JsonNode node = child(parent, field);
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(path + " is " + describe(node) + ", expected an object");
      return null;
    }
    return node;
  }

  List<JsonNode> array(JsonNode parent, String field, String path) {
    JsonNode node = child(parent, field);
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      problems.add(path + " is " + describe(node) + ", expected a list");
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    node.forEach(items::add);
    return items;
  }

  String string(JsonNode parent, String field, String path) {
    JsonNode node = child(parent, field);
    if (node == null) {
      return null;
    }
    if (!node.isValueNode() || node.isBinary()) {
      problems.add(path + " is " + describe(node) + ", expected a string");
      return null;
    }
    return node.asText();
  }

  /** An integer, also accepted as a string of digits (hand-written dumps quote numbers). */
  Long integer(JsonNode parent, String field, String path) {
    JsonNode node = child(parent, field);
    if (node == null) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.asLong();
    }
    if (node.isTextual() && node.asText().trim().matches("-?\\d{1,18}")) {
      return Long.parseLong(node.asText().trim());
    }
    problems.add(path + " is " + describe(node) + ", expected an integer");
    return null;
  }

  Instant time(JsonNode parent, String field, String path) {
    String text = string(parent, field, path);
    return text == null ? null : parseTime(text, path);
  }

  Instant parseTime(String text, String path) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(path + " is '" + text + "', not an RFC 3339 time");
      return null;
    }
  }

  boolean has(JsonNode parent, String field) {
    return child(parent, field) != null;
  }

  private static JsonNode child(JsonNode parent, String field) {
    if (parent == null) {
      return null;
    }
    JsonNode node = parent.get(field);
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }

  private static String describe(JsonNode node) {
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isTextual()) {
      return "the string '" + abbreviate(node.asText()) + "'";
    }
    return "'" + abbreviate(node.toString()) + "'";
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
