package dev.strata.format.s3;

import dev.strata.format.StrataException;

/**
 * A parsed {@code s3://bucket/key} path. The key is the decoded path after the bucket, used as the
 * object key as it is; the scheme is kept so listings answer in the scheme they were asked in.
 */
record S3Location(String scheme, String bucket, String key) {

  static S3Location parse(String path) {
    int separator = path.indexOf("://");
    if (separator <= 0) {
      throw new StrataException("Not an S3 location: '" + path + "'; expected s3://bucket/key");
    }
    String rest = path.substring(separator + 3);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new StrataException(
          "No bucket in S3 location '" + path + "'; expected s3://bucket/key");
    }
    return new S3Location(path.substring(0, separator), bucket, key);
  }

  /** The key prefix that lists what is under this location taken as a directory. */
  String directoryPrefix() {
    if (key.isEmpty() || key.endsWith("/")) {
      return key;
    }
    return key + "/";
  }

  /** The path of another key in the same bucket, in this location's scheme. */
  String uri(String otherKey) {
    return scheme + "://" + bucket + "/" + otherKey;
  }

  @Override
  public String toString() {
    return uri(key);
  }
}
