package io.meshdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshdoctor.input.InputException;
import io.meshdoctor.testing.CredentialsFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsDirectoryTest {
  private static final Instant FIRST = Instant.parse("2026-11-22T11:50:00Z");
  private static final Instant SECOND = Instant.parse("2026-11-22T12:00:00Z");

  @TempDir Path parent;

  @Test
  void readsTheCredentialFilesPresent() throws Exception {
    Path dir = CredentialsFixture.vm().writeTo(parent.resolve("creds"));
    Files.writeString(dir.resolve("unrelated.txt"), "ignored");

    DirectoryContents contents = new CredentialsDirectory().read(dir);

    assertThat(contents.exists()).isTrue();
    assertThat(contents.files()).containsOnlyKeys(
        CredentialFile.CONFIG_STATUS, CredentialFile.CERTIFICATES, CredentialFile.PRIVATE_KEY, CredentialFile.CA_CERTIFICATES);
    assertThat(contents.text(CredentialFile.CONFIG_STATUS)).contains(CredentialsFixture.CONFIG_OK);
    assertThat(contents.grpcLayout()).isFalse();
    assertThat(CredentialsFixture.grpc().contents(parent.resolve("grpc")).grpcLayout()).isTrue();
  }

  @Test
  void followsTheSymbolicLinkButNamesFilesUnderIt() throws Exception {
    Path link = CredentialsFixture.vm().writeLinked(parent, "workload-spiffe-credentials", FIRST);

    DirectoryContents contents = new CredentialsDirectory().read(link);

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(contents.target()).isEqualTo(parent.toRealPath().resolve("workload-spiffe-contents-" + FIRST));
    assertThat(contents.path(CredentialFile.CERTIFICATES)).isEqualTo(link.resolve("certificates.pem"));
    assertThat(contents.has(CredentialFile.CERTIFICATES)).isTrue();
  }

  @Test
  void aMissingDirectoryIsReportedNotThrown() throws Exception {
    DirectoryContents contents = new CredentialsDirectory().read(parent.resolve("nothing-here"));

    assertThat(contents.exists()).isFalse();
    assertThat(contents.danglingLink()).isNull();
    assertThat(contents.files()).isEmpty();
  }

  @Test
  void aLinkToNothingIsMissingAndSaysWhereItPoints() throws Exception {
    Path link = Files.createSymbolicLink(parent.resolve("workload-spiffe-credentials"), Path.of("workload-spiffe-contents-" + FIRST));

    DirectoryContents contents = new CredentialsDirectory().read(link);

    assertThat(contents.exists()).isFalse();
    assertThat(contents.danglingLink()).isEqualTo(Path.of("workload-spiffe-contents-" + FIRST));
  }

  @Test
  void aRefreshInTheMiddleOfTheReadIsRetriedOnceAndGivesOneGeneration() throws Exception {
    Path link = CredentialsFixture.vm().with(CredentialFile.CONFIG_STATUS, "first").writeLinked(parent, "workload-spiffe-credentials", FIRST);
    AtomicInteger reads = new AtomicInteger();
    List<Path> read = new ArrayList<>();
    CredentialsDirectory directory = new CredentialsDirectory(file -> {
      if (reads.incrementAndGet() == 2) {
        // What the guest agent does: write a new directory, swap the link, delete the old one.
        refresh(link, "second", SECOND);
      }
      read.add(file);
      return Files.readAllBytes(file);
    });

    DirectoryContents contents = directory.read(link);

    assertThat(contents.text(CredentialFile.CONFIG_STATUS)).contains("second");
    assertThat(contents.target().getFileName()).hasToString("workload-spiffe-contents-" + SECOND);
    assertThat(contents.files()).hasSize(4);
    assertThat(read).anyMatch(p -> p.toString().contains(FIRST.toString())).anyMatch(p -> p.toString().contains(SECOND.toString()));
  }

  @Test
  void aLinkSwappedAfterEveryFileWasReadIsRetriedToo() throws Exception {
    Path link = CredentialsFixture.vm().with(CredentialFile.CONFIG_STATUS, "first").writeLinked(parent, "workload-spiffe-credentials", FIRST);
    AtomicInteger reads = new AtomicInteger();
    CredentialsDirectory directory = new CredentialsDirectory(file -> {
      byte[] bytes = Files.readAllBytes(file);
      if (reads.incrementAndGet() == 4) {
        // The old directory stays behind for a moment: nothing vanished, but the link moved on.
        CredentialsFixture.vm().with(CredentialFile.CONFIG_STATUS, "second").writeLinked(parent, "workload-spiffe-credentials", SECOND);
      }
      return bytes;
    });

    assertThat(directory.read(link).text(CredentialFile.CONFIG_STATUS)).contains("second");
  }

  @Test
  void twoRefreshesDuringTwoReadsAreAnError() throws Exception {
    Path link = CredentialsFixture.vm().writeLinked(parent, "workload-spiffe-credentials", FIRST);
    AtomicInteger refreshes = new AtomicInteger();
    CredentialsDirectory directory = new CredentialsDirectory(file -> {
      refresh(link, "again", FIRST.plusSeconds(600L * refreshes.incrementAndGet()));
      return Files.readAllBytes(file);
    });

    assertThatThrownBy(() -> directory.read(link))
        .isInstanceOf(InputException.class)
        .hasMessage(link + ": changed twice while being read (credentials being refreshed); run the command again");
  }

  @Test
  void aFileInsteadOfADirectoryIsAnError() throws Exception {
    Path file = Files.writeString(parent.resolve("certificates.pem"), "x");

    assertThatThrownBy(() -> new CredentialsDirectory().read(file)).isInstanceOf(InputException.class).hasMessage(file + ": not a directory");
  }

  @Test
  void anUnreadableCredentialFileIsAnErrorNamingIt() throws Exception {
    Path dir = Files.createDirectories(parent.resolve("creds"));
    Files.createDirectory(dir.resolve("certificates.pem"));

    assertThatThrownBy(() -> new CredentialsDirectory().read(dir))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(dir.resolve("certificates.pem") + ": cannot read (");
  }

  @Test
  void bytesThatAreNotUtf8DoNotStopTheRead() throws Exception {
    Path dir = Files.createDirectories(parent.resolve("creds"));
    Files.write(dir.resolve("config_status"), new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});

    assertThat(new CredentialsDirectory().read(dir).text(CredentialFile.CONFIG_STATUS)).contains("\uFFFD\uFFFDx");
  }

  /** Writes a new generation, points the link at it and deletes the previous one. */
  private void refresh(Path link, String configStatus, Instant at) {
    try {
      Path old = link.toRealPath();
      Path fresh = CredentialsFixture.vm().with(CredentialFile.CONFIG_STATUS, configStatus).writeTo(parent.resolve("workload-spiffe-contents-" + at));
      Path swap = parent.resolve("link.tmp");
      Files.createSymbolicLink(swap, fresh.getFileName());
      Files.move(swap, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (Stream<Path> files = Files.list(old)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(old);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
