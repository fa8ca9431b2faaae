package dev.strata.engine.internal.scheduler;

import dev.strata.engine.events.EngineEvent;
import dev.strata.engine.events.EventLogFormat;
import dev.strata.format.StrataException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends events as JSON lines ({@link EventLogFormat}) to the session's event log file. */
public final class EventLog implements AutoCloseable {
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

  public synchronized void write(EngineEvent event) {
    try {
      out.write(EventLogFormat.toJson(event).getBytes(StandardCharsets.UTF_8));
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
