package io.meshdoctor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.FindingCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The docs pages and the catalog must agree: one page per code, same title and severity. */
class FindingDocsTest {
  private static final Path DOCS = Path.of("docs/findings");

  @Test
  void everyCodeHasAPageWithItsTitleAndSeverity() throws IOException {
    for (FindingCode code : FindingCode.values()) {
      Path page = Path.of(code.docsPath());
      assertThat(page).as(code.name()).exists();
      List<String> lines = Files.readAllLines(page);
      assertThat(lines.get(0)).isEqualTo("# " + code.name() + " — " + code.title());
      assertThat(String.join("\n", lines)).contains("**Severity:** " + code.severity().label())
          .contains("## How to fix").contains("## How to verify");
    }
  }

  @Test
  void everyPageBelongsToACode() throws IOException {
    Set<String> codes = Arrays.stream(FindingCode.values()).map(Enum::name).collect(Collectors.toSet());
    try (Stream<Path> pages = Files.list(DOCS)) {
      List<String> names = pages.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("MCD")).map(n -> n.replace(".md", "")).toList();
      assertThat(names).allMatch(codes::contains);
    }
  }

  @Test
  void linksBetweenPagesResolve() throws IOException {
    try (Stream<Path> pages = Files.list(DOCS)) {
      for (Path page : pages.toList()) {
        var matcher = java.util.regex.Pattern.compile("\\]\\(([A-Za-z0-9_.-]+\\.md)\\)").matcher(Files.readString(page));
        while (matcher.find()) {
          assertThat(DOCS.resolve(matcher.group(1))).as(page + " links " + matcher.group(1)).exists();
        }
      }
    }
  }
}
