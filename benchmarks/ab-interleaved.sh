#!/usr/bin/env bash
# Interleaved A/B of the training workloads between two built checkouts (e.g. a `git worktree` of the old commit):
#   benchmarks/ab-interleaved.sh <before-tree> <after-tree> [log]
# Each tree must have run `dotnet build benchmarks/Backprop.Benchmarks -c Release`. Three rounds, alternating trees,
# so host drift hits both sides alike; the log gets the RESULT lines and the load average before each run.
set -u
before=$1; after=$2; out=${3:-ab.log}; : > "$out"
for round in 1 2 3; do
  for tree in "$before" "$after"; do
    for w in digits mlp-mnist; do
      extra=""; [ "$w" = mlp-mnist ] && extra="--epochs 2"
      echo "== round $round $tree $w load=$(cut -d' ' -f1 /proc/loadavg)" >> "$out"
      (cd "$tree" && dotnet run -c Release --no-build --project benchmarks/Backprop.Benchmarks -- workload $w --threads 1,2 $extra 2>&1 | grep RESULT) >> "$out"
    done
  done
done
