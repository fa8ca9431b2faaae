package dev.strata.format;

import dev.strata.format.internal.hadoop.HadoopConfigurations;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * {@link Storage} over a Hadoop {@link FileSystem}: {@code hdfs://} and any other file system a
 * Hadoop configuration names. {@link #createIfAbsent} is {@code create(path, overwrite=false)},
 * which HDFS makes atomic (the name node refuses the second create); other Hadoop file systems are
 * only as safe as their create. Whole-file writes go to a hidden temporary file in the target
 * directory and are renamed into place.
 *
 * <p>Hadoop properties (for example {@code fs.defaultFS}, {@code dfs.*}) come from the map given to
 * the constructor on top of Hadoop's defaults.
 */
public final class HadoopStorage implements Storage {
  private static final String TEMP_PREFIX = ".strata-tmp-";

  private final String scheme;
  private final Configuration conf;
  private final Map<String, FileSystem> fileSystems = new ConcurrentHashMap<>();

  /**
   * A storage for paths of {@code scheme}.
   *
   * @throws StrataException when no Hadoop file system is configured for the scheme
   */
  public HadoopStorage(String scheme, Map<String, String> hadoopProperties) {
    this.scheme = scheme;
    this.conf = HadoopConfigurations.create(hadoopProperties);
    try {
      // A file system whose own dependencies are missing (ftp: without commons-net) would only
      // fail on first use, with NoClassDefFoundError; resolving its method signatures finds that
      // now, so the user hears "unsupported scheme" instead.
      FileSystem.getFileSystemClass(scheme, conf).getDeclaredMethods();
    } catch (IOException e) {
      throw new StrataException(
          unsupportedScheme(scheme)
              + ": no Hadoop file system is configured for it (set fs."
              + scheme
              + ".impl or add the file system's jar)",
          e);
    } catch (LinkageError e) {
      throw new StrataException(
          unsupportedScheme(scheme)
              + ": its Hadoop file system needs "
              + e.getMessage()
              + ", which is not on the classpath",
          e);
    }
  }

  private static String unsupportedScheme(String scheme) {
    return "unsupported scheme "
        + scheme
        + ": (supported: file, s3, hdfs and the Hadoop file systems on the classpath)";
  }

  @Override
  public String scheme() {
    return scheme;
  }

  private static Path hadoopPath(String path) {
    return new Path(path);
  }

  private FileSystem fs(String path) {
    URI uri = hadoopPath(path).toUri();
    String key = uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority());
    return fileSystems.computeIfAbsent(
        key,
        k -> {
          try {
            return FileSystem.newInstance(uri, conf);
          } catch (IOException e) {
            throw new StorageException("Cannot reach " + k + ": " + e.getMessage(), e);
          }
        });
  }

  /** Our path string of a Hadoop path: scheme, authority, decoded path. */
  private static String toStoragePath(Path path) {
    URI uri = path.toUri();
    return uri.getScheme()
        + ":"
        + (uri.getAuthority() == null ? "" : "//" + uri.getAuthority())
        + uri.getPath();
  }

  private static boolean isHidden(String name) {
    return name.startsWith(TEMP_PREFIX) || (name.startsWith(".") && name.endsWith(".crc"));
  }

  @Override
  public byte[] read(String path) {
    try (InputStream in = open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new StorageException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream open(String path) {
    try {
      return fs(path).open(hadoopPath(path));
    } catch (FileNotFoundException e) {
      throw new StorageFileNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("Cannot open " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public RandomAccessInput openRandomAccess(String path) {
    FileSystem fs = fs(path);
    FSDataInputStream in;
    long length;
    try {
      length = fs.getFileStatus(hadoopPath(path)).getLen();
      in = fs.open(hadoopPath(path));
    } catch (FileNotFoundException e) {
      throw new StorageFileNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("Cannot open " + path + ": " + e.getMessage(), e);
    }
    return new RandomAccessInput() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public int readAt(long position, byte[] buffer, int offset, int len) {
        if (position >= length) {
          return -1;
        }
        try {
          return in.read(position, buffer, offset, (int) Math.min(len, length - position));
        } catch (IOException e) {
          throw new StorageException("Cannot read " + path + ": " + e.getMessage(), e);
        }
      }

      @Override
      public void close() {
        try {
          in.close();
        } catch (IOException ignored) {
          // reading only
        }
      }
    };
  }

  @Override
  public void write(String path, byte[] data) {
    try (AtomicOutput out = create(path)) {
      out.write(data);
    } catch (IOException e) {
      throw new StorageException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public AtomicOutput create(String path) {
    FileSystem fs = fs(path);
    Path target = hadoopPath(path);
    Path temp =
        new Path(target.getParent(), TEMP_PREFIX + target.getName() + "-" + UUID.randomUUID());
    OutputStream out;
    try {
      out = fs.create(temp, false);
    } catch (IOException e) {
      throw new StorageException("Cannot create " + path + ": " + e.getMessage(), e);
    }
    return new TempFileOutput(
        path,
        out,
        () -> {
          if (!fs.rename(temp, target)) {
            // HDFS does not rename over an existing file: replace it (the old file is gone for a
            // moment; commits use createIfAbsent, never this)
            fs.delete(target, false);
            if (!fs.rename(temp, target)) {
              throw new IOException("rename of " + temp + " failed");
            }
          }
        },
        () -> deleteQuietly(fs, temp));
  }

  private static void deleteQuietly(FileSystem fs, Path path) {
    try {
      fs.delete(path, false);
    } catch (IOException ignored) {
      // best effort
    }
  }

  @Override
  public boolean createIfAbsent(String path, byte[] data) {
    FileSystem fs = fs(path);
    Path target = hadoopPath(path);
    FSDataOutputStream out;
    try {
      if (fs.exists(target)) {
        return false;
      }
      out = fs.create(target, false);
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (exists(path)) {
        return false;
      }
      throw new StorageException("Cannot create " + path + ": " + e.getMessage(), e, true);
    }
    try (out) {
      out.write(data);
    } catch (IOException e) {
      throw new StorageException("Cannot write " + path + ": " + e.getMessage(), e, true);
    }
    return true;
  }

  @Override
  public List<FileStatus> list(String directory, String startAfter) {
    FileSystem fs = fs(directory);
    org.apache.hadoop.fs.FileStatus[] statuses;
    try {
      statuses = fs.listStatus(hadoopPath(directory));
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new StorageException("Cannot list " + directory + ": " + e.getMessage(), e);
    }
    String base = directory.endsWith("/") ? directory : directory + "/";
    List<FileStatus> result = new ArrayList<>();
    for (org.apache.hadoop.fs.FileStatus s : statuses) {
      String name = s.getPath().getName();
      if (!s.isFile()
          || isHidden(name)
          || (startAfter != null && name.compareTo(startAfter) <= 0)) {
        continue;
      }
      result.add(new FileStatus(base + name, s.getLen(), s.getModificationTime()));
    }
    result.sort(Comparator.comparing(f -> StoragePaths.name(f.path())));
    return result;
  }

  @Override
  public List<FileStatus> listRecursively(String directory) {
    FileSystem fs = fs(directory);
    Path root = hadoopPath(directory);
    String rootPath = fs.makeQualified(root).toUri().getPath();
    String base = directory.endsWith("/") ? directory : directory + "/";
    List<FileStatus> result = new ArrayList<>();
    try {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus s = it.next();
        if (isHidden(s.getPath().getName())) {
          continue;
        }
        String full = s.getPath().toUri().getPath();
        String relative =
            full.startsWith(rootPath + "/") ? full.substring(rootPath.length() + 1) : null;
        String path = relative == null ? toStoragePath(s.getPath()) : base + relative;
        result.add(new FileStatus(path, s.getLen(), s.getModificationTime()));
      }
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new StorageException("Cannot list " + directory + ": " + e.getMessage(), e);
    }
    return result;
  }

  @Override
  public Optional<FileStatus> status(String path) {
    try {
      org.apache.hadoop.fs.FileStatus s = fs(path).getFileStatus(hadoopPath(path));
      if (!s.isFile()) {
        return Optional.empty();
      }
      return Optional.of(new FileStatus(path, s.getLen(), s.getModificationTime()));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("Cannot stat " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String path) {
    try {
      fs(path).delete(hadoopPath(path), false);
    } catch (FileNotFoundException e) {
      // already gone
    } catch (IOException e) {
      throw new StorageException("Cannot delete " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean moveIfAbsent(String from, String to) {
    FileSystem fs = fs(from);
    try {
      if (fs.exists(hadoopPath(to))) {
        return false;
      }
      Path parent = hadoopPath(to).getParent();
      if (parent != null) {
        fs.mkdirs(parent);
      }
      if (!fs.rename(hadoopPath(from), hadoopPath(to))) {
        if (fs.exists(hadoopPath(to))) {
          return false;
        }
        throw new StorageException("Cannot move " + from + " to " + to, null);
      }
      return true;
    } catch (IOException e) {
      throw new StorageException("Cannot move " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void deleteDirectoryTree(String directory) {
    try {
      fs(directory).delete(hadoopPath(directory), true);
    } catch (FileNotFoundException e) {
      // already gone
    } catch (IOException e) {
      throw new StorageException("Cannot delete " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (FileSystem fs : fileSystems.values()) {
      try {
        fs.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    fileSystems.clear();
  }
}
