package io.meshdoctor.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Kubernetes manifests as Jackson trees, and what the packaging tests compare in them. */
final class Manifests {
  static final YAMLMapper YAML = new YAMLMapper();

  /** One RBAC permission: a verb on a resource of a group, for one name or any ("*"). */
  record Permission(String scope, String group, String resource, String verb, String name) implements Comparable<Permission> {
    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }
  }

  private Manifests() {}

  /** Every non-empty document of a multi-document YAML text. */
  static List<JsonNode> parse(String yaml) {
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      List<JsonNode> objects = new ArrayList<>();
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          objects.add(document);
        }
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse manifests:\n" + yaml, e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  static JsonNode single(List<JsonNode> objects, String kind) {
    List<JsonNode> matching = ofKind(objects, kind);
    if (matching.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + matching.size());
    }
    return matching.get(0);
  }

  /** The rules of every ClusterRole and Role, flattened to single permissions. */
  static Set<Permission> permissions(List<JsonNode> objects) {
    Set<Permission> permissions = new TreeSet<>();
    for (JsonNode role : objects) {
      String kind = role.path("kind").asText();
      if (!kind.equals("ClusterRole") && !kind.equals("Role")) {
        continue;
      }
      for (JsonNode rule : role.path("rules")) {
        List<String> names = new ArrayList<>();
        rule.path("resourceNames").forEach(n -> names.add(n.asText()));
        if (names.isEmpty()) {
          names.add("*");
        }
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              for (String name : names) {
                permissions.add(new Permission(kind, group.asText(), resource.asText(), verb.asText(), name));
              }
            }
          }
        }
      }
    }
    return permissions;
  }

  static Permission cluster(String group, String resource, String verb) {
    return new Permission("ClusterRole", group, resource, verb, "*");
  }

  /** The environment variables of a container that have a literal value. */
  static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode variable : container.path("env")) {
      if (variable.has("value")) {
        env.put(variable.path("name").asText(), variable.path("value").asText());
      }
    }
    return env;
  }
}
