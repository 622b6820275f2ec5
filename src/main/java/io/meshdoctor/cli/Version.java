package io.meshdoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The build's version, from a resource Maven fills in. */
public final class Version implements CommandLine.IVersionProvider {
  public static String current() {
    try (InputStream in = Version.class.getResourceAsStream("/io/meshdoctor/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"mesh-cert-doctor " + current()};
  }
}
