package dev.strata.log.internal;

import dev.strata.log.Action;
import dev.strata.log.AddFile;
import dev.strata.log.DeletionVectorDescriptor;
import dev.strata.log.RemoveFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The reconciled file actions of a snapshot: live adds and tombstones keyed by (decoded path,
 * deletion vector id); the newest action per key wins.
 */
final class FileState {
  final LinkedHashMap<String, AddFile> live;
  final LinkedHashMap<String, RemoveFile> tombstones;

  FileState() {
    this(new LinkedHashMap<>(), new LinkedHashMap<>());
  }

  private FileState(LinkedHashMap<String, AddFile> live, LinkedHashMap<String, RemoveFile> tombs) {
    this.live = live;
    this.tombstones = tombs;
  }

  FileState copy() {
    return new FileState(new LinkedHashMap<>(live), new LinkedHashMap<>(tombstones));
  }

  static String key(String path, DeletionVectorDescriptor dv) {
    String decoded = PathCodec.decode(path);
    return dv == null ? decoded : decoded + '\u0000' + dv.uniqueId();
  }

  void apply(Action action) {
    liveList = null;
    if (action instanceof AddFile add) {
      String key = key(add.path(), add.deletionVector());
      if (live.put(key, add) != null) {
        // Re-insert so that log order reflects the newest add.
        live.remove(key);
        live.put(key, add);
      }
      if (!tombstones.isEmpty()) {
        tombstones.remove(key);
      }
    } else if (action instanceof RemoveFile remove) {
      String key = key(remove.path(), remove.deletionVector());
      live.remove(key);
      tombstones.put(key, remove);
    }
  }

  void applyAll(List<? extends Object> actions) {
    for (Object a : actions) {
      if (a instanceof Action action) {
        apply(action);
      }
    }
  }

  private volatile List<AddFile> liveList;

  /** The live files; computed once, since a materialised snapshot's state no longer changes. */
  List<AddFile> liveList() {
    List<AddFile> l = liveList;
    if (l == null) {
      l = Collections.unmodifiableList(new ArrayList<>(live.values()));
      liveList = l;
    }
    return l;
  }

  List<RemoveFile> tombstoneList() {
    return List.copyOf(new ArrayList<>(tombstones.values()));
  }
}
