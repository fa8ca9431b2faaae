package dev.strata.engine;

import dev.strata.engine.internal.SessionState;
import java.util.List;

/** What a session holds: for now, its cached Datasets. Get it from {@link Strata#catalog()}. */
public final class Catalog {
  private final SessionState state;

  Catalog(SessionState state) {
    this.state = state;
  }

  /** The persisted Datasets, in the order they were persisted, with their sizes. */
  public List<CachedDataset> cachedDatasets() {
    return state.blockManager().cachedDatasets();
  }

  /** Drops every cached block of the session. */
  public void clearCache() {
    state.blockManager().clear();
  }
}
