package dev.strata.engine.spi;

import dev.strata.engine.Dataset;
import dev.strata.engine.WriteOptions;
import dev.strata.engine.WriteResult;

/**
 * Performs {@code dataset.write()...save(uri)}. The writer module implements it and registers it in
 * {@code META-INF/services/dev.strata.engine.spi.WriteExecutor}; the engine finds it with {@link
 * java.util.ServiceLoader}.
 */
public interface WriteExecutor {
  /** Writes the Dataset to the table at {@code uri} as the options say, and commits. */
  WriteResult write(Dataset data, WriteOptions options, String uri);
}
