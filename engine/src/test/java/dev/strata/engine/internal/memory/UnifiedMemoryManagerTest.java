package dev.strata.engine.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnifiedMemoryManagerTest {
  @Test
  void defaultBudgetLeavesAReserve() {
    long mb = 1024 * 1024;
    assertThat(UnifiedMemoryManager.defaultBudget(4096 * mb, 0.6))
        .isEqualTo((long) ((4096 - 300) * mb * 0.6));
    // small heaps keep half of themselves in reserve
    assertThat(UnifiedMemoryManager.defaultBudget(256 * mb, 0.6))
        .isEqualTo((long) (128 * mb * 0.6));
  }

  @Test
  void executionEvictsStorageButStorageNeverEvictsExecution() {
    UnifiedMemoryManager m = new UnifiedMemoryManager(1000, 1);
    List<Long> asked = new ArrayList<>();
    m.setEvictor(
        bytes -> {
          asked.add(bytes);
          long freed = Math.min(bytes, m.storageUsed());
          m.releaseStorage(freed);
          return freed;
        });
    assertThat(m.acquireStorage(700)).isTrue();
    assertThat(m.acquireExecution(200, 1)).isEqualTo(200);
    assertThat(asked).isEmpty();
    // needs 300 more than is free: the evictor is asked for exactly the shortfall
    assertThat(m.acquireExecution(400, 1)).isEqualTo(400);
    assertThat(asked).containsExactly(300L);
    assertThat(m.storageUsed()).isEqualTo(400);
    assertThat(m.executionUsed()).isEqualTo(600);
    // storage cannot take execution's memory
    assertThat(m.acquireStorage(100)).isFalse();
    assertThat(m.executionPeak()).isEqualTo(600);
    assertThat(m.storagePeak()).isEqualTo(700);
    m.releaseExecution(600, 1);
    m.resetPeaks();
    assertThat(m.executionPeak()).isZero();
  }

  @Test
  void oneTaskCannotTakeMoreThanItsShare() {
    UnifiedMemoryManager m = new UnifiedMemoryManager(1000, 4);
    assertThat(m.acquireExecution(600, 7)).isEqualTo(250);
    assertThat(m.acquireExecution(10, 7)).isZero();
    assertThat(m.acquireExecution(600, 8)).isEqualTo(250);
    m.releaseExecution(250, 7);
    assertThat(m.acquireExecution(100, 7)).isEqualTo(100);
  }
}
