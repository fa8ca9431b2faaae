package dev.strata.log.internal;

import dev.strata.format.CorruptFileException;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import dev.strata.log.DeletionVectorDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.CRC32;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * The one codec for deletion vectors, used by the scan (read) and the writer (write).
 *
 * <p>A vector is Delta's {@code RoaringBitmapArray}: a little-endian magic number, then the 64-bit
 * portable RoaringBitmap serialization (which is what {@link
 * Roaring64NavigableMap#serializePortable} writes). On disk, a {@code deletion_vector_<uuid>.bin}
 * file starts with format version byte 1 and holds one or more vectors, each framed as {@code
 * [size: int32 BE][bitmap][crc32: int32 BE]}; a descriptor's offset points at the size field.
 */
public final class DeletionVectors {
  private DeletionVectors() {}

  static final int PORTABLE_MAGIC = 1681511377;
  static final int NATIVE_MAGIC = 1681511376;

  /** The format version byte at the start of every deletion vector file. */
  static final byte FILE_FORMAT_VERSION = 1;

  /** Name prefix of deletion vector files (VACUUM and tests recognise them by it). */
  public static final String FILE_PREFIX = "deletion_vector_";

  /** The storage path of an on-disk deletion vector. */
  public static String path(String tablePath, DeletionVectorDescriptor dv) {
    String value = dv.pathOrInlineDv();
    switch (dv.storageType()) {
      case "u" -> {
        if (value.length() < 20) {
          throw new IllegalArgumentException("Deletion vector id too short: " + value);
        }
        String prefix = value.substring(0, value.length() - 20);
        UUID uuid = Z85.decodeUuid(value.substring(value.length() - 20));
        String name = FILE_PREFIX + uuid + ".bin";
        return StoragePaths.join(tablePath, prefix.isEmpty() ? name : prefix + "/" + name);
      }
      case "p" -> {
        return PathCodec.resolve(tablePath, value);
      }
      default -> throw new IllegalArgumentException("Not an on-disk deletion vector: " + dv);
    }
  }

  /**
   * Loads the deleted row indexes a descriptor points at, checking size, checksum and cardinality.
   *
   * @param version the table version whose log references the vector (for error messages)
   * @throws CorruptFileException naming the table, version, vector file and data file when the
   *     vector is missing, truncated, fails its checksum or does not match its descriptor
   */
  public static Roaring64NavigableMap load(
      Storage storage,
      String tablePath,
      long version,
      DeletionVectorDescriptor dv,
      String dataFile) {
    byte[] data;
    String where;
    if (dv.isInline()) {
      where = dataFile + " (its inline deletion vector)";
      byte[] decoded;
      try {
        decoded = Z85.decode(dv.pathOrInlineDv());
      } catch (IllegalArgumentException e) {
        throw corrupt(tablePath, version, where, dataFile, "is not valid Z85: " + e.getMessage());
      }
      data = Arrays.copyOf(decoded, Math.min(decoded.length, dv.sizeInBytes()));
    } else {
      String path;
      try {
        path = path(tablePath, dv);
      } catch (IllegalArgumentException e) {
        throw corrupt(tablePath, version, "deletion vector", dataFile, e.getMessage());
      }
      where = path;
      int offset = dv.offset() == null ? 1 : dv.offset();
      byte[] framed;
      try {
        framed = storage.readRange(path, offset, dv.sizeInBytes() + 8);
      } catch (RuntimeException e) {
        boolean missing = !safeExists(storage, path);
        throw corrupt(
            tablePath,
            version,
            where,
            dataFile,
            missing
                ? "is missing"
                : "cannot be read at offset "
                    + offset
                    + " for "
                    + (dv.sizeInBytes() + 8)
                    + " bytes ("
                    + e.getMessage()
                    + ")");
      }
      ByteBuffer frame = ByteBuffer.wrap(framed).order(ByteOrder.BIG_ENDIAN);
      int size = frame.getInt();
      if (size != dv.sizeInBytes()) {
        throw corrupt(
            tablePath,
            version,
            where,
            dataFile,
            "holds a vector of " + size + " bytes but the log says " + dv.sizeInBytes());
      }
      data = new byte[size];
      frame.get(data);
      int expectedCrc = frame.getInt();
      if (crc(data) != expectedCrc) {
        throw corrupt(tablePath, version, where, dataFile, "fails its CRC-32 checksum");
      }
    }
    Roaring64NavigableMap bitmap;
    try {
      bitmap = deserialize(data);
    } catch (IOException | RuntimeException e) {
      throw corrupt(
          tablePath, version, where, dataFile, "is not a valid bitmap (" + e.getMessage() + ")");
    }
    if (bitmap.getLongCardinality() != dv.cardinality()) {
      throw corrupt(
          tablePath,
          version,
          where,
          dataFile,
          "holds " + bitmap.getLongCardinality() + " rows but the log says " + dv.cardinality());
    }
    return bitmap;
  }

  private static boolean safeExists(Storage storage, String path) {
    try {
      return storage.exists(path);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** The vector's bytes: magic number, then the portable 64-bit serialization. */
  public static byte[] serialize(Roaring64NavigableMap rows) {
    rows.runOptimize();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(Integer.reverseBytes(PORTABLE_MAGIC));
      rows.serializePortable(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Parses a vector: portable (what Delta writes) or the legacy native layout. */
  public static Roaring64NavigableMap deserialize(byte[] data) throws IOException {
    if (data.length < 4) {
      throw new IOException("only " + data.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int magic = buffer.getInt();
    Roaring64NavigableMap result = new Roaring64NavigableMap();
    if (magic == PORTABLE_MAGIC) {
      try (DataInputStream in =
          new DataInputStream(new java.io.ByteArrayInputStream(data, 4, data.length - 4))) {
        result.deserializePortable(in);
      }
      return result;
    }
    if (magic != NATIVE_MAGIC) {
      throw new IOException("unexpected magic number " + magic);
    }
    // The native layout is an array of 32-bit bitmaps, each framed by its size, whose index is
    // the high 32 bits of its rows (no keys); Roaring64NavigableMap has no reader for it.
    int count = buffer.getInt();
    if (count < 0) {
      throw new IOException("invalid bitmap count " + count);
    }
    for (int i = 0; i < count; i++) {
      buffer.getInt(); // serialized size of the next bitmap; the bitmap knows its own length
      long high = i;
      RoaringBitmap bitmap = new RoaringBitmap();
      bitmap.deserialize(buffer.slice().order(ByteOrder.LITTLE_ENDIAN));
      buffer.position(buffer.position() + bitmap.serializedSizeInBytes());
      org.roaringbitmap.IntIterator it = bitmap.getIntIterator();
      while (it.hasNext()) {
        result.addLong((high << 32) | (it.next() & 0xFFFFFFFFL));
      }
    }
    return result;
  }

  static int crc(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return (int) crc.getValue();
  }

  /**
   * Accumulates vectors for one new {@code deletion_vector_<uuid>.bin} file; {@link #write} puts it
   * in the table root.
   */
  public static final class FileWriter {
    private final UUID uuid = UUID.randomUUID();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int vectors;

    public FileWriter() {
      bytes.write(FILE_FORMAT_VERSION);
    }

    /** Appends a vector; returns its descriptor (relative, UUID-named, no random prefix). */
    public DeletionVectorDescriptor add(Roaring64NavigableMap rows) {
      byte[] data = serialize(rows);
      int offset = bytes.size();
      ByteBuffer frame = ByteBuffer.allocate(data.length + 8).order(ByteOrder.BIG_ENDIAN);
      frame.putInt(data.length).put(data).putInt(crc(data));
      bytes.write(frame.array(), 0, frame.capacity());
      vectors++;
      return new DeletionVectorDescriptor(
          "u", Z85.encodeUuid(uuid), offset, data.length, rows.getLongCardinality(), null);
    }

    /** How many vectors were added. */
    public int size() {
      return vectors;
    }

    /** The file's path under {@code tablePath}. */
    public String path(String tablePath) {
      return StoragePaths.join(tablePath, FILE_PREFIX + uuid + ".bin");
    }

    /** Writes the file (whole or not at all) and returns its path; nothing when no vector. */
    public String write(Storage storage, String tablePath) {
      if (vectors == 0) {
        return null;
      }
      String path = path(tablePath);
      storage.write(path, bytes.toByteArray());
      return path;
    }
  }

  private static CorruptFileException corrupt(
      String table, long version, String file, String dataFile, String what) {
    return new CorruptFileException(
        file,
        "the deletion vector of data file "
            + dataFile
            + " in table "
            + table
            + " at version "
            + version
            + " "
            + what
            + ". The vector file or the log is damaged; restore the file or RESTORE the table to"
            + " an earlier version.",
        null);
  }
}
