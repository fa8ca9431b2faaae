package dev.strata.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * {@link Storage} on the local file system through java.nio. Hadoop's local file system is not used
 * here because it forks a {@code chmod} per created file (6-8 ms, see STACK.md).
 *
 * <p>Put-if-absent is a hard link from a fully written temp file to the final name: {@code link(2)}
 * fails when the name exists, atomically and across processes, and never replaces. Whole-file
 * writes go to a temp file in the same directory and are renamed into place, so readers see the old
 * or the new content, never a prefix. Hadoop {@code .crc} side files are hidden from listings.
 */
public final class LocalStorage implements Storage {
  private static final String TEMP_PREFIX = ".strata-tmp-";

  @Override
  public String scheme() {
    return "file";
  }

  private static Path local(String path) {
    return StoragePaths.toLocalPath(path);
  }

  private static boolean isHidden(String name) {
    return name.startsWith(TEMP_PREFIX) || (name.startsWith(".") && name.endsWith(".crc"));
  }

  @Override
  public byte[] read(String path) {
    try {
      return Files.readAllBytes(local(path));
    } catch (NoSuchFileException e) {
      throw new StorageFileNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream open(String path) {
    try {
      return Files.newInputStream(local(path));
    } catch (NoSuchFileException e) {
      throw new StorageFileNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("Cannot open " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public RandomAccessInput openRandomAccess(String path) {
    FileChannel channel;
    try {
      channel = FileChannel.open(local(path), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new StorageFileNotFoundException(path);
    } catch (IOException e) {
      throw new StorageException("Cannot open " + path + ": " + e.getMessage(), e);
    }
    return new RandomAccessInput() {
      @Override
      public long length() {
        try {
          return channel.size();
        } catch (IOException e) {
          throw new StorageException("Cannot stat " + path, e);
        }
      }

      @Override
      public int readAt(long position, byte[] buffer, int offset, int length) {
        try {
          return channel.read(ByteBuffer.wrap(buffer, offset, length), position);
        } catch (IOException e) {
          throw new StorageException("Cannot read " + path + " at " + position, e);
        }
      }

      @Override
      public void close() {
        try {
          channel.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private static Path tempBeside(Path target) {
    return target.resolveSibling(TEMP_PREFIX + target.getFileName() + "." + UUID.randomUUID());
  }

  private static void createParents(Path target) throws IOException {
    Path parent = target.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  @Override
  public void write(String path, byte[] data) {
    Path target = local(path);
    Path temp = tempBeside(target);
    try {
      createParents(target);
      Files.write(temp, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new StorageException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public AtomicOutput create(String path) {
    return create(path, UnaryOperator.identity());
  }

  /**
   * {@link #create} with the temp-file stream passed through {@code wrap}: the seam through which
   * tests make the disk "fill up" after N bytes beneath the real publish logic.
   */
  AtomicOutput create(String path, UnaryOperator<OutputStream> wrap) {
    Path target = local(path);
    Path temp = tempBeside(target);
    OutputStream out;
    try {
      createParents(target);
      out =
          wrap.apply(
              Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new StorageException("Cannot create " + path + ": " + e.getMessage(), e);
    }
    return new TempFileOutput(
        path,
        out,
        () ->
            Files.move(
                temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE),
        () -> deleteQuietly(temp));
  }

  @Override
  public boolean createIfAbsent(String path, byte[] data) {
    Path target = local(path);
    Path temp = tempBeside(target);
    try {
      createParents(target);
      Files.write(temp, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.createLink(target, temp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    } catch (IOException e) {
      throw new StorageException("Cannot create " + path + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public List<FileStatus> list(String directory, String startAfter) {
    Path dir = local(directory);
    List<FileStatus> result = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (isHidden(name) || (startAfter != null && name.compareTo(startAfter) <= 0)) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // deleted while listing
        }
        if (attributes.isRegularFile()) {
          result.add(
              new FileStatus(
                  StoragePaths.join(directory, name),
                  attributes.size(),
                  attributes.lastModifiedTime().toMillis()));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new StorageException("Cannot list " + directory + ": " + e.getMessage(), e);
    }
    result.sort(Comparator.comparing(FileStatus::name));
    return result;
  }

  @Override
  public List<FileStatus> listRecursively(String directory) {
    Path dir = local(directory);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<FileStatus> result = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.forEach(
          entry -> {
            String name = entry.getFileName().toString();
            if (isHidden(name)) {
              return;
            }
            try {
              BasicFileAttributes attributes =
                  Files.readAttributes(entry, BasicFileAttributes.class);
              if (attributes.isRegularFile()) {
                String relative = dir.relativize(entry).toString();
                result.add(
                    new FileStatus(
                        StoragePaths.join(directory, relative),
                        attributes.size(),
                        attributes.lastModifiedTime().toMillis()));
              }
            } catch (IOException e) {
              // deleted while walking: not listed
            }
          });
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException("Cannot list " + directory + ": " + e.getMessage(), e);
    }
    return result;
  }

  @Override
  public Optional<FileStatus> status(String path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(local(path), BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(
          new FileStatus(path, attributes.size(), attributes.lastModifiedTime().toMillis()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("Cannot stat " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String path) {
    try {
      Files.deleteIfExists(local(path));
    } catch (IOException e) {
      throw new StorageException("Cannot delete " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean moveIfAbsent(String from, String to) {
    Path source = local(from);
    Path target = local(to);
    try {
      createParents(target);
      Files.createLink(target, source);
      Files.delete(source);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (NoSuchFileException e) {
      throw new StorageFileNotFoundException(from);
    } catch (IOException e) {
      throw new StorageException("Cannot move " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void deleteDirectoryTree(String directory) {
    Path dir = local(directory);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(LocalStorage::deleteQuietly);
    } catch (IOException e) {
      throw new StorageException("Cannot delete " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // best effort: a leftover temp file is hidden from listings
    }
  }
}
