package io.meshdoctor.pki;

/** One `-----BEGIN TYPE-----` block with its decoded content. */
public record PemBlock(String type, byte[] content) {}
