package dev.strata.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.log.DeltaLog;
import dev.strata.log.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sanity check of the oracle itself: Kernel, run here, agrees with Strata on golden tables. */
class KernelGoldenTest {
  @Test
  void kernelAndStrataAgreeOnGoldenTables() throws Exception {
    for (String table :
        List.of(
            "dv-partitioned-with-checkpoint",
            "data-reader-partition-values",
            "multi-part-checkpoint")) {
      KernelOracle.Result kernel = KernelOracle.read(Golden.root().resolve(table).toString(), null);
      Snapshot s = DeltaLog.forTable(Golden.table(table)).latestSnapshot();
      assertThat(kernel.version()).isEqualTo(s.version());
      List<String> strata =
          GoldenRowsTest.rows(s.scan().build()).stream()
              .map(OracleOutput::render)
              .sorted()
              .toList();
      assertThat(strata).as(table).isEqualTo(kernel.rows().stream().sorted().toList());
    }
  }
}
