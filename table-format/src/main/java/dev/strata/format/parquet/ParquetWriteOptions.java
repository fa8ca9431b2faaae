package dev.strata.format.parquet;

import java.util.Locale;
import java.util.Map;

/**
 * How {@link ParquetDataWriter} encodes a file. Build with {@link #builder()}; {@link #defaults()}
 * is what Strata writes unless told otherwise.
 *
 * @param codec the compression codec of every column chunk
 * @param rowGroupSize target row group size in bytes; a writer holds about one row group in heap
 * @param pageSize target page size in bytes
 * @param numIndexedCols statistics for the first this many leaf columns ({@code
 *     delta.dataSkippingNumIndexedCols}); -1 for all
 * @param stringPrefixLength string min/max statistics are truncated to this many characters
 * @param dictionary when columns use dictionary encoding
 * @param dictionaryOverrides per-column (top-level name or dotted leaf path) choice, winning over
 *     {@code dictionary}
 */
public record ParquetWriteOptions(
    Codec codec,
    long rowGroupSize,
    int pageSize,
    int numIndexedCols,
    int stringPrefixLength,
    DictionaryMode dictionary,
    Map<String, Boolean> dictionaryOverrides) {

  /** Default row group size: 128 MiB, as Spark writes. */
  public static final long DEFAULT_ROW_GROUP_SIZE = 128L * 1024 * 1024;

  /** Default page size: 1 MiB. */
  public static final int DEFAULT_PAGE_SIZE = 1024 * 1024;

  /** Default number of leaf columns with statistics ({@code delta.dataSkippingNumIndexedCols}). */
  public static final int DEFAULT_NUM_INDEXED_COLS = 32;

  /** Default string statistics prefix ({@code delta.dataSkippingStringPrefixLength}). */
  public static final int DEFAULT_STRING_PREFIX_LENGTH = 32;

  /** Compression codecs. */
  public enum Codec {
    SNAPPY,
    ZSTD,
    GZIP,
    NONE;

    /**
     * The codec of a Delta/Spark name ({@code snappy}, {@code zstd}, {@code gzip}, {@code
     * none}/{@code uncompressed}).
     */
    public static Codec fromName(String name) {
      String n = name.trim().toUpperCase(Locale.ROOT);
      if (n.equals("UNCOMPRESSED")) {
        return NONE;
      }
      try {
        return valueOf(n);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Unknown Parquet codec '" + name + "': use snappy, zstd, gzip or none", e);
      }
    }

    /** The file name infix Spark uses ({@code part-...c000.snappy.parquet}); empty for none. */
    public String fileSuffix() {
      return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
    }
  }

  /** When to dictionary-encode a column. */
  public enum DictionaryMode {
    /**
     * Decide per column from the first batch: dictionary only where few distinct values repeat
     * (dictionary encoding costs CPU and only pays off at low cardinality).
     */
    AUTO,
    ALWAYS,
    NEVER
  }

  public ParquetWriteOptions {
    if (codec == null || dictionary == null) {
      throw new IllegalArgumentException("codec and dictionary mode are required");
    }
    if (rowGroupSize <= 0 || pageSize <= 0) {
      throw new IllegalArgumentException("row group and page sizes must be positive");
    }
    if (numIndexedCols < -1) {
      throw new IllegalArgumentException("numIndexedCols must be -1 (all) or >= 0");
    }
    if (stringPrefixLength < 1) {
      throw new IllegalArgumentException("stringPrefixLength must be positive");
    }
    dictionaryOverrides = dictionaryOverrides == null ? Map.of() : Map.copyOf(dictionaryOverrides);
  }

  /** Snappy, 128 MiB row groups, 1 MiB pages, 32 indexed columns, automatic dictionaries. */
  public static ParquetWriteOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.codec = codec;
    b.rowGroupSize = rowGroupSize;
    b.pageSize = pageSize;
    b.numIndexedCols = numIndexedCols;
    b.stringPrefixLength = stringPrefixLength;
    b.dictionary = dictionary;
    b.dictionaryOverrides = dictionaryOverrides;
    return b;
  }

  /** Builds {@link ParquetWriteOptions}. */
  public static final class Builder {
    private Codec codec = Codec.SNAPPY;
    private long rowGroupSize = DEFAULT_ROW_GROUP_SIZE;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private int numIndexedCols = DEFAULT_NUM_INDEXED_COLS;
    private int stringPrefixLength = DEFAULT_STRING_PREFIX_LENGTH;
    private DictionaryMode dictionary = DictionaryMode.AUTO;
    private Map<String, Boolean> dictionaryOverrides = Map.of();

    private Builder() {}

    public Builder codec(Codec value) {
      this.codec = value;
      return this;
    }

    public Builder rowGroupSize(long bytes) {
      this.rowGroupSize = bytes;
      return this;
    }

    public Builder pageSize(int bytes) {
      this.pageSize = bytes;
      return this;
    }

    public Builder numIndexedCols(int value) {
      this.numIndexedCols = value;
      return this;
    }

    public Builder stringPrefixLength(int value) {
      this.stringPrefixLength = value;
      return this;
    }

    public Builder dictionary(DictionaryMode value) {
      this.dictionary = value;
      return this;
    }

    /** Forces dictionary encoding on or off for the named columns. */
    public Builder dictionaryOverrides(Map<String, Boolean> value) {
      this.dictionaryOverrides = value;
      return this;
    }

    public ParquetWriteOptions build() {
      return new ParquetWriteOptions(
          codec,
          rowGroupSize,
          pageSize,
          numIndexedCols,
          stringPrefixLength,
          dictionary,
          dictionaryOverrides);
    }
  }
}
