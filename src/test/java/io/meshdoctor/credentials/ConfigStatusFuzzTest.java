package io.meshdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** {@code config_status} as the guest agent or the metadata server wrote it, or as a disk left it. */
class ConfigStatusFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(byte[] input) {
    ConfigStatus status = ConfigStatus.parse(new String(input, StandardCharsets.UTF_8));
    // Never throws: unreadable text is a problem the inspector quotes (MCD503).
    if (status.healthy()) {
      assertThat(status.describe()).isEmpty();
    } else {
      assertThat(status.describe()).isNotBlank();
    }
    assertThat(status.problem() == null || status.errors().isEmpty()).isTrue();
    status.mentions("INTERNAL_ERROR");
  }
}
