#!/usr/bin/env bash
# Smoke run of the medallion benchmark harness on 20,000 rows: checks result digests only, no timing.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -cp benchmarks/target/strata-bench.jar dev.strata.examples.OrdersGenerator --rows 20000 --out "$work/data" --seed 42 >/dev/null
java -Xmx1g -jar benchmarks/target/strata-bench.jar medallion --data "$work/data" --warehouse "$work/warehouse" --out "$work/results.json"
