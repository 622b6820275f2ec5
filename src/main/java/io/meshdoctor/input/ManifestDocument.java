package io.meshdoctor.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshdoctor.snapshot.Origin;

/** One object-shaped YAML or JSON value read from a file, with where it started. */
public record ManifestDocument(JsonNode node, Origin origin) {}
