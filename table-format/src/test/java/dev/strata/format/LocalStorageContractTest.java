package dev.strata.format;

import dev.strata.format.testing.StorageContractTest;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageContractTest extends StorageContractTest {
  @TempDir Path dir;
  private final LocalStorage storage = new LocalStorage();

  @Override
  protected Storage storage() {
    return storage;
  }

  @Override
  protected String newRoot() {
    return StoragePaths.normalize(dir.resolve(UUID.randomUUID().toString()).toString());
  }

  @Override
  protected long partSize() {
    return 0;
  }
}
