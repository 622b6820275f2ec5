package io.meshdoctor.credentials;

import io.meshdoctor.input.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a workload-credentials directory consistently. On Compute Engine the directory is a
 * symbolic link that each refresh swaps to a new timestamped directory before deleting the old one;
 * in GKE pods the files may themselves be links into a directory that is swapped the same way. A
 * read that races a refresh (a file vanishes, or a link points elsewhere afterwards) is retried
 * once, so certificate and key always come from the same generation.
 */
public final class CredentialsDirectory {
  /** Reads one file's bytes; tests substitute it to refresh the directory in the middle of a read. */
  @FunctionalInterface
  interface FileSource {
    byte[] read(Path file) throws IOException;
  }

  private final FileSource source;

  public CredentialsDirectory() {
    this(Files::readAllBytes);
  }

  CredentialsDirectory(FileSource source) {
    this.source = source;
  }

  public DirectoryContents read(Path dir) throws InputException {
    for (int attempt = 0; attempt < 2; attempt++) {
      Optional<DirectoryContents> contents = attempt(dir);
      if (contents.isPresent()) {
        return contents.get();
      }
    }
    throw new InputException(dir + ": changed twice while being read (credentials being refreshed); run the command again");
  }

  /** The directory's contents, or empty when it changed during the read. */
  private Optional<DirectoryContents> attempt(Path dir) throws InputException {
    Path target;
    try {
      target = dir.toRealPath();
    } catch (NoSuchFileException e) {
      return Optional.of(DirectoryContents.missing(dir, danglingLink(dir)));
    } catch (IOException e) {
      throw unreadable(dir, e);
    }
    if (!Files.isDirectory(target)) {
      throw new InputException(dir + ": not a directory");
    }
    Set<String> names = new HashSet<>();
    try (Stream<Path> entries = Files.list(target)) {
      entries.forEach(entry -> names.add(entry.getFileName().toString()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw unreadable(dir, e);
    }
    Map<CredentialFile, Path> realPaths = new EnumMap<>(CredentialFile.class);
    Map<CredentialFile, String> files = new EnumMap<>(CredentialFile.class);
    for (CredentialFile file : CredentialFile.values()) {
      if (!names.contains(file.fileName())) {
        continue;
      }
      Path path = target.resolve(file.fileName());
      try {
        realPaths.put(file, path.toRealPath());
        // Undecodable bytes become U+FFFD: the checks then report the file as malformed.
        files.put(file, new String(source.read(path), StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw unreadable(dir.resolve(file.fileName()), e);
      }
    }
    return unchanged(dir, target, realPaths) ? Optional.of(new DirectoryContents(dir, target, null, files)) : Optional.empty();
  }

  /** True when the directory and every file read still resolve to where they did before the reads. */
  private static boolean unchanged(Path dir, Path target, Map<CredentialFile, Path> realPaths) {
    try {
      if (!dir.toRealPath().equals(target)) {
        return false;
      }
      for (Map.Entry<CredentialFile, Path> entry : realPaths.entrySet()) {
        if (!target.resolve(entry.getKey().fileName()).toRealPath().equals(entry.getValue())) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path danglingLink(Path dir) {
    if (!Files.isSymbolicLink(dir)) {
      return null;
    }
    try {
      return Files.readSymbolicLink(dir);
    } catch (IOException e) {
      return null;
    }
  }

  private static InputException unreadable(Path path, IOException e) {
    String reason = e instanceof AccessDeniedException ? "permission denied" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new InputException(path + ": cannot read (" + reason + ")", e);
  }
}
