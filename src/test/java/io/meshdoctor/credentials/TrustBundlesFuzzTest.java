package io.meshdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meshdoctor.pki.PkiException;
import io.meshdoctor.testing.Fuzzing;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** {@code trust_bundles.json}: a SPIFFE bundle map written by the guest agent. */
class TrustBundlesFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(byte[] input) {
    TrustBundles bundles;
    try {
      bundles = TrustBundles.parse(new String(input, StandardCharsets.UTF_8));
    } catch (PkiException e) {
      Fuzzing.assertClearError(e);
      return;
    }
    for (String domain : bundles.domains()) {
      assertThat(domain).isEqualTo(domain.toLowerCase(Locale.ROOT));
      assertThat(bundles.forDomain(domain)).isPresent();
    }
  }
}
