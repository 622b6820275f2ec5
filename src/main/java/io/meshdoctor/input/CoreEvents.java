package io.meshdoctor.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Maps `events.k8s.io/v1` Events onto the core `v1` Event shape the analysis reads. */
final class CoreEvents {
  private CoreEvents() {}

  static ObjectNode fromEventsApi(ObjectNode event) {
    ObjectNode core = event.objectNode();
    core.put("apiVersion", "v1");
    core.put("kind", "Event");
    copy(event, "metadata", core, "metadata");
    copy(event, "regarding", core, "involvedObject");
    copy(event, "reason", core, "reason");
    copy(event, "note", core, "message");
    copy(event, "type", core, "type");
    copy(event, "eventTime", core, "eventTime");
    copy(event, "series", core, "series");
    copy(event, "deprecatedCount", core, "count");
    copy(event, "deprecatedFirstTimestamp", core, "firstTimestamp");
    copy(event, "deprecatedLastTimestamp", core, "lastTimestamp");
    return core;
  }

  private static void copy(ObjectNode from, String field, ObjectNode to, String as) {
    JsonNode value = from.get(field);
    if (value != null && !value.isNull()) {
      to.set(as, value);
    }
  }
}
