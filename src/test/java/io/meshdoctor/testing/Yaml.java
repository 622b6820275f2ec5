package io.meshdoctor.testing;

/** Small helpers to embed text in YAML documents written by tests. */
public final class Yaml {
  private Yaml() {}

  /** A literal block scalar (`|`) holding {@code text}, indented by {@code spaces}. */
  public static String block(String text, int spaces) {
    String pad = " ".repeat(spaces);
    StringBuilder out = new StringBuilder("|\n");
    for (String line : text.strip().split("\n")) {
      out.append(pad).append(line).append('\n');
    }
    return out.toString().stripTrailing();
  }

  /** Indents every line of {@code text} by {@code spaces}. */
  public static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    StringBuilder out = new StringBuilder();
    for (String line : text.strip().split("\n")) {
      out.append(pad).append(line).append('\n');
    }
    return out.toString().stripTrailing();
  }
}
