package dev.strata.format;

import java.nio.file.Path;

/**
 * Path strings as {@link Storage} takes them: a scheme and a <em>decoded</em> path ({@code
 * file:/data/t/x=a%3Ab/part-0.parquet} names a directory literally called {@code x=a%3Ab}). Log
 * paths are URI-encoded and are decoded once before they reach storage.
 */
public final class StoragePaths {
  private StoragePaths() {}

  /**
   * Normalises a user-supplied location: a plain local path becomes an absolute {@code file:} URI;
   * {@code file:///x} and {@code file://localhost/x} become {@code file:/x}; a trailing slash is
   * dropped.
   */
  public static String normalize(String location) {
    if (location == null || location.isBlank()) {
      throw new StrataException("Empty table location: give a path or a URI such as file:/data/t");
    }
    String result;
    int colon = location.indexOf(':');
    boolean hasScheme =
        colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
    if (!hasScheme) {
      result = "file:" + Path.of(location).toAbsolutePath().normalize();
    } else if (location.startsWith("file:")) {
      String rest = location.substring("file:".length());
      if (rest.startsWith("//localhost/")) {
        rest = decode(rest.substring("//localhost".length()));
      } else if (rest.startsWith("///")) {
        rest = decode(rest.substring(2));
      }
      result = "file:" + Path.of(rest).toAbsolutePath().normalize();
    } else {
      result = location;
    }
    while (result.endsWith("/") && !result.endsWith(":/") && !result.endsWith("://")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }

  /**
   * Decodes the path of a {@code file://} URI a user gave ({@code file:///tmp/my%20table}, what
   * {@code Path.toUri()} prints). {@code file:/x}, the form Storage paths take, is left as is: it
   * is already decoded and may name a directory literally called {@code x=a%3Ab}.
   */
  private static String decode(String uriPath) {
    try {
      return new java.net.URI("file://" + uriPath).getPath();
    } catch (java.net.URISyntaxException e) {
      // Not a valid URI (a raw space, say): taken literally, as before.
      return uriPath;
    }
  }

  /** The scheme of a normalised path ({@code file}, {@code s3}, ...). */
  public static String scheme(String path) {
    int colon = path.indexOf(':');
    return colon < 0 ? "file" : path.substring(0, colon);
  }

  /** Appends a relative (decoded) path to a base path. */
  public static String join(String base, String relative) {
    if (relative.isEmpty()) {
      return base;
    }
    if (base.endsWith("/")) {
      return base + relative;
    }
    return base + "/" + relative;
  }

  /** The last segment of a path. */
  public static String name(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** The path without its last segment. */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }

  /**
   * The path of {@code child} relative to {@code base}, or null when {@code child} is not under it.
   */
  public static String relativize(String base, String child) {
    String prefix = base.endsWith("/") ? base : base + "/";
    return child.startsWith(prefix) ? child.substring(prefix.length()) : null;
  }

  /** The local file-system path of a {@code file:} path. */
  public static Path toLocalPath(String path) {
    if (path.startsWith("file:")) {
      String rest = path.substring("file:".length());
      if (rest.startsWith("//localhost/")) {
        rest = rest.substring("//localhost".length());
      } else if (rest.startsWith("///")) {
        rest = rest.substring(2);
      }
      return Path.of(rest);
    }
    if (path.indexOf(':') > 1) {
      throw new StrataException("Not a local path: " + path);
    }
    return Path.of(path);
  }
}
