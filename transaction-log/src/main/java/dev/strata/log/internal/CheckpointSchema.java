package dev.strata.log.internal;

import dev.strata.format.Row;
import dev.strata.format.types.ArrayType;
import dev.strata.format.types.DataType;
import dev.strata.format.types.MapType;
import dev.strata.format.types.PrimitiveType;
import dev.strata.format.types.StructField;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import dev.strata.format.vector.StructVector;
import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.DeletionVectorDescriptor;
import dev.strata.log.DomainMetadata;
import dev.strata.log.Metadata;
import dev.strata.log.Protocol;
import dev.strata.log.RemoveFile;
import dev.strata.log.SetTransaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The Parquet schema of checkpoints as Spark writes it (one nullable struct column per action kind,
 * one action per row) and the conversion between its rows and actions.
 */
final class CheckpointSchema {
  private CheckpointSchema() {}

  private static final MapType STRING_MAP =
      new MapType(PrimitiveType.STRING, PrimitiveType.STRING, true);
  private static final ArrayType STRING_ARRAY = new ArrayType(PrimitiveType.STRING, true);

  private static StructField f(String name, DataType type) {
    return StructField.of(name, type, true);
  }

  static final StructType DV =
      StructType.of(
          f("storageType", PrimitiveType.STRING),
          f("pathOrInlineDv", PrimitiveType.STRING),
          f("offset", PrimitiveType.INTEGER),
          f("sizeInBytes", PrimitiveType.INTEGER),
          f("cardinality", PrimitiveType.LONG),
          f("maxRowIndex", PrimitiveType.LONG));

  static final StructType TXN =
      StructType.of(
          f("appId", PrimitiveType.STRING),
          f("version", PrimitiveType.LONG),
          f("lastUpdated", PrimitiveType.LONG));

  static final StructType ADD =
      StructType.of(
          f("path", PrimitiveType.STRING),
          f("partitionValues", STRING_MAP),
          f("size", PrimitiveType.LONG),
          f("modificationTime", PrimitiveType.LONG),
          f("dataChange", PrimitiveType.BOOLEAN),
          f("tags", STRING_MAP),
          f("deletionVector", DV),
          f("baseRowId", PrimitiveType.LONG),
          f("defaultRowCommitVersion", PrimitiveType.LONG),
          f("stats", PrimitiveType.STRING));

  static final StructType REMOVE =
      StructType.of(
          f("path", PrimitiveType.STRING),
          f("deletionTimestamp", PrimitiveType.LONG),
          f("dataChange", PrimitiveType.BOOLEAN),
          f("extendedFileMetadata", PrimitiveType.BOOLEAN),
          f("partitionValues", STRING_MAP),
          f("size", PrimitiveType.LONG),
          f("deletionVector", DV),
          f("baseRowId", PrimitiveType.LONG),
          f("defaultRowCommitVersion", PrimitiveType.LONG));

  static final StructType FORMAT =
      StructType.of(f("provider", PrimitiveType.STRING), f("options", STRING_MAP));

  static final StructType METADATA =
      StructType.of(
          f("id", PrimitiveType.STRING),
          f("name", PrimitiveType.STRING),
          f("description", PrimitiveType.STRING),
          f("format", FORMAT),
          f("schemaString", PrimitiveType.STRING),
          f("partitionColumns", STRING_ARRAY),
          f("configuration", STRING_MAP),
          f("createdTime", PrimitiveType.LONG));

  static final StructType PROTOCOL =
      StructType.of(
          f("minReaderVersion", PrimitiveType.INTEGER),
          f("minWriterVersion", PrimitiveType.INTEGER),
          f("readerFeatures", STRING_ARRAY),
          f("writerFeatures", STRING_ARRAY));

  static final StructType DOMAIN =
      StructType.of(
          f("domain", PrimitiveType.STRING),
          f("configuration", PrimitiveType.STRING),
          f("removed", PrimitiveType.BOOLEAN));

  static final StructType SIDECAR =
      StructType.of(
          f("path", PrimitiveType.STRING),
          f("sizeInBytes", PrimitiveType.LONG),
          f("modificationTime", PrimitiveType.LONG),
          f("tags", STRING_MAP));

  /** What Strata writes: Spark's classic checkpoint schema. */
  static final StructType WRITE =
      StructType.of(
          f("txn", TXN),
          f("add", ADD),
          f("remove", REMOVE),
          f("metaData", METADATA),
          f("protocol", PROTOCOL),
          f("domainMetadata", DOMAIN));

  /** What Strata reads: the written schema plus the V2 sidecar column. */
  static final StructType READ = WRITE.add(f("sidecar", SIDECAR));

  /** The file actions: most of a checkpoint, read on their own thread. */
  static final StructType READ_FILES = StructType.of(f("add", ADD), f("remove", REMOVE));

  /** What a snapshot needs before its files: protocol, metadata, txns, domains. */
  static final StructType READ_TABLE_STATE =
      StructType.of(
          f("txn", TXN),
          f("metaData", METADATA),
          f("protocol", PROTOCOL),
          f("domainMetadata", DOMAIN),
          f("sidecar", SIDECAR));

  private static StructVector column(ColumnBatch batch, String name) {
    int i = batch.schema().indexOf(name);
    return i < 0 ? null : (StructVector) batch.column(i);
  }

  private static boolean present(StructVector v, int child, int row) {
    return v != null && !v.isNull(row) && !v.child(child).isNull(row);
  }

  // ------------------------------------------------------------------ reading

  /** The actions of one batch of checkpoint rows (stats stay unparsed strings). */
  static void toActions(ColumnBatch batch, List<Object> out) {
    StructVector txn = column(batch, "txn");
    StructVector add = column(batch, "add");
    StructVector remove = column(batch, "remove");
    StructVector meta = column(batch, "metaData");
    StructVector protocol = column(batch, "protocol");
    StructVector domain = column(batch, "domainMetadata");
    StructVector sidecar = column(batch, "sidecar");
    int n = batch.numRows();
    for (int r = 0; r < n; r++) {
      if (present(add, 0, r)) {
        out.add(readAdd(add, r));
      } else if (present(remove, 0, r)) {
        out.add(readRemove(remove, r));
      } else if (present(txn, 0, r)) {
        out.add(new SetTransaction(str(txn, 0, r), lng(txn, 1, r, 0), (Long) txn.child(2).get(r)));
      } else if (present(meta, 4, r)) {
        out.add(readMetadata(meta, r));
      } else if (present(protocol, 0, r)) {
        out.add(readProtocol(protocol, r));
      } else if (present(domain, 0, r)) {
        Boolean removed = (Boolean) domain.child(2).get(r);
        out.add(
            new DomainMetadata(str(domain, 0, r), str(domain, 1, r), Boolean.TRUE.equals(removed)));
      } else if (present(sidecar, 0, r)) {
        out.add(new Sidecar(str(sidecar, 0, r), lng(sidecar, 1, r, 0), lng(sidecar, 2, r, 0)));
      }
    }
  }

  private static String str(StructVector v, int child, int row) {
    return (String) v.child(child).get(row);
  }

  private static long lng(StructVector v, int child, int row, long dflt) {
    Object o = v.child(child).get(row);
    return o == null ? dflt : ((Number) o).longValue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> map(StructVector v, int child, int row) {
    return (Map<String, String>) (Map<?, ?>) v.child(child).get(row);
  }

  private static DeletionVectorDescriptor dv(StructVector parent, int child, int row) {
    StructVector v = (StructVector) parent.child(child);
    if (v.isNull(row) || v.child(0).get(row) == null) {
      return null;
    }
    Object offset = v.child(2).get(row);
    Object size = v.child(3).get(row);
    return new DeletionVectorDescriptor(
        str(v, 0, row),
        str(v, 1, row),
        offset == null ? null : ((Number) offset).intValue(),
        size == null ? 0 : ((Number) size).intValue(),
        lng(v, 4, row, 0),
        (Long) v.child(5).get(row));
  }

  private static AddFile readAdd(StructVector v, int r) {
    Boolean dataChange = (Boolean) v.child(4).get(r);
    return new AddFile(
        str(v, 0, r),
        map(v, 1, r),
        lng(v, 2, r, 0),
        lng(v, 3, r, 0),
        dataChange == null || dataChange,
        str(v, 9, r),
        map(v, 5, r),
        dv(v, 6, r),
        (Long) v.child(7).get(r),
        (Long) v.child(8).get(r));
  }

  private static RemoveFile readRemove(StructVector v, int r) {
    Boolean dataChange = (Boolean) v.child(2).get(r);
    return new RemoveFile(
        str(v, 0, r),
        (Long) v.child(1).get(r),
        dataChange == null || dataChange,
        (Boolean) v.child(3).get(r),
        map(v, 4, r),
        (Long) v.child(5).get(r),
        null,
        null,
        dv(v, 6, r),
        (Long) v.child(7).get(r),
        (Long) v.child(8).get(r));
  }

  @SuppressWarnings("unchecked")
  private static Metadata readMetadata(StructVector v, int r) {
    StructVector format = (StructVector) v.child(3);
    Metadata.Format fmt =
        format.isNull(r)
            ? Metadata.Format.PARQUET
            : new Metadata.Format(
                format.child(0).get(r) == null ? "parquet" : str(format, 0, r), map(format, 1, r));
    return new Metadata(
        str(v, 0, r),
        str(v, 1, r),
        str(v, 2, r),
        fmt,
        str(v, 4, r),
        (List<String>) v.child(5).get(r),
        map(v, 6, r),
        (Long) v.child(7).get(r));
  }

  @SuppressWarnings("unchecked")
  private static Protocol readProtocol(StructVector v, int r) {
    List<String> readerFeatures = (List<String>) v.child(2).get(r);
    List<String> writerFeatures = (List<String>) v.child(3).get(r);
    Object reader = v.child(0).get(r);
    Object writer = v.child(1).get(r);
    return new Protocol(
        reader == null ? 1 : ((Number) reader).intValue(),
        writer == null ? 2 : ((Number) writer).intValue(),
        readerFeatures == null ? null : new LinkedHashSet<>(readerFeatures),
        writerFeatures == null ? null : new LinkedHashSet<>(writerFeatures));
  }

  // ------------------------------------------------------------------ writing

  /** The checkpoint row of one action. */
  static Row toRow(Action action) {
    Object[] values = new Object[6];
    if (action instanceof SetTransaction t) {
      values[0] = new Row(TXN, new Object[] {t.appId(), t.version(), t.lastUpdated()});
    } else if (action instanceof AddFile a) {
      values[1] =
          new Row(
              ADD,
              new Object[] {
                a.path(),
                a.partitionValues(),
                a.size(),
                a.modificationTime(),
                a.dataChange(),
                a.tags(),
                dvRow(a.deletionVector()),
                a.baseRowId(),
                a.defaultRowCommitVersion(),
                a.stats()
              });
    } else if (action instanceof RemoveFile r) {
      values[2] =
          new Row(
              REMOVE,
              new Object[] {
                r.path(),
                r.deletionTimestamp(),
                r.dataChange(),
                r.extendedFileMetadata(),
                r.partitionValues(),
                r.size(),
                dvRow(r.deletionVector()),
                r.baseRowId(),
                r.defaultRowCommitVersion()
              });
    } else if (action instanceof Metadata m) {
      values[3] =
          new Row(
              METADATA,
              new Object[] {
                m.id(),
                m.name(),
                m.description(),
                new Row(FORMAT, new Object[] {m.format().provider(), m.format().options()}),
                m.schemaString(),
                m.partitionColumns(),
                m.configuration(),
                m.createdTime()
              });
    } else if (action instanceof Protocol p) {
      values[4] =
          new Row(
              PROTOCOL,
              new Object[] {
                p.minReaderVersion(),
                p.minWriterVersion(),
                p.readerFeatures() == null ? null : new ArrayList<>(p.readerFeatures()),
                p.writerFeatures() == null ? null : new ArrayList<>(p.writerFeatures())
              });
    } else if (action instanceof DomainMetadata d) {
      values[5] = new Row(DOMAIN, new Object[] {d.domain(), d.configuration(), d.removed()});
    } else {
      throw new IllegalArgumentException("Not a checkpoint action: " + action);
    }
    return new Row(WRITE, values);
  }

  private static Row dvRow(DeletionVectorDescriptor dv) {
    if (dv == null) {
      return null;
    }
    return new Row(
        DV,
        new Object[] {
          dv.storageType(),
          dv.pathOrInlineDv(),
          dv.offset(),
          dv.sizeInBytes(),
          dv.cardinality(),
          dv.maxRowIndex()
        });
  }
}
