#!/usr/bin/env bash
# Reproduces the auditor-tool rates in docs/benchmarks.md (issue 13): builds the modules, then loads a
# store of --events (default 1,000,000) chained, sealed events into the embedded default's PostgreSQL
# and times the export, the online verification and the offline verifier, in a 256 MB heap.
# Usage: benchmark/audit-rates.sh [--events=1000000] [--streams=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dmaven.test.skip=true ${BENCH_MVN_FLAGS:-} install
classpath=$(mktemp)
trap 'rm -f "$classpath"' EXIT
mvn -B -q ${BENCH_MVN_FLAGS:-} -pl benchmark dependency:build-classpath -Dmdep.outputFile="$classpath"
java -Xmx256m ${BENCH_JAVA_OPTS:-} -cp "benchmark/target/classes:$(cat "$classpath")" \
  com.customertimeline.benchmark.AuditRates "$@"
