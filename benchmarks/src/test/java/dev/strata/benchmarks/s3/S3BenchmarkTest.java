package dev.strata.benchmarks.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A small run of the S3 benchmark: every measurement is produced and the data round-trips. */
class S3BenchmarkTest {
  @Test
  void smallRunProducesEveryMeasurement() throws Exception {
    List<S3Benchmark.Measurement> results = S3Benchmark.run(20, 10, 5_000);
    assertThat(results)
        .extracting(m -> m.store() + " " + m.what())
        .contains(
            "local commit one-file append p50",
            "s3 commit one-file append p99",
            "s3 write 20 MiB file",
            "s3 read 20 MiB file",
            "local write 20 MiB file",
            "s3 partitioned write rate",
            "local partitioned write rate");
    assertThat(results).allSatisfy(m -> assertThat(m.value()).isPositive());
  }
}
