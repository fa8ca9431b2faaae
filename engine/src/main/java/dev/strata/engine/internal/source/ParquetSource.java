package dev.strata.engine.internal.source;

import dev.strata.engine.internal.exec.Source;
import dev.strata.engine.internal.exec.TaskContextImpl;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.engine.internal.expr.StatsFilters;
import dev.strata.format.CloseableIterator;
import dev.strata.format.FileStatus;
import dev.strata.format.Storages;
import dev.strata.format.parquet.ParquetDataReader;
import dev.strata.format.stats.StatsPredicate;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Parquet files; one partition per file, reading only the needed columns, skipping row groups. */
public final class ParquetSource implements Source {
  private final List<String> paths;
  private List<FileStatus> files;
  private StructType schema;

  public ParquetSource(List<String> paths, StructType schema) {
    this.paths = paths;
    this.schema = schema;
  }

  private synchronized List<FileStatus> files() {
    if (files == null) {
      files = FileSplits.listFiles(paths).stream().filter(f -> !f.path().endsWith(".crc")).toList();
    }
    return files;
  }

  @Override
  public synchronized StructType schema() {
    if (schema == null) {
      List<FileStatus> fs = files();
      if (fs.isEmpty()) {
        throw new dev.strata.format.StrataException(
            "No Parquet files under " + paths + ": give a schema to read an empty location");
      }
      schema = ParquetDataReader.schema(Storages.forPath(fs.get(0).path()), fs.get(0).path());
    }
    return schema;
  }

  @Override
  public long estimatedBytes() {
    long t = 0;
    for (FileStatus f : files()) {
      t += f.size();
    }
    // columnar and compressed on disk: a rough factor for the size in memory
    return t * 3;
  }

  @Override
  public String describe() {
    return "parquet " + String.join(", ", paths);
  }

  @Override
  public Scan plan(List<String> columns, List<Expr> filters) {
    StructType read = schema().select(columns);
    StatsPredicate rowGroups = StatsFilters.of(filters);
    List<FileStatus> fs = files();
    return new Scan() {
      public int numPartitions() {
        return fs.size();
      }

      public Iterator<ColumnBatch> read(int partition, TaskContextImpl ctx) {
        FileStatus f = fs.get(partition);
        ctx.metrics().inputBytes += f.size();
        return counting(
            ParquetDataReader.open(Storages.forPath(f.path()), f.path(), read, rowGroups), ctx);
      }

      public String details() {
        return fs.size() + " file(s)";
      }
    };
  }

  /** Counts rows and closes the reader at the end. */
  static Iterator<ColumnBatch> counting(CloseableIterator<ColumnBatch> in, TaskContextImpl ctx) {
    return new Iterator<>() {
      boolean closed;

      public boolean hasNext() {
        if (closed) {
          return false;
        }
        boolean h = in.hasNext();
        if (!h) {
          in.close();
          closed = true;
        }
        return h;
      }

      public ColumnBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ColumnBatch b = in.next();
        ctx.metrics().inputRows += b.numRows();
        return b;
      }
    };
  }
}
