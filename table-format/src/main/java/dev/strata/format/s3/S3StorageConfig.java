package dev.strata.format.s3;

import dev.strata.format.StrataException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How an {@link S3Storage} reaches its store. Built with {@link #builder()} or read from {@code
 * strata.s3.*} properties by {@link #fromProperties(Map)}.
 *
 * @param region AWS region; null means the SDK's default region chain ({@code us-east-1} when an
 *     endpoint override is set)
 * @param endpoint endpoint override for S3-compatible servers (MinIO, S3Proxy), or null for AWS
 * @param pathStyleAccess address buckets as {@code http://host/bucket/key} instead of virtual hosts
 * @param accessKey explicit access key, or null for the SDK's default credentials chain
 * @param secretKey explicit secret key (with {@code accessKey})
 * @param partSize multipart part size in bytes, {@value #MIN_PART_SIZE} to {@value #MAX_PART_SIZE}
 * @param uploadParallelism parts of one file uploaded at the same time
 * @param maxAttempts attempts per request (first try plus retries) on throttling, 5xx and I/O
 *     errors
 * @param connectTimeout TCP connect timeout
 * @param socketTimeout time a request may wait for data before it fails
 */
public record S3StorageConfig(
    String region,
    URI endpoint,
    boolean pathStyleAccess,
    String accessKey,
    String secretKey,
    long partSize,
    int uploadParallelism,
    int maxAttempts,
    Duration connectTimeout,
    Duration socketTimeout) {

  /** Property prefix; each key below is also read from a system property or a variable. */
  public static final String PREFIX = "strata.s3.";

  /** Endpoint override URI ({@code http://127.0.0.1:9000}). Default: AWS. */
  public static final String ENDPOINT = "strata.s3.endpoint";

  /** Region. Default: the SDK's region chain, or {@code us-east-1} with an endpoint override. */
  public static final String REGION = "strata.s3.region";

  /** {@code true} for path-style bucket addressing. Default {@code false}. */
  public static final String PATH_STYLE_ACCESS = "strata.s3.path-style-access";

  /** Access key; with {@link #SECRET_KEY}. Default: the SDK's default credentials chain. */
  public static final String ACCESS_KEY = "strata.s3.access-key";

  /** Secret key; with {@link #ACCESS_KEY}. */
  public static final String SECRET_KEY = "strata.s3.secret-key";

  /** Multipart part size in bytes, or with a {@code k}/{@code m} suffix. Default 16m. */
  public static final String PART_SIZE = "strata.s3.part-size";

  /** Parts of one file in flight at once. Default {@value #DEFAULT_UPLOAD_PARALLELISM}. */
  public static final String UPLOAD_PARALLELISM = "strata.s3.upload-parallelism";

  /** Attempts per request. Default {@value #DEFAULT_MAX_ATTEMPTS}. */
  public static final String MAX_ATTEMPTS = "strata.s3.max-attempts";

  /** Connect timeout in milliseconds. Default 5000. */
  public static final String CONNECT_TIMEOUT_MS = "strata.s3.connect-timeout-ms";

  /** Socket (read) timeout in milliseconds. Default 60000. */
  public static final String SOCKET_TIMEOUT_MS = "strata.s3.socket-timeout-ms";

  public static final long MIN_PART_SIZE = 8L << 20;
  public static final long MAX_PART_SIZE = 64L << 20;
  public static final long DEFAULT_PART_SIZE = 16L << 20;
  public static final int DEFAULT_UPLOAD_PARALLELISM = 4;
  public static final int DEFAULT_MAX_ATTEMPTS = 4;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);

  public S3StorageConfig {
    if ((accessKey == null) != (secretKey == null)) {
      throw new StrataException(
          "S3 configuration: give both "
              + ACCESS_KEY
              + " and "
              + SECRET_KEY
              + ", or neither to use the default AWS credentials chain");
    }
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new StrataException(
          "S3 configuration: "
              + PART_SIZE
              + " must be between 8m and 64m, got "
              + partSize
              + " bytes");
    }
    if (uploadParallelism < 1 || maxAttempts < 1) {
      throw new StrataException(
          "S3 configuration: " + UPLOAD_PARALLELISM + " and " + MAX_ATTEMPTS + " must be >= 1");
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults overridden by {@code strata.s3.*} system properties and variables. */
  public static S3StorageConfig fromEnvironment() {
    return fromProperties(Map.of());
  }

  /**
   * Reads {@code strata.s3.*} keys from {@code properties}, then from system properties of the same
   * name, then from environment variables ({@code strata.s3.path-style-access} is {@code
   * STRATA_S3_PATH_STYLE_ACCESS}), so a CLI can pass them either way.
   */
  public static S3StorageConfig fromProperties(Map<String, String> properties) {
    return fromProperties(properties, System::getProperty, System::getenv);
  }

  static S3StorageConfig fromProperties(
      Map<String, String> properties,
      Function<String, String> systemProperties,
      Function<String, String> environment) {
    Function<String, String> lookup =
        key -> {
          String value = properties.get(key);
          if (value == null) {
            value = systemProperties.apply(key);
          }
          if (value == null) {
            value =
                environment.apply(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
          }
          return value == null || value.isBlank() ? null : value.trim();
        };
    Builder builder = builder();
    String endpoint = lookup.apply(ENDPOINT);
    if (endpoint != null) {
      builder.endpoint(parseEndpoint(endpoint));
    }
    builder.region(lookup.apply(REGION));
    String pathStyle = lookup.apply(PATH_STYLE_ACCESS);
    if (pathStyle != null) {
      if (parseBoolean(PATH_STYLE_ACCESS, pathStyle)) {
        builder.pathStyleAccess();
      } else {
        builder.virtualHostedAccess();
      }
    }
    String accessKey = lookup.apply(ACCESS_KEY);
    String secretKey = lookup.apply(SECRET_KEY);
    if (accessKey != null || secretKey != null) {
      builder.credentials(accessKey, secretKey);
    }
    String partSize = lookup.apply(PART_SIZE);
    if (partSize != null) {
      builder.partSize(parseSize(partSize));
    }
    String parallelism = lookup.apply(UPLOAD_PARALLELISM);
    if (parallelism != null) {
      builder.uploadParallelism(parseInt(UPLOAD_PARALLELISM, parallelism));
    }
    String attempts = lookup.apply(MAX_ATTEMPTS);
    if (attempts != null) {
      builder.maxAttempts(parseInt(MAX_ATTEMPTS, attempts));
    }
    String connect = lookup.apply(CONNECT_TIMEOUT_MS);
    if (connect != null) {
      builder.connectTimeout(Duration.ofMillis(parseInt(CONNECT_TIMEOUT_MS, connect)));
    }
    String socket = lookup.apply(SOCKET_TIMEOUT_MS);
    if (socket != null) {
      builder.socketTimeout(Duration.ofMillis(parseInt(SOCKET_TIMEOUT_MS, socket)));
    }
    return builder.build();
  }

  /** A short description of where requests go, for error messages. */
  public String endpointDescription() {
    if (endpoint != null) {
      return endpoint.toString();
    }
    return region == null ? "AWS S3 (default region)" : "AWS S3 (" + region + ")";
  }

  /** Key material never appears in logs or messages. */
  @Override
  public String toString() {
    return "S3StorageConfig[endpoint="
        + endpointDescription()
        + ", pathStyleAccess="
        + pathStyleAccess
        + ", credentials="
        + (accessKey == null ? "default chain" : "explicit")
        + ", partSize="
        + partSize
        + ", uploadParallelism="
        + uploadParallelism
        + ", maxAttempts="
        + maxAttempts
        + "]";
  }

  private static URI parseEndpoint(String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new StrataException(
          "S3 configuration: "
              + ENDPOINT
              + " must be a URI such as http://127.0.0.1:9000, got '"
              + value
              + "'",
          e);
    }
  }

  private static boolean parseBoolean(String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new StrataException(
              "S3 configuration: " + key + " must be true or false, got '" + value + "'");
    };
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new StrataException(
          "S3 configuration: " + key + " must be a whole number, got '" + value + "'", e);
    }
  }

  static long parseSize(String value) {
    String v = value.toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
    long factor = 1;
    if (v.endsWith("k")) {
      factor = 1L << 10;
      v = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m")) {
      factor = 1L << 20;
      v = v.substring(0, v.length() - 1);
    }
    try {
      return Long.parseLong(v.trim()) * factor;
    } catch (NumberFormatException e) {
      throw new StrataException(
          "S3 configuration: " + PART_SIZE + " must be a size such as 16m, got '" + value + "'", e);
    }
  }

  /** Builds an {@link S3StorageConfig}; every setting has a default. */
  public static final class Builder {
    private String region;
    private URI endpoint;
    private boolean pathStyleAccess;
    private String accessKey;
    private String secretKey;
    private long partSize = DEFAULT_PART_SIZE;
    private int uploadParallelism = DEFAULT_UPLOAD_PARALLELISM;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;

    private Builder() {}

    /** The AWS region (null: the SDK's region chain). */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** An endpoint override for an S3-compatible server. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Addresses buckets in the path ({@code http://host/bucket/key}), as most servers want. */
    public Builder pathStyleAccess() {
      this.pathStyleAccess = true;
      return this;
    }

    /** Addresses buckets as virtual hosts ({@code http://bucket.host/key}), the AWS default. */
    public Builder virtualHostedAccess() {
      this.pathStyleAccess = false;
      return this;
    }

    /** Explicit static credentials instead of the default chain. */
    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /** Uses the SDK's default credentials chain (environment, profile, instance role). */
    public Builder defaultCredentials() {
      this.accessKey = null;
      this.secretKey = null;
      return this;
    }

    /** Multipart part size in bytes (8 MiB to 64 MiB). */
    public Builder partSize(long bytes) {
      this.partSize = bytes;
      return this;
    }

    /** Parts of one file uploaded at the same time. */
    public Builder uploadParallelism(int parts) {
      this.uploadParallelism = parts;
      return this;
    }

    /** Attempts per request, the first included. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder socketTimeout(Duration timeout) {
      this.socketTimeout = timeout;
      return this;
    }

    public S3StorageConfig build() {
      return new S3StorageConfig(
          region,
          endpoint,
          pathStyleAccess,
          accessKey,
          secretKey,
          partSize,
          uploadParallelism,
          maxAttempts,
          connectTimeout,
          socketTimeout);
    }
  }
}
