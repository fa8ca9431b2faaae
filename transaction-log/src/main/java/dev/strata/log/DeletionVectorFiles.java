package dev.strata.log;

import dev.strata.format.Storage;
import dev.strata.log.internal.DeletionVectors;
import org.roaringbitmap.longlong.LongIterator;
import org.roaringbitmap.longlong.Roaring64NavigableMap;

/**
 * Reading and writing deletion vectors (the deleted row indexes of a data file) in Delta's format,
 * with the same codec the scan uses. Row indexes are 0-based positions in the physical Parquet
 * file.
 */
public final class DeletionVectorFiles {
  private DeletionVectorFiles() {}

  /** The name prefix of deletion vector files ({@code deletion_vector_<uuid>.bin}). */
  public static final String FILE_PREFIX = DeletionVectors.FILE_PREFIX;

  /** Whether the table property {@code delta.enableDeletionVectors} is true. */
  public static boolean enabled(Snapshot snapshot) {
    return "true"
            .equalsIgnoreCase(
                snapshot
                    .configuration()
                    .getOrDefault(TableProperties.ENABLE_DELETION_VECTORS, "false")
                    .trim())
        && snapshot.protocol().hasWriterFeature(TableProperties.DELETION_VECTORS_FEATURE);
  }

  /**
   * The deleted rows of {@code file} (empty when it has no deletion vector).
   *
   * @param version the version whose log references the file (named in errors)
   * @throws dev.strata.format.CorruptFileException naming table, version and files when the vector
   *     is missing or damaged
   */
  public static Roaring64NavigableMap read(
      Storage storage, String tablePath, long version, AddFile file) {
    if (file.deletionVector() == null) {
      return new Roaring64NavigableMap();
    }
    return DeletionVectors.load(storage, tablePath, version, file.deletionVector(), file.path());
  }

  /** The absolute storage path of an on-disk vector; null for inline vectors. */
  public static String path(String tablePath, DeletionVectorDescriptor dv) {
    return dv == null || dv.isInline() ? null : DeletionVectors.path(tablePath, dv);
  }

  /** Starts a new deletion vector file for one commit; vectors are added to it in turn. */
  public static Writer writer() {
    return new Writer(new DeletionVectors.FileWriter());
  }

  /** One deletion vector file being assembled. */
  public static final class Writer {
    private final DeletionVectors.FileWriter file;

    private Writer(DeletionVectors.FileWriter file) {
      this.file = file;
    }

    /** Appends the vector of {@code rows}; its descriptor is valid once {@link #write} returned. */
    public DeletionVectorDescriptor add(Roaring64NavigableMap rows) {
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("An empty deletion vector is not written");
      }
      return file.add(rows);
    }

    /** How many vectors were added. */
    public int size() {
      return file.size();
    }

    /**
     * Writes the file into the table root (whole or not at all) and returns its path, or null when
     * no vector was added.
     */
    public String write(Storage storage, String tablePath) {
      return file.write(storage, tablePath);
    }
  }

  /**
   * Tells which rows of consecutive batches of a file are not deleted; batches must come in file
   * order, as the Parquet reader returns them without row-group skipping.
   */
  public static final class RowFilter {
    private final LongIterator deleted;
    private long next;

    /** A filter over the rows of a file whose deleted rows are {@code rows}. */
    public RowFilter(Roaring64NavigableMap rows) {
      this.deleted = rows.getLongIterator();
      this.next = deleted.hasNext() ? deleted.next() : Long.MAX_VALUE;
    }

    /**
     * Fills {@code keep} with the positions (0-based in the batch) of the live rows among rows
     * {@code start .. start + n - 1} of the file; returns how many there are.
     */
    public int live(long start, int n, int[] keep) {
      while (next < start) {
        next = deleted.hasNext() ? deleted.next() : Long.MAX_VALUE;
      }
      long end = start + n;
      if (next >= end) {
        for (int i = 0; i < n; i++) {
          keep[i] = i;
        }
        return n;
      }
      int kept = 0;
      for (long row = start; row < end; row++) {
        if (row == next) {
          next = deleted.hasNext() ? deleted.next() : Long.MAX_VALUE;
        } else {
          keep[kept++] = (int) (row - start);
        }
      }
      return kept;
    }
  }
}
