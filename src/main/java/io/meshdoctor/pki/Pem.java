package io.meshdoctor.pki;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Reads PEM text: blocks in order, text between blocks ignored, a broken block is an error. */
public final class Pem {
  private static final ParseCache<List<CertificateInfo>> CERTIFICATES = new ParseCache<>(2048);

  private Pem() {}

  public static List<PemBlock> blocks(String text) throws PkiException {
    if (text == null || text.isBlank()) {
      throw new PkiException("empty");
    }
    List<PemBlock> blocks = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(text))) {
      PemObject object;
      while ((object = reader.readPemObject()) != null) {
        blocks.add(new PemBlock(object.getType(), object.getContent()));
      }
    } catch (IOException | RuntimeException e) {
      throw new PkiException("malformed PEM block (" + describe(e) + ")", e);
    }
    if (blocks.isEmpty()) {
      throw new PkiException("no PEM block found");
    }
    return blocks;
  }

  /** Every CERTIFICATE block of the text, parsed; other block types are skipped. */
  public static List<CertificateInfo> certificates(String text) throws PkiException {
    if (text == null) {
      throw new PkiException("empty");
    }
    return CERTIFICATES.get(text, Pem::parseCertificates);
  }

  private static List<CertificateInfo> parseCertificates(String text) throws PkiException {
    List<CertificateInfo> certificates = new ArrayList<>();
    for (PemBlock block : blocks(text)) {
      if ("CERTIFICATE".equals(block.type())) {
        certificates.add(CertificateInfo.parse(block.content()));
      }
    }
    if (certificates.isEmpty()) {
      throw new PkiException("no CERTIFICATE block found");
    }
    return List.copyOf(certificates);
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
