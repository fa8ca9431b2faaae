/**
 * The Parquet format benchmark: Strata's writer and reader against parquet-avro.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am install -DskipTests
 * mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx3g -cp benchmarks/target/classes:$(cat benchmarks/target/cp.txt) \
 *     dev.strata.benchmarks.format.FormatBenchmark 5000000
 * </pre>
 */
package dev.strata.benchmarks.format;
