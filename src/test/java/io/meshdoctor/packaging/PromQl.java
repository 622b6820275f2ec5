package io.meshdoctor.packaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to check an expression against the operator's metrics: which series
 * it selects (metric name and label matchers) and which labels it groups by.
 */
final class PromQl {
  /** A series selector: `name{label op "value", ...}`; the name may come from a __name__ matcher. */
  record Selector(String metric, Map<String, String> matchers) {}

  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern BRACED = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)\\}");
  private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
  private static final Pattern IDENTIFIER = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

  private final List<Selector> selectors = new ArrayList<>();
  private final Set<String> groupingLabels = new TreeSet<>();

  private PromQl(String expression) {
    String rest = RANGE.matcher(expression).replaceAll(" ");
    Matcher grouping = GROUPING.matcher(rest);
    while (grouping.find()) {
      for (String label : grouping.group(2).split(",")) {
        if (!label.isBlank()) {
          groupingLabels.add(label.strip());
        }
      }
    }
    rest = grouping.replaceAll(" ");
    Matcher braced = BRACED.matcher(rest);
    while (braced.find()) {
      Map<String, String> matchers = new LinkedHashMap<>();
      Matcher matcher = MATCHER.matcher(braced.group(2));
      while (matcher.find()) {
        matchers.put(matcher.group(1), matcher.group(3));
      }
      String name = braced.group(1) != null ? braced.group(1) : matchers.remove("__name__");
      selectors.add(new Selector(name, matchers));
    }
    rest = braced.replaceAll(" ");
    Matcher identifier = IDENTIFIER.matcher(rest);
    while (identifier.find()) {
      boolean function = identifier.group(2) != null;
      if (!function && !KEYWORDS.contains(identifier.group(1).toLowerCase())) {
        selectors.add(new Selector(identifier.group(1), Map.of()));
      }
    }
  }

  static PromQl parse(String expression) {
    return new PromQl(expression);
  }

  List<Selector> selectors() {
    return selectors;
  }

  Set<String> groupingLabels() {
    return groupingLabels;
  }
}
