package io.meshdoctor.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;

/** What the checks read of an Event: whom it is about, reason, message, count and times. */
final class EventProjection {
  private EventProjection() {}

  static Event of(Event event) {
    var involved = event.getInvolvedObject();
    return new EventBuilder()
        .withNewMetadata()
        .withName(event.getMetadata().getName())
        .withNamespace(event.getMetadata().getNamespace())
        .withUid(event.getMetadata().getUid())
        .withResourceVersion(event.getMetadata().getResourceVersion())
        .withCreationTimestamp(event.getMetadata().getCreationTimestamp())
        .endMetadata()
        .withInvolvedObject(involved == null ? null : new ObjectReferenceBuilder()
            .withKind(involved.getKind())
            .withName(involved.getName())
            .withNamespace(involved.getNamespace())
            .withUid(involved.getUid())
            .build())
        .withReason(event.getReason())
        .withMessage(event.getMessage())
        .withCount(event.getCount())
        .withFirstTimestamp(event.getFirstTimestamp())
        .withLastTimestamp(event.getLastTimestamp())
        .withEventTime(event.getEventTime())
        .withSeries(event.getSeries())
        .build();
  }
}
