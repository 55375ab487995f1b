#!/usr/bin/env bash
# Cost of one projection write on the embedded MongoDB-wire server, by filter shape (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmark -am -Dmaven.test.skip=true install
cp=$(mktemp)
mvn -B -q -pl benchmark dependency:build-classpath -Dmdep.outputFile="$cp"
java -cp "benchmark/target/classes:$(cat "$cp")" com.customertimeline.benchmark.EmbeddedStoreWriteCost
