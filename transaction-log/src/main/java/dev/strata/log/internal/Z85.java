package dev.strata.log.internal;

import java.nio.ByteBuffer;
import java.util.UUID;

/** The Z85 (base-85) variant Delta uses to encode deletion-vector UUIDs and inline bitmaps. */
final class Z85 {
  private Z85() {}

  private static final String ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
  private static final int[] DECODE = new int[128];

  static {
    java.util.Arrays.fill(DECODE, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      DECODE[ALPHABET.charAt(i)] = i;
    }
  }

  /** Decodes groups of 5 characters into 4 bytes each (big-endian). */
  static byte[] decode(String encoded) {
    if (encoded.length() % 5 != 0) {
      throw new IllegalArgumentException(
          "Z85 text length is not a multiple of 5: " + encoded.length());
    }
    ByteBuffer out = ByteBuffer.allocate(encoded.length() / 5 * 4);
    for (int i = 0; i < encoded.length(); i += 5) {
      long value = 0;
      for (int j = 0; j < 5; j++) {
        char c = encoded.charAt(i + j);
        int d = c < 128 ? DECODE[c] : -1;
        if (d < 0) {
          throw new IllegalArgumentException("Not a Z85 character: '" + c + "'");
        }
        value = value * 85 + d;
      }
      out.putInt((int) value);
    }
    return out.array();
  }

  static String encode(byte[] data) {
    if (data.length % 4 != 0) {
      throw new IllegalArgumentException("Z85 input length is not a multiple of 4");
    }
    StringBuilder sb = new StringBuilder(data.length / 4 * 5);
    ByteBuffer in = ByteBuffer.wrap(data);
    char[] group = new char[5];
    while (in.hasRemaining()) {
      long value = in.getInt() & 0xFFFFFFFFL;
      for (int j = 4; j >= 0; j--) {
        group[j] = ALPHABET.charAt((int) (value % 85));
        value /= 85;
      }
      sb.append(group);
    }
    return sb.toString();
  }

  static UUID decodeUuid(String encoded) {
    ByteBuffer b = ByteBuffer.wrap(decode(encoded));
    return new UUID(b.getLong(), b.getLong());
  }

  static String encodeUuid(UUID uuid) {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return encode(b.array());
  }
}
