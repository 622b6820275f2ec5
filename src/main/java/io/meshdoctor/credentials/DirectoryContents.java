package io.meshdoctor.credentials;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one consistent read of a credentials directory found.
 *
 * @param dir the directory as the user named it; findings name files under it, not under the
 *     timestamped directory it links to, which the next refresh deletes
 * @param target the real directory read, or null when {@code dir} does not exist
 * @param danglingLink where {@code dir} points when it is a symbolic link to nothing, else null
 * @param files the text of each credential file present
 */
public record DirectoryContents(Path dir, Path target, Path danglingLink, Map<CredentialFile, String> files) {

  public DirectoryContents {
    Map<CredentialFile, String> copy = new EnumMap<>(CredentialFile.class);
    copy.putAll(files);
    files = Collections.unmodifiableMap(copy);
  }

  static DirectoryContents missing(Path dir, Path danglingLink) {
    return new DirectoryContents(dir, null, danglingLink, Map.of());
  }

  public boolean exists() {
    return target != null;
  }

  public boolean has(CredentialFile file) {
    return files.containsKey(file);
  }

  public Optional<String> text(CredentialFile file) {
    return Optional.ofNullable(files.get(file));
  }

  /** The file's path under {@link #dir()}, as messages and report locations show it. */
  public Path path(CredentialFile file) {
    return dir.resolve(file.fileName());
  }

  /**
   * The newer gRPC path of the Compute Engine guest agent: {@code trust_bundles.json} and no
   * {@code config_status}. There the agent writes {@code private_key.pem} only when it got a key,
   * because the key may be deliberately kept from the guest.
   */
  public boolean grpcLayout() {
    return has(CredentialFile.TRUST_BUNDLES) && !has(CredentialFile.CONFIG_STATUS);
  }
}
