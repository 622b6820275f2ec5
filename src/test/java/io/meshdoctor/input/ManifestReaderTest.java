package io.meshdoctor.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshdoctor.snapshot.Origin;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  private static final InputStream NO_STDIN = InputStream.nullInputStream();
  private final ManifestReader reader = new ManifestReader();

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static List<String> names(List<ManifestDocument> documents) {
    return documents.stream().map(d -> d.node().path("metadata").path("name").asText()).toList();
  }

  @Test
  void multiDocumentYamlKeepsEachDocumentsLine() throws Exception {
    Path file = write("two.yaml", """
        # leading comment
        apiVersion: v1
        kind: Namespace
        metadata:
          name: a
        ---
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: b
        """);

    List<ManifestDocument> documents = reader.read(List.of(file.toString()), NO_STDIN);

    assertThat(names(documents)).containsExactly("a", "b");
    assertThat(documents).extracting(ManifestDocument::origin).containsExactly(new Origin(file.toString(), 2), new Origin(file.toString(), 8));
  }

  @Test
  void kubectlListOutputIsUnwrappedWithLinesPerItem() throws Exception {
    Path file = write("list.yaml", """
        apiVersion: v1
        items:
        - apiVersion: v1
          kind: Pod
          metadata:
            name: first
        - apiVersion: v1
          kind: Pod
          metadata:
            name: second
        kind: List
        metadata:
          resourceVersion: ""
        """);

    List<ManifestDocument> documents = reader.read(List.of(file.toString()), NO_STDIN);

    assertThat(names(documents)).containsExactly("first", "second");
    assertThat(documents).extracting(d -> d.origin().line()).containsExactly(3, 7);
  }

  @Test
  void jsonListsArraysAndStdinAreRead() throws Exception {
    Path json = write("pods.json", """
        {"kind": "PodList", "apiVersion": "v1", "items": [
          {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "from-json"}}
        ]}
        """);
    String stdin = "[{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"from-stdin\"}}]";

    List<ManifestDocument> documents =
        reader.read(List.of(json.toString(), "-"), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));

    assertThat(names(documents)).containsExactly("from-json", "from-stdin");
    assertThat(documents.get(1).origin()).isEqualTo(new Origin("-", 1));
  }

  @Test
  void directoriesAreReadRecursivelyInNameOrderSkippingOtherFiles() throws Exception {
    write("b/inner.yml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: inner\n");
    write("a.json", "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"first\"}}");
    write("notes.txt", "not: yaml: at all: [");

    assertThat(names(reader.read(List.of(dir.toString()), NO_STDIN))).containsExactly("first", "inner");
  }

  @Test
  void syntaxErrorNamesFileAndLine() throws Exception {
    Path file = write("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: [unclosed\n");

    assertThatThrownBy(() -> reader.read(List.of(file.toString()), NO_STDIN))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(file + ":")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void duplicateKeysAreRejected() throws Exception {
    Path file = write("dup.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  name: y\n");

    assertThatThrownBy(() -> reader.read(List.of(file.toString()), NO_STDIN))
        .isInstanceOf(InputException.class).hasMessageContaining("dup.yaml:5").hasMessageContaining("Duplicate field 'name'");
  }

  @Test
  void missingPathIsReportedByName() {
    assertThatThrownBy(() -> reader.read(List.of("no/such/dump.yaml"), NO_STDIN))
        .isInstanceOf(InputException.class).hasMessage("no/such/dump.yaml: no such file or directory");
  }

  @Test
  void aliasBombIsRefusedAtItsFirstAlias() throws Exception {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *").append(p)
          .append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p)
          .append(", *").append(p).append(", *").append(p).append("]\n");
    }
    Path file = write("bomb.yaml", bomb.toString());

    // Ten levels of ten-fold references would be ten billion nodes; nothing is expanded.
    assertThatThrownBy(() -> reader.read(List.of(file.toString()), NO_STDIN))
        .isInstanceOf(InputException.class)
        .hasMessage(file + ":2: YAML alias *a is not supported; expand anchors and aliases first (`yq 'explode(.)' FILE`)");
  }

  @Test
  void anAliasIsRefusedRatherThanReadAsTheAnchorsName() throws Exception {
    Path file = write("anchors.yaml", """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels: &mesh
            istio-injection: enabled
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: payments
          labels: *mesh
        """);

    assertThatThrownBy(() -> reader.read(List.of(file.toString()), NO_STDIN))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(file + ":12: YAML alias *mesh is not supported");
  }
}
