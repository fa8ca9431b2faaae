package dev.strata.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A step that runs outside the JVM as a Spark application, for work larger than one machine. Strata
 * assembles the {@code spark-submit} command, prepares the environment, streams the application's
 * standard error to the log, picks up the tracking URL, maps the exit code to success or failure,
 * and then checks that the target table's log holds the step's {@code txn(appId, version)}: the
 * application must write its output with that idempotency marker, which it receives as {@code
 * --conf spark.strata.txn.appId=...} and {@code spark.strata.txn.version} (and in the environment
 * as {@code STRATA_TXN_APP_ID} / {@code STRATA_TXN_VERSION}).
 *
 * <p>Arguments and {@code --conf} values may use the placeholders {@code {partition}}, {@code
 * {appId}}, {@code {version}}, {@code {target}}, {@code {step}} and {@code {runId}}.
 *
 * <pre>{@code
 * SparkSubmitStep.builder("big_join")
 *     .reads("silver/orders")
 *     .target("gold/big_join")
 *     .master("yarn").deployMode("cluster")
 *     .conf("spark.executor.memory", "8g")
 *     .application("s3://jobs/big-join.jar").mainClass("com.acme.BigJoin")
 *     .args("--date", "{partition}", "--target", "{target}")
 *     .build();
 * }</pre>
 */
public final class SparkSubmitStep implements Step {
  /** Configuration key for the Spark installation when neither the step nor SPARK_HOME set it. */
  public static final String SPARK_HOME_KEY = "strata.spark.home";

  private final String name;
  private final List<String> reads;
  private final String target;
  private final boolean partitioned;
  private final RetryPolicy retry;
  private final String sparkSubmit;
  private final String sparkHome;
  private final String master;
  private final String deployMode;
  private final String mainClass;
  private final Map<String, String> conf;
  private final List<String> jars;
  private final List<String> pyFiles;
  private final String application;
  private final List<String> args;
  private final Map<String, String> env;

  private SparkSubmitStep(Builder b) {
    this.name = b.name;
    this.reads = List.copyOf(b.reads);
    this.target = Objects.requireNonNull(b.target, "target of spark-submit step " + b.name);
    this.partitioned = b.partitioned;
    this.retry = b.retry;
    this.sparkSubmit = b.sparkSubmit;
    this.sparkHome = b.sparkHome;
    this.master = b.master;
    this.deployMode = b.deployMode;
    this.mainClass = b.mainClass;
    this.conf = Map.copyOf(b.conf);
    this.jars = List.copyOf(b.jars);
    this.pyFiles = List.copyOf(b.pyFiles);
    this.application =
        Objects.requireNonNull(b.application, "application of spark-submit step " + b.name);
    this.args = List.copyOf(b.args);
    this.env = Map.copyOf(b.env);
  }

  /** A builder for a step with this name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public List<String> reads() {
    return reads;
  }

  @Override
  public boolean partitioned() {
    return partitioned;
  }

  @Override
  public RetryPolicy retry() {
    return retry;
  }

  /**
   * The command line for one (step, partition).
   *
   * @param placeholders values for {@code {partition}}, {@code {appId}}, ... in args and confs
   * @param environment the process environment, used to find {@code SPARK_HOME}
   * @param config configuration ({@link #SPARK_HOME_KEY})
   */
  public List<String> command(
      Map<String, String> placeholders,
      Map<String, String> environment,
      Map<String, String> config) {
    List<String> cmd = new ArrayList<>();
    cmd.add(sparkSubmitExecutable(environment, config));
    if (master != null) {
      cmd.add("--master");
      cmd.add(master);
    }
    if (deployMode != null) {
      cmd.add("--deploy-mode");
      cmd.add(deployMode);
    }
    cmd.add("--name");
    cmd.add("strata:" + placeholders.getOrDefault("appId", name));
    if (mainClass != null) {
      cmd.add("--class");
      cmd.add(mainClass);
    }
    Map<String, String> allConf = new LinkedHashMap<>();
    new java.util.TreeMap<>(conf).forEach((k, v) -> allConf.put(k, substitute(v, placeholders)));
    allConf.put("spark.strata.txn.appId", placeholders.getOrDefault("appId", ""));
    allConf.put("spark.strata.txn.version", placeholders.getOrDefault("version", ""));
    allConf.put("spark.strata.partition", placeholders.getOrDefault("partition", ""));
    allConf.put("spark.strata.target", placeholders.getOrDefault("target", ""));
    allConf.forEach(
        (k, v) -> {
          cmd.add("--conf");
          cmd.add(k + "=" + v);
        });
    if (!jars.isEmpty()) {
      cmd.add("--jars");
      cmd.add(String.join(",", jars));
    }
    if (!pyFiles.isEmpty()) {
      cmd.add("--py-files");
      cmd.add(String.join(",", pyFiles));
    }
    cmd.add(application);
    for (String a : args) {
      cmd.add(substitute(a, placeholders));
    }
    return cmd;
  }

  /** Environment variables the step adds to the process's environment. */
  public Map<String, String> environment(Map<String, String> placeholders) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach((k, v) -> out.put(k, substitute(v, placeholders)));
    out.put("STRATA_TXN_APP_ID", placeholders.getOrDefault("appId", ""));
    out.put("STRATA_TXN_VERSION", placeholders.getOrDefault("version", ""));
    out.put("STRATA_PARTITION", placeholders.getOrDefault("partition", ""));
    out.put("STRATA_TARGET", placeholders.getOrDefault("target", ""));
    return out;
  }

  private String sparkSubmitExecutable(
      Map<String, String> environment, Map<String, String> config) {
    if (sparkSubmit != null) {
      return sparkSubmit;
    }
    String home = sparkHome;
    if (home == null) {
      home = config.get(SPARK_HOME_KEY);
    }
    if (home == null) {
      home = environment.get("SPARK_HOME");
    }
    if (home == null) {
      throw new PipelineException(
          "Step '"
              + name
              + "' runs spark-submit but no Spark installation is known: set SPARK_HOME, the "
              + SPARK_HOME_KEY
              + " setting, or sparkHome(...) on the step.");
    }
    Path p = Path.of(home, "bin", "spark-submit");
    if (!Files.isExecutable(p)) {
      throw new PipelineException(
          "Step '" + name + "': " + p + " does not exist or is not executable; check SPARK_HOME.");
    }
    return p.toString();
  }

  static String substitute(String s, Map<String, String> placeholders) {
    String out = s;
    for (Map.Entry<String, String> e : placeholders.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  /** Builds a {@link SparkSubmitStep}. */
  public static final class Builder {
    private final String name;
    private final List<String> reads = new ArrayList<>();
    private String target;
    private boolean partitioned = true;
    private RetryPolicy retry;
    private String sparkSubmit;
    private String sparkHome;
    private String master;
    private String deployMode;
    private String mainClass;
    private final Map<String, String> conf = new LinkedHashMap<>();
    private final List<String> jars = new ArrayList<>();
    private final List<String> pyFiles = new ArrayList<>();
    private String application;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Names.check("step", name);
    }

    /**
     * Tables the application reads (lakehouse-relative names of other steps' targets create
     * dependencies).
     */
    public Builder reads(String... tables) {
      reads.addAll(List.of(tables));
      return this;
    }

    /** The table the application writes (lakehouse-relative or a URI). */
    public Builder target(String table) {
      this.target = table;
      return this;
    }

    /** Runs once per run instead of once per partition. */
    public Builder unpartitioned() {
      this.partitioned = false;
      return this;
    }

    /** Overrides the pipeline's retry policy. */
    public Builder retry(RetryPolicy policy) {
      this.retry = policy;
      return this;
    }

    /** The spark-submit executable itself (overrides the Spark home). */
    public Builder sparkSubmit(String executable) {
      this.sparkSubmit = executable;
      return this;
    }

    /** The Spark installation whose {@code bin/spark-submit} is used. */
    public Builder sparkHome(String home) {
      this.sparkHome = home;
      return this;
    }

    /** {@code --master}. */
    public Builder master(String master) {
      this.master = master;
      return this;
    }

    /** {@code --deploy-mode} ({@code client} or {@code cluster}). */
    public Builder deployMode(String mode) {
      this.deployMode = mode;
      return this;
    }

    /** {@code --class}. */
    public Builder mainClass(String className) {
      this.mainClass = className;
      return this;
    }

    /** One {@code --conf key=value}. */
    public Builder conf(String key, String value) {
      conf.put(key, value);
      return this;
    }

    /** {@code --jars}. */
    public Builder jars(String... paths) {
      jars.addAll(List.of(paths));
      return this;
    }

    /** {@code --py-files}. */
    public Builder pyFiles(String... paths) {
      pyFiles.addAll(List.of(paths));
      return this;
    }

    /** The application jar or Python file. */
    public Builder application(String path) {
      this.application = path;
      return this;
    }

    /** Application arguments (placeholders allowed). */
    public Builder args(String... arguments) {
      args.addAll(List.of(arguments));
      return this;
    }

    /** An environment variable of the spark-submit process. */
    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** {@code HADOOP_CONF_DIR} of the spark-submit process. */
    public Builder hadoopConfDir(String dir) {
      return env("HADOOP_CONF_DIR", dir);
    }

    /** {@code HADOOP_USER_NAME} of the spark-submit process. */
    public Builder hadoopUserName(String user) {
      return env("HADOOP_USER_NAME", user);
    }

    /** The step. */
    public SparkSubmitStep build() {
      return new SparkSubmitStep(this);
    }
  }
}
