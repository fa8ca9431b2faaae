package dev.strata.log.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.log.Action;
import dev.strata.log.AddCDCFile;
import dev.strata.log.AddFile;
import dev.strata.log.CommitInfo;
import dev.strata.log.CorruptLogException;
import dev.strata.log.DeletionVectorDescriptor;
import dev.strata.log.DomainMetadata;
import dev.strata.log.Metadata;
import dev.strata.log.Protocol;
import dev.strata.log.RemoveFile;
import dev.strata.log.SetTransaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON of log actions with Jackson's streaming parser and generator: commit files hold many {@code
 * add} lines and a tree model per line costs several times the parse itself.
 */
public final class ActionCodec {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonFactory FACTORY = MAPPER.getFactory();

  private ActionCodec() {}

  /** A line that could not be parsed; carries the 1-based line number. */
  public static final class LineException extends RuntimeException {
    final int line;

    LineException(int line, String message, Throwable cause) {
      super(message, cause);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  // ---------------------------------------------------------------- reading

  /** Parses one line; null for an unknown action. */
  public static Action parseLine(String line) {
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new CorruptLogException("Not a JSON object: " + abbreviate(line));
      }
      Object parsed = readActionObject(p);
      return parsed instanceof Action a ? a : null;
    } catch (IOException e) {
      throw new CorruptLogException(
          "Invalid action JSON: " + e.getMessage() + ": " + abbreviate(line), e);
    }
  }

  /**
   * Parses a whole commit (or JSON checkpoint) file: {@link Action}s and checkpoint-only records
   * ({@link Sidecar}); unknown actions are skipped.
   *
   * @throws LineException naming the line that is not valid
   */
  public static List<Object> parseFile(byte[] bytes) {
    List<Object> result = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(bytes)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          throw new LineException(
              (int) p.currentLocation().getLineNr(),
              "expected a JSON object, found " + token,
              null);
        }
        Object action = readActionObject(p);
        if (action != null) {
          result.add(action);
        }
      }
    } catch (LineException e) {
      throw e;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? -1 : (int) e.getLocation().getLineNr();
      throw new LineException(line, e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new LineException(-1, e.getMessage(), e);
    }
    return result;
  }

  /** Reads {@code {"<name>": {...}}} with the parser on its START_OBJECT. */
  private static Object readActionObject(JsonParser p) throws IOException {
    Object result = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      Object action =
          switch (name) {
            case "add" -> readAdd(p);
            case "remove" -> readRemove(p);
            case "metaData" -> readMetadata(p);
            case "protocol" -> readProtocol(p);
            case "txn" -> readTxn(p);
            case "commitInfo" -> readCommitInfo(p);
            case "cdc" -> readCdc(p);
            case "domainMetadata" -> readDomain(p);
            case "sidecar" -> readSidecar(p);
            default -> {
              p.skipChildren();
              yield null;
            }
          };
      if (action != null) {
        result = action;
      }
    }
    return result;
  }

  private static AddFile readAdd(JsonParser p) throws IOException {
    String path = null;
    Map<String, String> partitionValues = null;
    long size = 0;
    long modificationTime = 0;
    boolean dataChange = true;
    String stats = null;
    Map<String, String> tags = null;
    DeletionVectorDescriptor dv = null;
    Long baseRowId = null;
    Long defaultRowCommitVersion = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "path" -> path = p.getText();
        case "partitionValues" -> partitionValues = readStringMap(p);
        case "size" -> size = p.getValueAsLong();
        case "modificationTime" -> modificationTime = p.getValueAsLong();
        case "dataChange" -> dataChange = p.getValueAsBoolean();
        case "stats" -> stats = p.getText();
        case "tags" -> tags = readStringMap(p);
        case "deletionVector" -> dv = readDv(p);
        case "baseRowId" -> baseRowId = p.getValueAsLong();
        case "defaultRowCommitVersion" -> defaultRowCommitVersion = p.getValueAsLong();
        default -> p.skipChildren();
      }
    }
    require(path, "add", "path");
    return new AddFile(
        path,
        partitionValues,
        size,
        modificationTime,
        dataChange,
        stats,
        tags,
        dv,
        baseRowId,
        defaultRowCommitVersion);
  }

  private static RemoveFile readRemove(JsonParser p) throws IOException {
    String path = null;
    Long deletionTimestamp = null;
    boolean dataChange = true;
    Boolean extended = null;
    Map<String, String> partitionValues = null;
    Long size = null;
    String stats = null;
    Map<String, String> tags = null;
    DeletionVectorDescriptor dv = null;
    Long baseRowId = null;
    Long defaultRowCommitVersion = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "path" -> path = p.getText();
        case "deletionTimestamp" -> deletionTimestamp = p.getValueAsLong();
        case "dataChange" -> dataChange = p.getValueAsBoolean();
        case "extendedFileMetadata" -> extended = p.getValueAsBoolean();
        case "partitionValues" -> partitionValues = readStringMap(p);
        case "size" -> size = p.getValueAsLong();
        case "stats" -> stats = p.getText();
        case "tags" -> tags = readStringMap(p);
        case "deletionVector" -> dv = readDv(p);
        case "baseRowId" -> baseRowId = p.getValueAsLong();
        case "defaultRowCommitVersion" -> defaultRowCommitVersion = p.getValueAsLong();
        default -> p.skipChildren();
      }
    }
    require(path, "remove", "path");
    return new RemoveFile(
        path,
        deletionTimestamp,
        dataChange,
        extended,
        partitionValues,
        size,
        stats,
        tags,
        dv,
        baseRowId,
        defaultRowCommitVersion);
  }

  private static DeletionVectorDescriptor readDv(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String storageType = null;
    String pathOrInline = null;
    Integer offset = null;
    int sizeInBytes = 0;
    long cardinality = 0;
    Long maxRowIndex = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "storageType" -> storageType = p.getText();
        case "pathOrInlineDv" -> pathOrInline = p.getText();
        case "offset" -> offset = p.getValueAsInt();
        case "sizeInBytes" -> sizeInBytes = p.getValueAsInt();
        case "cardinality" -> cardinality = p.getValueAsLong();
        case "maxRowIndex" -> maxRowIndex = p.getValueAsLong();
        default -> p.skipChildren();
      }
    }
    return new DeletionVectorDescriptor(
        storageType, pathOrInline, offset, sizeInBytes, cardinality, maxRowIndex);
  }

  private static Metadata readMetadata(JsonParser p) throws IOException {
    String id = null;
    String name = null;
    String description = null;
    Metadata.Format format = null;
    String schemaString = null;
    List<String> partitionColumns = null;
    Map<String, String> configuration = null;
    Long createdTime = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "id" -> id = p.getText();
        case "name" -> name = p.getText();
        case "description" -> description = p.getText();
        case "format" -> format = readFormat(p);
        case "schemaString" -> schemaString = p.getText();
        case "partitionColumns" -> partitionColumns = readStringList(p);
        case "configuration" -> configuration = readStringMap(p);
        case "createdTime" -> createdTime = p.getValueAsLong();
        default -> p.skipChildren();
      }
    }
    require(schemaString, "metaData", "schemaString");
    return new Metadata(
        id, name, description, format, schemaString, partitionColumns, configuration, createdTime);
  }

  private static Metadata.Format readFormat(JsonParser p) throws IOException {
    String provider = "parquet";
    Map<String, String> options = null;
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return Metadata.Format.PARQUET;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "provider" -> provider = p.getText();
        case "options" -> options = readStringMap(p);
        default -> p.skipChildren();
      }
    }
    return new Metadata.Format(provider, options);
  }

  private static Protocol readProtocol(JsonParser p) throws IOException {
    int reader = 1;
    int writer = 2;
    Set<String> readerFeatures = null;
    Set<String> writerFeatures = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "minReaderVersion" -> reader = p.getValueAsInt();
        case "minWriterVersion" -> writer = p.getValueAsInt();
        case "readerFeatures" -> readerFeatures = new LinkedHashSet<>(readStringList(p));
        case "writerFeatures" -> writerFeatures = new LinkedHashSet<>(readStringList(p));
        default -> p.skipChildren();
      }
    }
    return new Protocol(reader, writer, readerFeatures, writerFeatures);
  }

  private static SetTransaction readTxn(JsonParser p) throws IOException {
    String appId = null;
    long version = 0;
    Long lastUpdated = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "appId" -> appId = p.getText();
        case "version" -> version = p.getValueAsLong();
        case "lastUpdated" -> lastUpdated = p.getValueAsLong();
        default -> p.skipChildren();
      }
    }
    require(appId, "txn", "appId");
    return new SetTransaction(appId, version, lastUpdated);
  }

  private static CommitInfo readCommitInfo(JsonParser p) throws IOException {
    Long timestamp = null;
    String operation = null;
    Map<String, Object> parameters = null;
    Map<String, String> metrics = null;
    Long readVersion = null;
    String isolationLevel = null;
    Boolean blindAppend = null;
    String engineInfo = null;
    String userMetadata = null;
    String txnId = null;
    Long ict = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "timestamp" -> timestamp = p.getValueAsLong();
        case "operation" -> operation = p.getText();
        case "operationParameters" -> parameters = readAnyMap(p);
        case "operationMetrics" -> metrics = readStringMap(p);
        case "readVersion" -> readVersion = p.getValueAsLong();
        case "isolationLevel" -> isolationLevel = p.getText();
        case "isBlindAppend" -> blindAppend = p.getValueAsBoolean();
        case "engineInfo" -> engineInfo = p.getText();
        case "userMetadata" -> userMetadata = p.getText();
        case "txnId" -> txnId = p.getText();
        case "inCommitTimestamp" -> ict = p.getValueAsLong();
        default -> p.skipChildren();
      }
    }
    return new CommitInfo(
        timestamp,
        operation,
        parameters,
        metrics,
        readVersion,
        isolationLevel,
        blindAppend,
        engineInfo,
        userMetadata,
        txnId,
        ict);
  }

  private static AddCDCFile readCdc(JsonParser p) throws IOException {
    String path = null;
    Map<String, String> partitionValues = null;
    long size = 0;
    boolean dataChange = false;
    Map<String, String> tags = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "path" -> path = p.getText();
        case "partitionValues" -> partitionValues = readStringMap(p);
        case "size" -> size = p.getValueAsLong();
        case "dataChange" -> dataChange = p.getValueAsBoolean();
        case "tags" -> tags = readStringMap(p);
        default -> p.skipChildren();
      }
    }
    require(path, "cdc", "path");
    return new AddCDCFile(path, partitionValues, size, dataChange, tags);
  }

  private static DomainMetadata readDomain(JsonParser p) throws IOException {
    String domain = null;
    String configuration = null;
    boolean removed = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "domain" -> domain = p.getText();
        case "configuration" -> configuration = p.getText();
        case "removed" -> removed = p.getValueAsBoolean();
        default -> p.skipChildren();
      }
    }
    require(domain, "domainMetadata", "domain");
    return new DomainMetadata(domain, configuration, removed);
  }

  private static Sidecar readSidecar(JsonParser p) throws IOException {
    String path = null;
    long size = 0;
    long mtime = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "path" -> path = p.getText();
        case "sizeInBytes" -> size = p.getValueAsLong();
        case "modificationTime" -> mtime = p.getValueAsLong();
        default -> p.skipChildren();
      }
    }
    require(path, "sidecar", "path");
    return new Sidecar(path, size, mtime);
  }

  private static void require(Object value, String action, String field) {
    if (value == null) {
      throw new IllegalArgumentException("'" + action + "' action without '" + field + "'");
    }
  }

  /** Reads a JSON object of string (or scalar) values; the parser is on START_OBJECT. */
  static Map<String, String> readStringMap(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    Map<String, String> map = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      String value;
      if (t == JsonToken.VALUE_NULL) {
        value = null;
      } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        value = MAPPER.writeValueAsString(MAPPER.readTree(p));
      } else {
        value = p.getText();
      }
      if (map == null) {
        map = new HashMap<>(4);
      }
      map.put(key, value);
    }
    return map == null ? Map.of() : map;
  }

  private static Map<String, Object> readAnyMap(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      map.put(key, MAPPER.readValue(p, Object.class));
    }
    return map;
  }

  private static List<String> readStringList(JsonParser p) throws IOException {
    List<String> list = new ArrayList<>();
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return list;
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      list.add(p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText());
    }
    return list;
  }

  // ---------------------------------------------------------------- writing

  /** One action as a JSON line (no newline). */
  public static String toJson(Object action) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, action);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Actions as newline-separated JSON, UTF-8, each line ending in a newline. */
  public static byte[] toCommitBytes(List<? extends Object> actions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * (actions.size() + 1));
    try (Writer w = new java.io.OutputStreamWriter(bytes, StandardCharsets.UTF_8);
        JsonGenerator g = FACTORY.createGenerator(w)) {
      g.setRootValueSeparator(null);
      for (Object action : actions) {
        write(g, action);
        g.flush();
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void write(JsonGenerator g, Object action) throws IOException {
    g.writeStartObject();
    if (action instanceof AddFile a) {
      g.writeFieldName("add");
      g.writeStartObject();
      g.writeStringField("path", a.path());
      writeStringMap(g, "partitionValues", a.partitionValues());
      g.writeNumberField("size", a.size());
      g.writeNumberField("modificationTime", a.modificationTime());
      g.writeBooleanField("dataChange", a.dataChange());
      if (a.stats() != null) {
        g.writeStringField("stats", a.stats());
      }
      if (a.tags() != null) {
        writeStringMap(g, "tags", a.tags());
      }
      writeDv(g, a.deletionVector());
      writeLong(g, "baseRowId", a.baseRowId());
      writeLong(g, "defaultRowCommitVersion", a.defaultRowCommitVersion());
      g.writeEndObject();
    } else if (action instanceof RemoveFile r) {
      g.writeFieldName("remove");
      g.writeStartObject();
      g.writeStringField("path", r.path());
      writeLong(g, "deletionTimestamp", r.deletionTimestamp());
      g.writeBooleanField("dataChange", r.dataChange());
      if (r.extendedFileMetadata() != null) {
        g.writeBooleanField("extendedFileMetadata", r.extendedFileMetadata());
      }
      if (r.partitionValues() != null) {
        writeStringMap(g, "partitionValues", r.partitionValues());
      }
      writeLong(g, "size", r.size());
      if (r.stats() != null) {
        g.writeStringField("stats", r.stats());
      }
      if (r.tags() != null) {
        writeStringMap(g, "tags", r.tags());
      }
      writeDv(g, r.deletionVector());
      writeLong(g, "baseRowId", r.baseRowId());
      writeLong(g, "defaultRowCommitVersion", r.defaultRowCommitVersion());
      g.writeEndObject();
    } else if (action instanceof Metadata m) {
      g.writeFieldName("metaData");
      g.writeStartObject();
      g.writeStringField("id", m.id());
      if (m.name() != null) {
        g.writeStringField("name", m.name());
      }
      if (m.description() != null) {
        g.writeStringField("description", m.description());
      }
      g.writeFieldName("format");
      g.writeStartObject();
      g.writeStringField("provider", m.format().provider());
      writeStringMap(g, "options", m.format().options());
      g.writeEndObject();
      g.writeStringField("schemaString", m.schemaString());
      g.writeArrayFieldStart("partitionColumns");
      for (String c : m.partitionColumns()) {
        g.writeString(c);
      }
      g.writeEndArray();
      writeStringMap(g, "configuration", m.configuration());
      writeLong(g, "createdTime", m.createdTime());
      g.writeEndObject();
    } else if (action instanceof Protocol pr) {
      g.writeFieldName("protocol");
      g.writeStartObject();
      g.writeNumberField("minReaderVersion", pr.minReaderVersion());
      g.writeNumberField("minWriterVersion", pr.minWriterVersion());
      if (pr.readerFeatures() != null) {
        g.writeArrayFieldStart("readerFeatures");
        for (String f : pr.readerFeatures()) {
          g.writeString(f);
        }
        g.writeEndArray();
      }
      if (pr.writerFeatures() != null) {
        g.writeArrayFieldStart("writerFeatures");
        for (String f : pr.writerFeatures()) {
          g.writeString(f);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } else if (action instanceof SetTransaction t) {
      g.writeFieldName("txn");
      g.writeStartObject();
      g.writeStringField("appId", t.appId());
      g.writeNumberField("version", t.version());
      writeLong(g, "lastUpdated", t.lastUpdated());
      g.writeEndObject();
    } else if (action instanceof CommitInfo c) {
      g.writeFieldName("commitInfo");
      g.writeStartObject();
      writeLong(g, "timestamp", c.timestamp());
      writeLong(g, "inCommitTimestamp", c.inCommitTimestamp());
      if (c.operation() != null) {
        g.writeStringField("operation", c.operation());
      }
      g.writeFieldName("operationParameters");
      g.writeStartObject();
      for (Map.Entry<String, Object> e : c.operationParameters().entrySet()) {
        g.writeFieldName(e.getKey());
        MAPPER.writeValue(g, e.getValue());
      }
      g.writeEndObject();
      writeLong(g, "readVersion", c.readVersion());
      if (c.isolationLevel() != null) {
        g.writeStringField("isolationLevel", c.isolationLevel());
      }
      if (c.isBlindAppend() != null) {
        g.writeBooleanField("isBlindAppend", c.isBlindAppend());
      }
      if (!c.operationMetrics().isEmpty()) {
        writeStringMap(g, "operationMetrics", c.operationMetrics());
      }
      if (c.userMetadata() != null) {
        g.writeStringField("userMetadata", c.userMetadata());
      }
      if (c.engineInfo() != null) {
        g.writeStringField("engineInfo", c.engineInfo());
      }
      if (c.txnId() != null) {
        g.writeStringField("txnId", c.txnId());
      }
      g.writeEndObject();
    } else if (action instanceof AddCDCFile c) {
      g.writeFieldName("cdc");
      g.writeStartObject();
      g.writeStringField("path", c.path());
      writeStringMap(g, "partitionValues", c.partitionValues());
      g.writeNumberField("size", c.size());
      g.writeBooleanField("dataChange", c.dataChange());
      if (c.tags() != null) {
        writeStringMap(g, "tags", c.tags());
      }
      g.writeEndObject();
    } else if (action instanceof DomainMetadata d) {
      g.writeFieldName("domainMetadata");
      g.writeStartObject();
      g.writeStringField("domain", d.domain());
      g.writeStringField("configuration", d.configuration());
      g.writeBooleanField("removed", d.removed());
      g.writeEndObject();
    } else if (action instanceof Sidecar s) {
      g.writeFieldName("sidecar");
      g.writeStartObject();
      g.writeStringField("path", s.path());
      g.writeNumberField("sizeInBytes", s.sizeInBytes());
      g.writeNumberField("modificationTime", s.modificationTime());
      g.writeEndObject();
    } else {
      throw new IllegalArgumentException("Not an action: " + action);
    }
    g.writeEndObject();
  }

  private static void writeLong(JsonGenerator g, String name, Long value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }

  private static void writeStringMap(JsonGenerator g, String name, Map<String, String> map)
      throws IOException {
    g.writeFieldName(name);
    g.writeStartObject();
    if (map != null) {
      for (Map.Entry<String, String> e : map.entrySet()) {
        if (e.getValue() == null) {
          g.writeNullField(e.getKey());
        } else {
          g.writeStringField(e.getKey(), e.getValue());
        }
      }
    }
    g.writeEndObject();
  }

  private static void writeDv(JsonGenerator g, DeletionVectorDescriptor dv) throws IOException {
    if (dv == null) {
      return;
    }
    g.writeFieldName("deletionVector");
    g.writeStartObject();
    g.writeStringField("storageType", dv.storageType());
    g.writeStringField("pathOrInlineDv", dv.pathOrInlineDv());
    if (dv.offset() != null) {
      g.writeNumberField("offset", dv.offset());
    }
    g.writeNumberField("sizeInBytes", dv.sizeInBytes());
    g.writeNumberField("cardinality", dv.cardinality());
    writeLong(g, "maxRowIndex", dv.maxRowIndex());
    g.writeEndObject();
  }

  static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
