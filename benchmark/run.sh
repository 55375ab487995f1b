#!/usr/bin/env bash
# Reproduces docs/benchmarks.md: builds and installs the modules (the generator resolves them from the
# local Maven repository), starts the service on the embedded default with an empty data folder on
# 127.0.0.1:8080, runs the load generator against it, stops it.
# Usage: benchmark/run.sh [--events=1000000] [--customers=10000] [--concurrency=32] ...
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d /tmp/timeline-bench.XXXXXX)
# the first administrator of this throw-away service; the generator signs in with it
export TIMELINE_ADMIN_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
mvn -B -q -Dmaven.test.skip=true ${BENCH_MVN_FLAGS:-} install
java -Xmx4g ${BENCH_JAVA_OPTS:-} -jar command-api/target/command-api-0.1.0-SNAPSHOT-exec.jar \
  --server.address=127.0.0.1 --server.port=8080 --timeline.data-dir="$data" \
  --logging.level.root=WARN ${BENCH_SERVICE_ARGS:-} > "$data/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf http://127.0.0.1:8080/actuator/health/readiness >/dev/null && break
  sleep 1
done
mvn -B -q -pl benchmark dependency:build-classpath -Dmdep.outputFile="$data/classpath.txt"
# BENCH_RUNS=N: the generator N times against the same service, one report each. The JIT compiler is
# still busy for several minutes of load on two cores (docs/benchmarks.md, "A warm service"), so the
# later runs show a warm service; their registrations answer 409 (already registered) and count as
# errors.
# BENCH_THREAD_CPU=1: the service's CPU per thread group over each run (benchmark/thread-cpu.sh)
for run in $(seq 1 "${BENCH_RUNS:-1}"); do
  [ "${BENCH_RUNS:-1}" -gt 1 ] && echo "run $run of $BENCH_RUNS"
  [ -n "${BENCH_THREAD_CPU:-}" ] && benchmark/thread-cpu.sh $service > "$data/thread-cpu.txt"
  java -cp "benchmark/target/classes:$(cat "$data/classpath.txt")" \
    com.customertimeline.benchmark.LoadGenerator --base-url=http://127.0.0.1:8080 "$@"
  if [ -n "${BENCH_THREAD_CPU:-}" ]; then
    echo "service CPU ms per thread group during the run:"
    benchmark/thread-cpu.sh $service "$data/thread-cpu.txt"
  fi
done
du -sh "$data"
