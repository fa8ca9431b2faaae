package dev.strata.log;

import dev.strata.log.internal.ActionCodec;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Conversions of actions to and from their JSON line in a commit file. */
public final class Actions {
  private Actions() {}

  /** The one-line JSON form of an action, as written in a commit file (no newline). */
  public static String toJson(Action action) {
    return ActionCodec.toJson(action);
  }

  /**
   * Parses one commit line. Returns null for an action Strata does not know (the protocol says to
   * ignore it); unknown fields are ignored.
   *
   * @throws CorruptLogException when the line is not valid JSON
   */
  public static Action fromJson(String line) {
    return ActionCodec.parseLine(line);
  }

  static Map<String, String> copyNullable(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    // Map.copyOf rejects null values, which partition values use for SQL NULL.
    return Collections.unmodifiableMap(
        map.size() == 1 ? new HashMap<>(map) : new LinkedHashMap<>(map));
  }
}
