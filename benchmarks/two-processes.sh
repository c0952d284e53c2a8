#!/usr/bin/env bash
# Does one core slow down when the other core is busy with the same work? Runs a one-thread workload alone, then two
# independent copies at once (separate processes: nothing shared but the machine), alternating, three rounds:
#   benchmarks/two-processes.sh [workload] [result-key] [extra args...]
#   benchmarks/two-processes.sh mlp-mnist epoch_seconds_t1 --epochs 2
#   benchmarks/two-processes.sh gemm gemm512_gflops_t1
# If two copies each run as fast as one alone, a perfectly parallel 2-thread version could reach a 2.0x speed-up; the
# ratio "alone / together" (per copy) bounds what any partitioning of one process's step over the two cores can reach.
set -u
w=${1:-mlp-mnist}; key=${2:-epoch_seconds_t1}; shift 2 || true
run() { dotnet run -c Release --no-build --project benchmarks/Backprop.Benchmarks -- workload "$w" --threads 1 "$@" 2>&1 | grep "RESULT $key=" | cut -d= -f2; }
for round in 1 2 3; do
  echo "round $round load=$(cut -d' ' -f1 /proc/loadavg) alone: $(run "$@")"
  run "$@" > /tmp/two-a.$$ & run "$@" > /tmp/two-b.$$ & wait
  echo "round $round together: $(cat /tmp/two-a.$$) $(cat /tmp/two-b.$$)"
done
rm -f /tmp/two-a.$$ /tmp/two-b.$$
