package io.meshdoctor.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which namespaces the operator may diagnose at all: a label selector (`env=prod,team in (a,b),
 * !legacy`) and excluded names or `prefix*` patterns. Scope within these is decided per namespace.
 */
final class NamespaceFilter {
  private record Requirement(String key, String operator, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case "exists" -> labels.containsKey(key);
        case "!exists" -> !labels.containsKey(key);
        case "=", "in" -> value != null && values.contains(value);
        default -> value == null || !values.contains(value);
      };
    }
  }

  private final List<Requirement> requirements;
  private final List<String> excluded;

  NamespaceFilter(String selector, List<String> excluded) {
    this.requirements = parse(selector == null ? "" : selector.trim());
    this.excluded = List.copyOf(excluded);
  }

  boolean admits(String name, Map<String, String> labels) {
    for (String pattern : excluded) {
      if (pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern)) {
        return false;
      }
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    return requirements.stream().allMatch(r -> r.matches(actual));
  }

  private static List<Requirement> parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    if (selector.isEmpty()) {
      return requirements;
    }
    for (String part : splitTopLevel(selector)) {
      String text = part.trim();
      String lower = text.toLowerCase();
      int in = lower.indexOf(" in ");
      int notIn = lower.indexOf(" notin ");
      if (notIn > 0 || in > 0) {
        boolean negated = notIn > 0;
        int at = negated ? notIn : in;
        String key = text.substring(0, at).trim();
        String set = text.substring(at + (negated ? 7 : 4)).trim();
        if (!set.startsWith("(") || !set.endsWith(")")) {
          throw new IllegalArgumentException("namespace selector: '" + text + "' needs a value list in parentheses");
        }
        requirements.add(new Requirement(key, negated ? "notin" : "in", values(set.substring(1, set.length() - 1))));
      } else if (text.contains("!=")) {
        String[] kv = text.split("!=", 2);
        requirements.add(new Requirement(kv[0].trim(), "!=", Set.of(kv[1].trim())));
      } else if (text.contains("=")) {
        String[] kv = text.split("==?", 2);
        requirements.add(new Requirement(kv[0].trim(), "=", Set.of(kv[1].trim())));
      } else if (text.startsWith("!")) {
        requirements.add(new Requirement(text.substring(1).trim(), "!exists", Set.of()));
      } else if (!text.isEmpty()) {
        requirements.add(new Requirement(text, "exists", Set.of()));
      }
    }
    for (Requirement requirement : requirements) {
      if (requirement.key().isEmpty() || requirement.key().contains(" ")) {
        throw new IllegalArgumentException("namespace selector: bad key '" + requirement.key() + "'");
      }
    }
    return requirements;
  }

  private static List<String> splitTopLevel(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }

  private static Set<String> values(String list) {
    Set<String> values = new java.util.HashSet<>();
    for (String value : list.split(",")) {
      if (!value.isBlank()) {
        values.add(value.trim());
      }
    }
    return values;
  }
}
