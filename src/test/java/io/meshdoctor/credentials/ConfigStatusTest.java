package io.meshdoctor.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigStatusTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"status\": \"OK\", \"metadataAttributesErrors\": {}}",
      "{\"partnerMetadataConfigsErrors\": {}}",
      "{\"status\": \"Ok\"}",
      "{\"status\": \"ok\", \"metadataAttributesErrors\": null, \"somethingNew\": {\"a\": [1, 2]}, \"fooErrors\": []}"})
  void bothPublishedShapesUnknownFieldsAndAnyCaseOfOkAreHealthy(String json) {
    ConfigStatus status = ConfigStatus.parse(json);

    assertThat(status.healthy()).isTrue();
    assertThat(status.describe()).isEmpty();
  }

  @Test
  void nonEmptyErrorMapsAreQuotedByName() {
    ConfigStatus status = ConfigStatus.parse("""
        {"status": "OK",
         "metadataAttributesErrors": {"iam.googleapis.com/workload-identity": "missing attribute value"},
         "partnerMetadataConfigsErrors": {"wc.compute.googleapis.com": {"code": "INTERNAL_ERROR", "message": "try later"}}}
        """);

    assertThat(status.healthy()).isFalse();
    assertThat(status.errors()).containsOnlyKeys("metadataAttributesErrors", "partnerMetadataConfigsErrors");
    assertThat(status.describe())
        .isEqualTo("metadataAttributesErrors {\"iam.googleapis.com/workload-identity\":\"missing attribute value\"}; "
            + "partnerMetadataConfigsErrors {\"wc.compute.googleapis.com\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"try later\"}}");
    assertThat(status.mentions("internal_error")).isTrue();
  }

  @Test
  void aStatusOtherThanOkIsUnhealthyEvenWithoutErrors() {
    ConfigStatus status = ConfigStatus.parse("{\"status\": \"workload certificate feature not enabled\"}");

    assertThat(status.healthy()).isFalse();
    assertThat(status.describe()).isEqualTo("status \"workload certificate feature not enabled\"");
    assertThat(status.mentions("Workload Certificate Feature Not Enabled")).isTrue();
  }

  @Test
  void wrongTypesAreTakenAsTheyCome() {
    ConfigStatus numeric = ConfigStatus.parse("{\"status\": 5, \"metadataAttributesErrors\": \"boom\"}");

    assertThat(numeric.healthy()).isFalse();
    assertThat(numeric.problem()).isNull();
    assertThat(numeric.describe()).isEqualTo("status \"5\"; metadataAttributesErrors \"boom\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"status\": \"OK\", \"metadataAttri", "[\"OK\"]", "", "   \n", "OK", "null"})
  void malformedTextIsAProblemWithTheTextQuoted(String text) {
    ConfigStatus status = ConfigStatus.parse(text);

    assertThat(status.healthy()).isFalse();
    assertThat(status.problem()).isNotBlank();
    assertThat(status.describe()).startsWith(status.problem()).contains("\"" + text.strip() + "\"");
  }

  @Test
  void truncatedJsonSaysWhere() {
    assertThat(ConfigStatus.parse("{\"status\": \"OK\",").problem()).startsWith("is not valid JSON (").contains("line 1");
  }

  @Test
  void longContentIsCutInQuotes() {
    ConfigStatus status = ConfigStatus.parse("{\"xErrors\": {\"a\": \"" + "y".repeat(1000) + "\"}}");

    assertThat(status.describe()).hasSizeLessThan(350).endsWith("…");
  }
}
