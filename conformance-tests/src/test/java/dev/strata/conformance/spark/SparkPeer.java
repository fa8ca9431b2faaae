package dev.strata.conformance.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Spark 3.5 + Delta Lake 3.3 running in its own JVM (the {@code spark-peer} module's driver), one
 * process for the whole test run. Spark cannot share the test JVM: its Parquet, Jackson and Avro
 * versions differ from the ones Strata is built on, so it runs from the classpath file the peer
 * module's build writes.
 *
 * <p>If the peer module has not been built (no classpath file) the calling test is skipped with the
 * reason; once it is built, a peer that fails to start fails the test.
 */
public final class SparkPeer implements AutoCloseable {
  /** A failed Spark request: the peer's exception chain. */
  public static final class SparkException extends RuntimeException {
    SparkException(String message) {
      super(message);
    }
  }

  /**
   * The answer to a statement: column names, rows in canonical text form, and the same rows value
   * by value.
   */
  public record Result(List<String> columns, List<String> rows, List<List<String>> cells) {
    /** The rendered value of {@code column} in row {@code row}. */
    public String cell(int row, String column) {
      int i = columns.indexOf(column);
      if (i < 0) {
        throw new IllegalArgumentException("no column " + column + " in " + columns);
      }
      return cells.get(row).get(i);
    }

    /** The value of {@code column} in row {@code row} without the quotes of a string. */
    public String text(int row, String column) {
      String v = cell(row, column);
      return v.startsWith("'") && v.endsWith("'") ? v.substring(1, v.length() - 1) : v;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long START_TIMEOUT_S = 300;
  private static final long REQUEST_TIMEOUT_S = 600;
  private static final List<String> OPENS =
      List.of(
          "java.lang",
          "java.lang.invoke",
          "java.lang.reflect",
          "java.io",
          "java.net",
          "java.nio",
          "java.util",
          "java.util.concurrent",
          "java.util.concurrent.atomic",
          "jdk.internal.ref",
          "sun.nio.ch",
          "sun.nio.cs",
          "sun.security.action",
          "sun.util.calendar");

  private static SparkPeer shared;
  private static String unavailable;

  private final Process process;
  private final BufferedWriter stdin;
  private final BufferedReader stdout;
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "spark-peer-reader");
            t.setDaemon(true);
            return t;
          });
  private final Path logFile;
  private final String sparkVersion;

  private SparkPeer(Process process, Path logFile) throws Exception {
    this.process = process;
    this.logFile = logFile;
    this.stdin =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    JsonNode ready = readAnswer(START_TIMEOUT_S);
    if (!ready.path("ready").asBoolean()) {
      throw new IllegalStateException("Spark peer did not report ready: " + ready + logTail());
    }
    this.sparkVersion = ready.path("spark").asText();
  }

  /**
   * The run's shared peer, started on first use; skips the caller (JUnit assumption) when the
   * spark-peer module was not built.
   */
  public static synchronized SparkPeer shared() {
    if (shared == null && unavailable == null) {
      Path dir = Paths.get(System.getProperty("strata.spark.peer.dir", "../spark-peer/target"));
      Path classpathFile = dir.resolve("spark-peer.classpath");
      Path classes = dir.resolve("classes");
      if (!Files.isRegularFile(classpathFile) || !Files.isDirectory(classes)) {
        unavailable =
            "Spark peer not built: "
                + classpathFile.toAbsolutePath()
                + " is missing (build with `mvn -pl conformance-tests -am test`)";
      } else {
        try {
          shared = start(dir, classpathFile, classes);
          Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "spark-peer-stop"));
        } catch (Exception e) {
          throw new IllegalStateException("Spark peer failed to start: " + e.getMessage(), e);
        }
      }
    }
    if (unavailable != null) {
      System.err.println("SKIP: " + unavailable);
      Assumptions.assumeTrue(false, unavailable);
    }
    return shared;
  }

  private static SparkPeer start(Path dir, Path classpathFile, Path classes) throws Exception {
    String classpath =
        classes.toAbsolutePath()
            + java.io.File.pathSeparator
            + Files.readString(classpathFile).trim();
    Path work = Files.createDirectories(dir.resolve("spark-peer-run"));
    Path log = work.resolve("spark-peer.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String p : OPENS) {
      cmd.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
    }
    cmd.add("-Djdk.reflect.useDirectMethodHandle=false");
    cmd.add("-Dio.netty.tryReflectionSetAccessible=true");
    cmd.add("-Xmx1g");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add("dev.strata.sparkpeer.SparkPeerMain");
    cmd.add(work.resolve("warehouse").toString());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    long t0 = System.nanoTime();
    SparkPeer peer = new SparkPeer(pb.start(), log);
    System.err.printf(
        "Spark peer %s ready in %.1f s (log: %s)%n",
        peer.sparkVersion, (System.nanoTime() - t0) / 1e9, log);
    return peer;
  }

  /** The Spark version the peer runs. */
  public String sparkVersion() {
    return sparkVersion;
  }

  /** The operating-system process id of the peer JVM. */
  public long pid() {
    return process.pid();
  }

  /** Runs one SQL statement and returns its rows; throws {@link SparkException} if Spark fails. */
  public Result sql(String statement) {
    ObjectNode req = JSON.createObjectNode();
    req.put("op", "sql");
    req.put("sql", statement);
    return call(req);
  }

  /** The rows of a query, in canonical form. */
  public List<String> rows(String query) {
    return sql(query).rows();
  }

  /**
   * Writes the result of {@code query} to the Delta table at {@code path} with Spark's DataFrame
   * writer, which is where writer options such as {@code txnAppId} live.
   */
  public void write(
      String query,
      String path,
      String mode,
      List<String> partitionBy,
      Map<String, String> options) {
    ObjectNode req = JSON.createObjectNode();
    req.put("op", "write");
    req.put("sql", query);
    req.put("path", path);
    req.put("mode", mode);
    partitionBy.forEach(req.putArray("partitionBy")::add);
    ObjectNode opts = req.putObject("options");
    options.forEach(opts::put);
    call(req);
  }

  /**
   * Creates a Delta table at {@code path} with Delta's table builder; each column is {@code name
   * type [NOT NULL] [GENERATED <expr> | IDENTITY]}.
   */
  public void create(String path, List<String> columns, List<String> partitionBy) {
    ObjectNode req = JSON.createObjectNode();
    req.put("op", "create");
    req.put("path", path);
    var cols = req.putArray("columns");
    for (String spec : columns) {
      String[] parts = spec.split(" ", 3);
      ObjectNode c = cols.addObject();
      c.put("name", parts[0]);
      c.put("type", parts[1]);
      String rest = parts.length > 2 ? parts[2] : "";
      c.put("nullable", !rest.contains("NOT NULL"));
      if (rest.startsWith("GENERATED ")) {
        c.put("generatedAlwaysAs", rest.substring("GENERATED ".length()));
      }
      c.put("identity", rest.equals("IDENTITY"));
    }
    partitionBy.forEach(req.putArray("partitionBy")::add);
    call(req);
  }

  /** Sets a session conf; a null value unsets it. */
  public void conf(String key, String value) {
    ObjectNode req = JSON.createObjectNode();
    req.put("op", "conf");
    req.put("key", key);
    req.put("value", value);
    call(req);
  }

  private synchronized Result call(ObjectNode request) {
    try {
      stdin.write(JSON.writeValueAsString(request));
      stdin.newLine();
      stdin.flush();
      JsonNode answer = readAnswer(REQUEST_TIMEOUT_S);
      if (!answer.path("ok").asBoolean()) {
        throw new SparkException(answer.path("error").asText() + "\n(request: " + request + ")");
      }
      List<String> columns = new ArrayList<>();
      answer.path("columns").forEach(n -> columns.add(n.asText()));
      List<String> rows = new ArrayList<>();
      answer.path("rows").forEach(n -> rows.add(n.asText()));
      List<List<String>> cells = new ArrayList<>();
      for (JsonNode r : answer.path("cells")) {
        List<String> values = new ArrayList<>();
        r.forEach(n -> values.add(n.asText()));
        cells.add(values);
      }
      return new Result(columns, rows, cells);
    } catch (IOException e) {
      throw new IllegalStateException("Spark peer I/O failed" + logTail(), e);
    }
  }

  private JsonNode readAnswer(long timeoutSeconds) throws IOException {
    Future<String> line = reader.submit(stdout::readLine);
    try {
      String text = line.get(timeoutSeconds, TimeUnit.SECONDS);
      if (text == null) {
        throw new IOException("Spark peer exited" + logTail());
      }
      return JSON.readTree(text);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IOException(
          "Spark peer gave no answer within " + timeoutSeconds + " s; killed it" + logTail());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for the Spark peer", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("reading the Spark peer failed" + logTail(), e.getCause());
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return "\n--- last lines of "
          + logFile
          + " ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public synchronized void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      stdin.write("{\"op\":\"exit\"}");
      stdin.newLine();
      stdin.flush();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (Exception e) {
      process.destroyForcibly();
    }
    reader.shutdownNow();
  }
}
