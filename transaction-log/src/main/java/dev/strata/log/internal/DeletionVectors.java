package dev.strata.log.internal;

import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.log.CorruptLogException;
import dev.strata.log.DeletionVectorDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import java.util.zip.CRC32;
import org.roaringbitmap.RoaringBitmap;

/**
 * Loads deletion vectors: the row indexes of a data file that are deleted, stored inline (Z85) or
 * in a {@code deletion_vector_<uuid>.bin} file as {@code [size: int32 BE][bitmap][crc32: int32 BE]}
 * at the descriptor's offset. The bitmap is Delta's RoaringBitmapArray: a little-endian magic
 * number, then 32-bit Roaring bitmaps keyed by the high 32 bits of the row index.
 */
final class DeletionVectors {
  private DeletionVectors() {}

  private static final int PORTABLE_MAGIC = 1681511377;
  private static final int NATIVE_MAGIC = 1681511376;

  /** The deleted row indexes of a file. */
  record Bitmap(long[] keys, RoaringBitmap[] bitmaps) {
    boolean contains(long row) {
      int high = (int) (row >>> 32);
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] == high) {
          return bitmaps[i].contains((int) row);
        }
      }
      return false;
    }

    long cardinality() {
      long n = 0;
      for (RoaringBitmap b : bitmaps) {
        n += b.getLongCardinality();
      }
      return n;
    }
  }

  /** The storage path of an on-disk deletion vector. */
  static String path(String tablePath, DeletionVectorDescriptor dv) {
    String value = dv.pathOrInlineDv();
    switch (dv.storageType()) {
      case "u" -> {
        if (value.length() < 20) {
          throw new IllegalArgumentException("Deletion vector id too short: " + value);
        }
        String prefix = value.substring(0, value.length() - 20);
        UUID uuid = Z85.decodeUuid(value.substring(value.length() - 20));
        String name = "deletion_vector_" + uuid + ".bin";
        return StoragePaths.join(tablePath, prefix.isEmpty() ? name : prefix + "/" + name);
      }
      case "p" -> {
        return PathCodec.resolve(tablePath, value);
      }
      default -> throw new IllegalArgumentException("Not an on-disk deletion vector: " + dv);
    }
  }

  static Bitmap load(
      Storage storage, String tablePath, DeletionVectorDescriptor dv, String dataFile) {
    byte[] data;
    String where;
    if (dv.isInline()) {
      where = "inline deletion vector of " + dataFile;
      byte[] decoded = Z85.decode(dv.pathOrInlineDv());
      data = java.util.Arrays.copyOf(decoded, Math.min(decoded.length, dv.sizeInBytes()));
    } else {
      String path = path(tablePath, dv);
      where = "deletion vector " + path + " of " + dataFile;
      int offset = dv.offset() == null ? 1 : dv.offset();
      byte[] framed = storage.readRange(path, offset, dv.sizeInBytes() + 8);
      ByteBuffer frame = ByteBuffer.wrap(framed).order(ByteOrder.BIG_ENDIAN);
      int size = frame.getInt();
      if (size != dv.sizeInBytes()) {
        throw corrupt(tablePath, where, "size " + size + " but the log says " + dv.sizeInBytes());
      }
      data = new byte[size];
      frame.get(data);
      int expectedCrc = frame.getInt();
      CRC32 crc = new CRC32();
      crc.update(data);
      if ((int) crc.getValue() != expectedCrc) {
        throw corrupt(tablePath, where, "checksum mismatch");
      }
    }
    try {
      Bitmap bitmap = parse(data);
      if (bitmap.cardinality() != dv.cardinality()) {
        throw corrupt(
            tablePath,
            where,
            "holds " + bitmap.cardinality() + " rows but the log says " + dv.cardinality());
      }
      return bitmap;
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptLogException c) {
        throw c;
      }
      throw corrupt(tablePath, where, "is not a valid bitmap (" + e.getMessage() + ")");
    }
  }

  static Bitmap parse(byte[] data) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int magic = buffer.getInt();
    long count;
    if (magic == PORTABLE_MAGIC) {
      count = buffer.getLong();
    } else if (magic == NATIVE_MAGIC) {
      count = buffer.getInt();
    } else {
      throw new IOException("unexpected magic number " + magic);
    }
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw new IOException("invalid bitmap count " + count);
    }
    long[] keys = new long[(int) count];
    RoaringBitmap[] bitmaps = new RoaringBitmap[(int) count];
    for (int i = 0; i < count; i++) {
      if (magic == NATIVE_MAGIC) {
        buffer.getInt(); // serialized size of the next bitmap; the bitmap knows its own length
      }
      keys[i] = buffer.getInt() & 0xFFFFFFFFL;
      RoaringBitmap bitmap = new RoaringBitmap();
      bitmap.deserialize(buffer.slice().order(ByteOrder.LITTLE_ENDIAN));
      buffer.position(buffer.position() + bitmap.serializedSizeInBytes());
      bitmaps[i] = bitmap;
    }
    return new Bitmap(keys, bitmaps);
  }

  private static CorruptLogException corrupt(String table, String where, String what) {
    return new CorruptLogException(
        "Table " + table + ": the " + where + " " + what + ". The file or the log is damaged.");
  }
}
