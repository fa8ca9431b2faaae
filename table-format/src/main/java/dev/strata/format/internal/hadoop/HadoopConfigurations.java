package dev.strata.format.internal.hadoop;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The one place Strata creates Hadoop {@link Configuration}s: for Parquet's codecs and for the
 * Hadoop-backed storage. Loading Hadoop's default resources costs a few milliseconds, so the base
 * configuration is built once and copied.
 */
public final class HadoopConfigurations {
  private static volatile Configuration base;

  private HadoopConfigurations() {}

  /** A shared configuration for read-only use (Parquet codecs). Do not modify it. */
  public static Configuration shared() {
    Configuration conf = base;
    if (conf == null) {
      synchronized (HadoopConfigurations.class) {
        conf = base;
        if (conf == null) {
          LogSilencer.silenceHadoopAndParquet();
          conf = new Configuration();
          // Hadoop's local file system forks a chmod per file and writes .crc sidecars; where
          // Hadoop serves local files it should be the raw one.
          conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
          conf.setBoolean("fs.file.impl.disable.cache", true);
          base = conf;
        }
      }
    }
    return conf;
  }

  /** A new configuration: the shared defaults plus {@code properties}. */
  public static Configuration create(Map<String, String> properties) {
    Configuration conf = new Configuration(shared());
    properties.forEach(conf::set);
    return conf;
  }
}
