package dev.strata.engine.internal.source;

import dev.strata.format.FileStatus;
import dev.strata.format.RandomAccessInput;
import dev.strata.format.Storage;
import dev.strata.format.StorageFileNotFoundException;
import dev.strata.format.StoragePaths;
import dev.strata.format.Storages;
import dev.strata.format.StrataException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Lists input files and cuts them into byte ranges of whole lines. */
public final class FileSplits {
  private FileSplits() {}

  /** A byte range of one file; it owns the lines that start inside it. */
  public record Split(String path, long start, long end, long fileLength) {}

  /** The files under the given paths (a file, or every visible file of a directory tree). */
  public static List<FileStatus> listFiles(List<String> paths) {
    List<FileStatus> out = new ArrayList<>();
    for (String raw : paths) {
      String p = StoragePaths.normalize(raw);
      Storage s = Storages.forPath(p);
      Optional<FileStatus> st = s.status(p);
      if (st.isPresent() && !isDirectory(p)) {
        out.add(st.get());
        continue;
      }
      List<FileStatus> found = new ArrayList<>();
      for (FileStatus f : s.listRecursively(p)) {
        String rel = f.path().substring(Math.min(f.path().length(), p.length()));
        if (!hidden(rel)) {
          found.add(f);
        }
      }
      if (found.isEmpty() && st.isEmpty()) {
        throw new StorageFileNotFoundException("Path does not exist: " + raw);
      }
      found.sort(Comparator.comparing(FileStatus::path));
      out.addAll(found);
    }
    return out;
  }

  private static boolean isDirectory(String p) {
    if (p.startsWith("file:")) {
      return java.nio.file.Files.isDirectory(StoragePaths.toLocalPath(p));
    }
    return false;
  }

  private static boolean hidden(String rel) {
    for (String part : rel.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /** Cuts files into splits of about {@code target} bytes. */
  public static List<Split> split(List<FileStatus> files, long maxBytes, int parallelism) {
    long total = 0;
    for (FileStatus f : files) {
      total += f.size();
    }
    long target = Math.max(1L << 20, Math.min(maxBytes, total / Math.max(1, parallelism * 2L) + 1));
    List<Split> out = new ArrayList<>();
    for (FileStatus f : files) {
      long len = f.size();
      if (len == 0) {
        continue;
      }
      int pieces = (int) Math.max(1, (len + target - 1) / target);
      for (int i = 0; i < pieces; i++) {
        long s = len * i / pieces, e = len * (i + 1) / pieces;
        out.add(new Split(f.path(), s, e, len));
      }
    }
    return out;
  }

  /**
   * The bytes of the lines a split owns: from the first line start at or after {@code start} to the
   * end of the line that contains byte {@code end - 1}.
   *
   * @return {bytes, offset of the first owned line in the file} packed as a Chunk
   */
  public static Chunk readLines(Split split) {
    Storage storage = Storages.forPath(split.path());
    try (RandomAccessInput in = storage.openRandomAccess(split.path())) {
      long from = split.start() == 0 ? 0 : split.start() - 1;
      long len = split.fileLength();
      int size = (int) Math.min(len - from, split.end() - from + 65536);
      byte[] buf = new byte[size];
      in.readFully(from, buf, 0, size);
      int begin = 0;
      if (split.start() > 0) {
        while (begin < size && buf[begin] != '\n') {
          begin++;
        }
        begin++;
      }
      int ownedEnd = (int) (split.end() - from);
      if (begin >= ownedEnd || begin >= size) {
        return new Chunk(buf, 0, 0, from);
      }
      int stop = ownedEnd;
      if (buf[stop - 1] != '\n') {
        while (true) {
          while (stop < size && buf[stop] != '\n') {
            stop++;
          }
          if (stop < size) {
            stop++;
            break;
          }
          if (from + size >= len) {
            break;
          }
          int more = (int) Math.min(len - (from + size), 1 << 20);
          byte[] bigger = java.util.Arrays.copyOf(buf, size + more);
          in.readFully(from + size, bigger, size, more);
          buf = bigger;
          size += more;
        }
      }
      return new Chunk(buf, begin, stop, from);
    }
  }

  /** Bytes {@code [begin, end)} of {@code data}; {@code data[0]} is at file offset {@code base}. */
  public record Chunk(byte[] data, int begin, int end, long base) {}

  /** The 1-based line number of a file offset (counts newlines before it; used for errors). */
  public static long lineNumber(String path, long offset) {
    Storage storage = Storages.forPath(path);
    long line = 1;
    try (RandomAccessInput in = storage.openRandomAccess(path)) {
      byte[] buf = new byte[1 << 16];
      long pos = 0;
      while (pos < offset) {
        int n = (int) Math.min(buf.length, offset - pos);
        in.readFully(pos, buf, 0, n);
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            line++;
          }
        }
        pos += n;
      }
    } catch (RuntimeException e) {
      throw new StrataException("Cannot read " + path + ": " + e.getMessage(), e);
    }
    return line;
  }
}
