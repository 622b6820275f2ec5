package io.meshdoctor.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * The Argo CD health check, run as Argo CD runs it (util/lua/health_test.go): every case of
 * health_test.yaml against its testdata object, status and message compared exactly.
 */
class ArgoCdHealthTest {
  private static final Path CHECK = Path.of("deploy/examples/argocd/meshdoctor.io/MeshSecurityDiagnosis");

  /** Lua with only the base, package and table libraries, like Argo CD's default sandbox (no string library). */
  private static Map<String, String> health(String script, JsonNode object) {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", lua(object));
    LuaValue result = globals.load(script, "health.lua").call();
    return Map.of("status", result.get("status").tojstring(), "message", result.get("message").tojstring());
  }

  /** A YAML tree as Argo CD hands it to Lua: maps as tables with string keys, lists as 1-based tables. */
  private static LuaValue lua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      node.properties().forEach(e -> table.set(e.getKey(), lua(e.getValue())));
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.asLong());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }

  @TestFactory
  Stream<DynamicTest> healthTestCases() throws IOException {
    String script = Files.readString(CHECK.resolve("health.lua"));
    JsonNode tests = Manifests.read(CHECK.resolve("health_test.yaml")).path("tests");
    assertThat(tests).hasSizeGreaterThanOrEqualTo(5);
    return StreamSupport.stream(tests.spliterator(), false).map(test -> DynamicTest.dynamicTest(test.path("inputPath").asText(), () -> {
      JsonNode object = Manifests.read(CHECK.resolve(test.path("inputPath").asText()));
      assertThat(health(script, object)).isEqualTo(Map.of(
          "status", test.at("/healthStatus/status").asText(),
          "message", test.at("/healthStatus/message").asText()));
    }));
  }

  @Test
  void everyTestdataFileHasACase() throws IOException {
    JsonNode tests = Manifests.read(CHECK.resolve("health_test.yaml")).path("tests");
    List<String> inputs = StreamSupport.stream(tests.spliterator(), false).map(t -> t.path("inputPath").asText()).toList();
    try (Stream<Path> files = Files.list(CHECK.resolve("testdata"))) {
      assertThat(files.map(f -> "testdata/" + f.getFileName())).containsExactlyInAnyOrderElementsOf(inputs);
    }
  }

  @Test
  void argocdConfigMapCarriesTheTestedScript() throws IOException {
    JsonNode configMap = Manifests.read(Path.of("deploy/examples/argocd/argocd-cm.yaml"));

    assertThat(configMap.at("/metadata/name").asText()).isEqualTo("argocd-cm");
    assertThat(configMap.path("data").path("resource.customizations.health.meshdoctor.io_MeshSecurityDiagnosis").asText())
        .isEqualTo(Files.readString(CHECK.resolve("health.lua")));
  }
}
