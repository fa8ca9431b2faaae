package dev.strata.engine.internal.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.format.StrataException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** Appends events as JSON lines to the session's event log file. */
public final class EventLog implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final OutputStream out;

  public EventLog(Path path) {
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new StrataException("Cannot open the event log " + path + ": " + e.getMessage(), e);
    }
  }

  public synchronized void write(Map<String, Object> event) {
    try {
      out.write(MAPPER.writeValueAsString(event).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new StrataException("Cannot write the event log: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException ignored) {
      // closing at session end; nothing to recover
    }
  }
}
