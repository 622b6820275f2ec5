package io.meshdoctor.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.meshdoctor.snapshot.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads Kubernetes manifests: files, directories (recursively, `.yaml`, `.yml`, `.json`) and
 * standard input (`-`); multi-document YAML, JSON, `kind: List` and `kubectl get -o yaml` output.
 * Each object keeps the line it starts on, including items of a List.
 */
public final class ManifestReader {
  /** Large dumps are legitimate; nesting stays capped (Jackson's 1000 levels) and aliases are refused. */
  private static final int CODE_POINT_LIMIT = 512 * 1024 * 1024;

  /**
   * Longest YAML line read. SnakeYAML scans a line in time that grows with the square of its length
   * (seconds at 4 MiB, hours at 100 MiB), and no Kubernetes object holds more than 1.5 MiB.
   */
  static final int MAX_YAML_LINE = 4 * 1024 * 1024;

  private final JsonFactory yaml;
  private final JsonFactory json;
  private final ObjectMapper yamlMapper;
  private final ObjectMapper jsonMapper;

  public ManifestReader() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(CODE_POINT_LIMIT);
    this.yaml = YAMLFactory.builder().loaderOptions(options).build().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.json = JsonFactory.builder().build().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.yamlMapper = new ObjectMapper(yaml);
    this.jsonMapper = new ObjectMapper(json);
  }

  /** Reads every path; {@code stdin} backs the path `-`. */
  public List<ManifestDocument> read(List<String> paths, InputStream stdin) throws InputException {
    List<ManifestDocument> documents = new ArrayList<>();
    for (String path : paths) {
      if (path.equals("-")) {
        String text;
        try {
          text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new InputException("-: cannot read standard input: " + e.getMessage(), e);
        }
        documents.addAll(parse("-", text, looksLikeJson(text)));
      } else {
        readPath(Path.of(path), path, documents);
      }
    }
    return documents;
  }

  private void readPath(Path path, String display, List<ManifestDocument> documents) throws InputException {
    if (Files.isDirectory(path)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(path)) {
        files = walk.filter(Files::isRegularFile).filter(ManifestReader::isManifest).sorted().toList();
      } catch (IOException e) {
        throw new InputException(display + ": cannot list directory: " + e.getMessage(), e);
      }
      for (Path file : files) {
        readFile(file, file.toString(), documents);
      }
    } else {
      readFile(path, display, documents);
    }
  }

  private void readFile(Path file, String display, List<ManifestDocument> documents) throws InputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InputException(display + ": no such file or directory", e);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new InputException(display + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw new InputException(display + ": cannot read: " + e.getMessage(), e);
    }
    boolean isJson = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") || looksLikeJson(text);
    documents.addAll(parse(display, text, isJson));
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private static boolean looksLikeJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  /** Parses one file's text into its object documents. */
  List<ManifestDocument> parse(String file, String text, boolean isJson) throws InputException {
    if (!isJson) {
      refuseLongLines(file, text);
    }
    List<ManifestDocument> documents = new ArrayList<>();
    ObjectMapper mapper = isJson ? jsonMapper : yamlMapper;
    try (Reader reader = new StringReader(text);
        JsonParser parser = isJson ? json.createParser(reader) : new AliasRefusing(yaml.createParser(reader))) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        int line = parser.currentTokenLocation().getLineNr();
        switch (token) {
          case START_OBJECT -> documents.addAll(readObject(parser, mapper, file, line));
          case START_ARRAY -> {
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              int itemLine = parser.currentTokenLocation().getLineNr();
              JsonNode item = mapper.readTree(parser);
              documents.add(new ManifestDocument(item, new Origin(file, itemLine)));
            }
          }
          case VALUE_NULL -> { }
          default -> {
            JsonNode scalar = mapper.readTree(parser);
            // An empty document between two `---` separators reads as an empty string.
            if (!(scalar.isTextual() && scalar.asText().isBlank())) {
              documents.add(new ManifestDocument(scalar, new Origin(file, line)));
            }
          }
        }
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InputException((line > 0 ? file + ":" + line : file) + ": " + oneLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new InputException(file + ": " + oneLine(e.getMessage()), e);
    }
    return documents;
  }

  private static void refuseLongLines(String file, String text) throws InputException {
    int line = 1;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        if (i - start > MAX_YAML_LINE) {
          throw new InputException(file + ":" + line + ": a YAML line of " + (i - start) + " characters, over the " + MAX_YAML_LINE
              + " this reader takes (no Kubernetes object exceeds 1.5 MiB); analyse the dump as JSON (`kubectl get -o json`)");
        }
        line++;
        start = i + 1;
      }
    }
  }

  /**
   * Reads a root object field by field so that the items of a List keep their own line numbers;
   * the List itself is unwrapped into its items.
   */
  private List<ManifestDocument> readObject(JsonParser parser, ObjectMapper mapper, String file, int line) throws IOException {
    ObjectNode root = mapper.createObjectNode();
    List<ManifestDocument> items = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (root.has(name) || ("items".equals(name) && items != null)) {
        throw new com.fasterxml.jackson.core.JsonParseException(parser, "duplicate field '" + name + "'");
      }
      if ("items".equals(name) && value == JsonToken.START_ARRAY) {
        items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          int itemLine = parser.currentTokenLocation().getLineNr();
          items.add(new ManifestDocument(mapper.readTree(parser), new Origin(file, itemLine)));
        }
      } else {
        root.set(name, mapper.readTree(parser));
      }
    }
    String kind = root.path("kind").asText("");
    if (items != null && (kind.equals("List") || kind.endsWith("List"))) {
      return items;
    }
    if (items != null) {
      root.set("items", mapper.valueToTree(items.stream().map(ManifestDocument::node).toList()));
    }
    return List.of(new ManifestDocument(root, new Origin(file, line)));
  }

  /**
   * Refuses YAML aliases. The YAML parser reports an alias as a string holding the anchor's name, so
   * reading on would silently replace shared content by that name; expanding instead would need a
   * cap against alias bombs. `kubectl get -o yaml` never writes anchors, and hand-written ones are
   * one `yq 'explode(.)'` away from plain YAML.
   */
  private static final class AliasRefusing extends JsonParserDelegate {
    AliasRefusing(JsonParser yaml) {
      super(yaml);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      return refuseAlias(super.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
      return refuseAlias(super.nextValue());
    }

    private JsonToken refuseAlias(JsonToken token) throws IOException {
      if (delegate instanceof YAMLParser parser && parser.isCurrentAlias()) {
        throw new JsonParseException(this, "YAML alias *" + parser.getText()
            + " is not supported; expand anchors and aliases first (`yq 'explode(.)' FILE`)");
      }
      return token;
    }
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String flat = message.replaceAll("\\s*\\R\\s*", " ").trim();
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }
}
