package dev.strata.pipeline;

import java.util.regex.Pattern;

/** Validation of pipeline and step names: they become parts of app ids and file names. */
final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private Names() {}

  static String check(String kind, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new PipelineException(
          "Invalid " + kind + " name '" + name + "': use letters, digits, '_' or '-'.");
    }
    return name;
  }
}
