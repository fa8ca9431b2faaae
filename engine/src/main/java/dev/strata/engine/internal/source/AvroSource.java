package dev.strata.engine.internal.source;

import dev.strata.engine.internal.exec.Source;
import dev.strata.engine.internal.exec.TaskContextImpl;
import dev.strata.engine.internal.exec.Vectors;
import dev.strata.engine.internal.expr.Expr;
import dev.strata.format.FileStatus;
import dev.strata.format.Storages;
import dev.strata.format.StrataException;
import dev.strata.format.avro.AvroFiles;
import dev.strata.format.types.StructType;
import dev.strata.format.vector.ColumnBatch;
import java.util.Iterator;
import java.util.List;

/** Avro container files; one partition per file. */
public final class AvroSource implements Source {
  private final List<String> paths;
  private List<FileStatus> files;
  private StructType schema;

  public AvroSource(List<String> paths, StructType schema) {
    this.paths = paths;
    this.schema = schema;
  }

  private synchronized List<FileStatus> files() {
    if (files == null) {
      files =
          FileSplits.listFiles(paths).stream()
              .filter(f -> f.path().endsWith(".avro") || !f.path().contains("."))
              .toList();
      if (files.isEmpty()) {
        files = FileSplits.listFiles(paths);
      }
    }
    return files;
  }

  @Override
  public synchronized StructType schema() {
    if (schema == null) {
      List<FileStatus> fs = files();
      if (fs.isEmpty()) {
        throw new StrataException("No Avro files under " + paths);
      }
      schema = AvroFiles.schema(Storages.forPath(fs.get(0).path()), fs.get(0).path());
    }
    return schema;
  }

  @Override
  public long estimatedBytes() {
    long t = 0;
    for (FileStatus f : files()) {
      t += f.size();
    }
    return t * 2;
  }

  @Override
  public String describe() {
    return "avro " + String.join(", ", paths);
  }

  @Override
  public Scan plan(List<String> columns, List<Expr> filters) {
    StructType out = schema().select(columns);
    List<FileStatus> fs = files();
    return new Scan() {
      public int numPartitions() {
        return fs.size();
      }

      public Iterator<ColumnBatch> read(int partition, TaskContextImpl ctx) {
        FileStatus f = fs.get(partition);
        ctx.metrics().inputBytes += f.size();
        Iterator<ColumnBatch> in =
            ParquetSource.counting(AvroFiles.read(Storages.forPath(f.path()), f.path()), ctx);
        return Vectors.map(
            in,
            b -> {
              int[] idx = new int[columns.size()];
              for (int i = 0; i < idx.length; i++) {
                idx[i] = b.schema().indexOf(columns.get(i));
                if (idx[i] < 0) {
                  throw new StrataException(
                      "Avro file " + f.path() + " has no column " + columns.get(i));
                }
              }
              return b.project(idx, out);
            });
      }
    };
  }
}
