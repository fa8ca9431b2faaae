package dev.strata.cli.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the pipeline commands: where the lakehouse is and how to find pipelines. */
public final class PipelineOptions {
  /** Default lakehouse root. */
  public static final String DEFAULT_LAKEHOUSE = "lakehouse";

  @Option(
      names = "--lakehouse",
      paramLabel = "DIR",
      defaultValue = DEFAULT_LAKEHOUSE,
      description = "Lakehouse root (a path or URI; default: ${DEFAULT-VALUE}).")
  String lakehouse = DEFAULT_LAKEHOUSE;

  @Option(
      names = "--class",
      paramLabel = "CLASS",
      description =
          "Pipeline class: a dev.strata.pipeline.PipelineProvider, or a class with a static"
              + " pipeline(PipelineContext) method.")
  String className;

  @Option(
      names = "--jar",
      paramLabel = "JAR",
      description = "Jar holding the pipeline class and its dependencies (repeatable).")
  List<Path> jars = new ArrayList<>();

  @Option(
      names = "--option",
      paramLabel = "KEY=VALUE",
      description = "Option passed to the pipeline's provider (repeatable).")
  Map<String, String> options = new LinkedHashMap<>();

  /** The options as they would be repeated on a command line (for "rerun with" hints). */
  List<String> asArguments() {
    List<String> args = new ArrayList<>();
    if (!DEFAULT_LAKEHOUSE.equals(lakehouse)) {
      args.add("--lakehouse");
      args.add(lakehouse);
    }
    if (className != null) {
      args.add("--class");
      args.add(className);
    }
    for (Path j : jars) {
      args.add("--jar");
      args.add(j.toString());
    }
    options.forEach(
        (k, v) -> {
          args.add("--option");
          args.add(k + "=" + v);
        });
    return args;
  }
}
