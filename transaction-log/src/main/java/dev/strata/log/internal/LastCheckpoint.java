package dev.strata.log.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.format.Storage;
import dev.strata.format.StoragePaths;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code _last_checkpoint} hint. Readers must survive a missing, stale, empty or corrupt one,
 * so reading never throws: a bad hint is no hint.
 *
 * @param parts number of parts of a multi-part checkpoint, or null
 */
public record LastCheckpoint(
    long version, long size, Integer parts, Long sizeInBytes, Long numOfAddFiles) {

  static Optional<LastCheckpoint> read(Storage storage, String logPath) {
    try {
      byte[] bytes = storage.read(StoragePaths.join(logPath, FileNames.LAST_CHECKPOINT));
      if (bytes.length == 0) {
        return Optional.empty();
      }
      JsonNode node = ActionCodec.MAPPER.readTree(bytes);
      if (node == null || !node.isObject() || !node.path("version").canConvertToLong()) {
        return Optional.empty();
      }
      long version = node.get("version").asLong();
      if (version < 0) {
        return Optional.empty();
      }
      return Optional.of(
          new LastCheckpoint(
              version,
              node.path("size").asLong(-1),
              node.hasNonNull("parts") ? node.get("parts").asInt() : null,
              node.hasNonNull("sizeInBytes") ? node.get("sizeInBytes").asLong() : null,
              node.hasNonNull("numOfAddFiles") ? node.get("numOfAddFiles").asLong() : null));
    } catch (RuntimeException | java.io.IOException e) {
      // Missing or unreadable hint: fall back to listing, as the protocol allows.
      return Optional.empty();
    }
  }

  byte[] toJson() {
    ObjectNode node = ActionCodec.MAPPER.createObjectNode();
    node.put("version", version);
    node.put("size", size);
    if (parts != null) {
      node.put("parts", parts);
    }
    if (sizeInBytes != null) {
      node.put("sizeInBytes", sizeInBytes);
    }
    if (numOfAddFiles != null) {
      node.put("numOfAddFiles", numOfAddFiles);
    }
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
