package dev.strata.format.internal.parquet;

import dev.strata.format.vector.BytesVector;
import dev.strata.format.vector.ColumnVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads one flat (non-repeated) column page by page straight into a vector: definition levels and
 * values are decoded with Parquet's page decoders, without the record assembly state machine.
 */
final class FlatColumnReader {
  private final ColumnDescriptor descriptor;
  private final VectorConverters.Sink sink;
  private final PrimitiveTypeName physical;
  private final int maxDefinitionLevel;
  private PageReader pages;
  private Dictionary dictionary;
  private ValuesReader values;
  private LevelReader levels;
  private int leftInPage;

  // Fast paths for strings: dictionary values as byte arrays, plain values straight off the page.
  private final boolean bytesTarget;
  private byte[][] dictionaryBytes;
  private boolean dictionaryPage;
  private ByteBuffer plainPage;
  private int plainPosition;

  FlatColumnReader(ColumnDescriptor descriptor, VectorConverters.Sink sink) {
    this.descriptor = descriptor;
    this.sink = sink;
    this.physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
    this.maxDefinitionLevel = descriptor.getMaxDefinitionLevel();
    this.bytesTarget =
        sink instanceof VectorConverters.BytesSink
            && (physical == PrimitiveTypeName.BINARY
                || physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
  }

  /** Starts reading a new row group. */
  void reset(PageReader pageReader) {
    this.pages = pageReader;
    this.leftInPage = 0;
    DictionaryPage page = pageReader.readDictionaryPage();
    try {
      dictionary = page == null ? null : page.getEncoding().initDictionary(descriptor, page);
      dictionaryBytes = null;
      if (dictionary != null && bytesTarget) {
        dictionaryBytes = new byte[dictionary.getMaxId() + 1][];
        for (int i = 0; i < dictionaryBytes.length; i++) {
          dictionaryBytes[i] = dictionary.decodeToBinary(i).getBytes();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends the next {@code count} values to {@code out}. */
  void read(ColumnVector out, int count) {
    sink.bind(out);
    int left = count;
    while (left > 0) {
      if (leftInPage == 0) {
        nextPage();
      }
      int n = Math.min(left, leftInPage);
      readFromPage(out, n);
      leftInPage -= n;
      left -= n;
    }
  }

  private void readFromPage(ColumnVector out, int n) {
    if (plainPage != null && !bytesTarget) {
      readPlainFixed(out, n);
      return;
    }
    ValuesReader v = values;
    VectorConverters.Sink s = sink;
    LevelReader dl = levels;
    int max = maxDefinitionLevel;
    switch (physical) {
      case INT32 -> {
        for (int i = 0; i < n; i++) {
          if (dl == null || dl.next() == max) {
            s.addInt(v.readInteger());
          } else {
            out.appendNull();
          }
        }
      }
      case INT64 -> {
        for (int i = 0; i < n; i++) {
          if (dl == null || dl.next() == max) {
            s.addLong(v.readLong());
          } else {
            out.appendNull();
          }
        }
      }
      case FLOAT -> {
        for (int i = 0; i < n; i++) {
          if (dl == null || dl.next() == max) {
            s.addFloat(v.readFloat());
          } else {
            out.appendNull();
          }
        }
      }
      case DOUBLE -> {
        for (int i = 0; i < n; i++) {
          if (dl == null || dl.next() == max) {
            s.addDouble(v.readDouble());
          } else {
            out.appendNull();
          }
        }
      }
      case BOOLEAN -> {
        for (int i = 0; i < n; i++) {
          if (dl == null || dl.next() == max) {
            s.addBoolean(v.readBoolean());
          } else {
            out.appendNull();
          }
        }
      }
      case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> {
        if (bytesTarget && (dictionaryPage || plainPage != null)) {
          readBytes((BytesVector) out, n);
          return;
        }
        for (int i = 0; i < n; i++) {
          if (dl == null || dl.next() == max) {
            s.addBinary(v.readBytes());
          } else {
            out.appendNull();
          }
        }
      }
    }
  }

  private void readBytes(BytesVector out, int n) {
    LevelReader dl = levels;
    int max = maxDefinitionLevel;
    if (dictionaryPage) {
      byte[][] dict = dictionaryBytes;
      ValuesReader v = values;
      for (int i = 0; i < n; i++) {
        if (dl == null || dl.next() == max) {
          out.appendBytes(dict[v.readValueDictionaryId()]);
        } else {
          out.appendNull();
        }
      }
      return;
    }
    ByteBuffer buf = plainPage;
    int pos = plainPosition;
    int fixed =
        physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
            ? descriptor.getPrimitiveType().getTypeLength()
            : -1;
    byte[] array = buf.hasArray() ? buf.array() : null;
    int base = buf.hasArray() ? buf.arrayOffset() : 0;
    for (int i = 0; i < n; i++) {
      if (dl == null || dl.next() == max) {
        int length = fixed;
        if (length < 0) {
          length = buf.getInt(pos);
          pos += 4;
        }
        if (array != null) {
          out.appendBytes(array, base + pos, length);
        } else {
          out.appendBytes(buf.slice(pos, length));
        }
        pos += length;
      } else {
        out.appendNull();
      }
    }
    plainPosition = pos;
  }

  private void nextPage() {
    DataPage page = pages.readPage();
    if (page == null) {
      throw new ParquetDecodingException(
          "Column " + String.join(".", descriptor.getPath()) + " has fewer values than its rows");
    }
    try {
      if (page instanceof DataPageV1 v1) {
        ByteBufferInputStream in = v1.getBytes().toInputStream();
        ValuesReader rl =
            v1.getRlEncoding().getValuesReader(descriptor, ValuesType.REPETITION_LEVEL);
        rl.initFromPage(v1.getValueCount(), in);
        if (maxDefinitionLevel > 0) {
          ValuesReader dl =
              v1.getDlEncoding().getValuesReader(descriptor, ValuesType.DEFINITION_LEVEL);
          dl.initFromPage(v1.getValueCount(), in);
          levels = dl::readInteger;
        } else {
          levels = null;
        }
        initValues(v1.getValueEncoding(), v1.getValueCount(), in);
        leftInPage = v1.getValueCount();
      } else {
        DataPageV2 v2 = (DataPageV2) page;
        if (maxDefinitionLevel > 0) {
          int bitWidth = 32 - Integer.numberOfLeadingZeros(maxDefinitionLevel);
          RunLengthBitPackingHybridDecoder decoder =
              new RunLengthBitPackingHybridDecoder(
                  bitWidth, v2.getDefinitionLevels().toInputStream());
          levels =
              () -> {
                try {
                  return decoder.readInt();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              };
        } else {
          levels = null;
        }
        initValues(v2.getDataEncoding(), v2.getValueCount(), v2.getData().toInputStream());
        leftInPage = v2.getValueCount();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void initValues(
      org.apache.parquet.column.Encoding encoding, int valueCount, ByteBufferInputStream in)
      throws IOException {
    dictionaryPage = bytesTarget && encoding.usesDictionary() && dictionaryBytes != null;
    plainPage = null;
    if ((bytesTarget || fixedWidth()) && encoding == org.apache.parquet.column.Encoding.PLAIN) {
      plainPage = in.slice((int) in.available()).order(ByteOrder.LITTLE_ENDIAN);
      plainPosition = plainPage.position();
      values = null;
      return;
    }
    values = valuesReader(encoding);
    values.initFromPage(valueCount, in);
  }

  private boolean fixedWidth() {
    return physical == PrimitiveTypeName.INT32
        || physical == PrimitiveTypeName.INT64
        || physical == PrimitiveTypeName.FLOAT
        || physical == PrimitiveTypeName.DOUBLE;
  }

  /** Plain fixed-width values decoded straight off the page buffer (little-endian). */
  private void readPlainFixed(ColumnVector out, int n) {
    ByteBuffer buf = plainPage;
    int pos = plainPosition;
    LevelReader dl = levels;
    int max = maxDefinitionLevel;
    VectorConverters.Sink s = sink;
    switch (physical) {
      case INT32 -> {
        for (int i = 0; i < n; i++) {
          if (dl == null || dl.next() == max) {
            s.addInt(buf.getInt(pos));
            pos += 4;
          } else {
            out.appendNull();
          }
        }
      }
      case INT64 -> {
        for (int i = 0; i < n; i++) {
          if (dl == null || dl.next() == max) {
            s.addLong(buf.getLong(pos));
            pos += 8;
          } else {
            out.appendNull();
          }
        }
      }
      case FLOAT -> {
        for (int i = 0; i < n; i++) {
          if (dl == null || dl.next() == max) {
            s.addFloat(buf.getFloat(pos));
            pos += 4;
          } else {
            out.appendNull();
          }
        }
      }
      case DOUBLE -> {
        for (int i = 0; i < n; i++) {
          if (dl == null || dl.next() == max) {
            s.addDouble(buf.getDouble(pos));
            pos += 8;
          } else {
            out.appendNull();
          }
        }
      }
      default -> throw new IllegalStateException("not fixed width: " + physical);
    }
    plainPosition = pos;
  }

  @SuppressWarnings("deprecation")
  private ValuesReader valuesReader(org.apache.parquet.column.Encoding encoding) {
    if (encoding.usesDictionary()) {
      if (dictionary == null) {
        throw new ParquetDecodingException(
            "Column "
                + String.join(".", descriptor.getPath())
                + " has dictionary-encoded pages but no dictionary");
      }
      return encoding.getDictionaryBasedValuesReader(descriptor, ValuesType.VALUES, dictionary);
    }
    return encoding.getValuesReader(descriptor, ValuesType.VALUES);
  }

  @FunctionalInterface
  private interface LevelReader {
    int next();
  }
}
