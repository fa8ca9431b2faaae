package dev.strata.log.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.OptionalLong;

/** Cheap reads of single fields of an {@code add.stats} string without parsing the rest. */
public final class StatsJson {
  private StatsJson() {}

  /** {@code numRecords} of a stats string, empty when absent or unreadable. */
  public static OptionalLong numRecords(String stats) {
    if (stats == null || stats.isEmpty()) {
      return OptionalLong.empty();
    }
    try (JsonParser p = ActionCodec.FACTORY.createParser(stats)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return OptionalLong.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if ("numRecords".equals(name) && t.isNumeric()) {
          return OptionalLong.of(p.getLongValue());
        }
        p.skipChildren();
      }
      return OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }
}
