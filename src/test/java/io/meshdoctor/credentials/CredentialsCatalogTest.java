package io.meshdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshdoctor.analysis.FindingCode;
import io.meshdoctor.analysis.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The 5xx section of the catalog belongs to the credentials inspector: one raising site per code. */
class CredentialsCatalogTest {
  private static final Pattern RAISED = Pattern.compile("FindingCode\\.(MCD\\d{3})\\.at\\(");

  @Test
  void eachCredentialsCodeIsRaisedInExactlyOnePlaceAndOnlyByTheInspector() throws IOException {
    List<String> sites = new ArrayList<>();
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher matcher = RAISED.matcher(Files.readString(source));
        while (matcher.find()) {
          if (matcher.group(1).startsWith("MCD5")) {
            sites.add(matcher.group(1) + " " + source.getFileName());
          }
        }
      }
    }

    List<String> expected = EnumSet.range(FindingCode.MCD501, FindingCode.MCD511).stream()
        .map(code -> code.name() + " CredentialsInspector.java")
        .toList();
    assertThat(sites).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void severitiesAreThoseOfTheCatalogSpec() {
    assertThat(EnumSet.range(FindingCode.MCD501, FindingCode.MCD511))
        .filteredOn(code -> code.severity() == Severity.WARNING)
        .containsExactly(FindingCode.MCD509, FindingCode.MCD511);
    assertThat(EnumSet.range(FindingCode.MCD501, FindingCode.MCD511))
        .filteredOn(code -> code.severity() == Severity.ERROR)
        .hasSize(9);
  }
}
