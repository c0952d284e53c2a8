#!/usr/bin/env bash
# Interleaved A/B of the training workloads: baseline (9a4728b, before the training-hall change) vs main.
out=${AB_LOG:-ab.log}; : > $out
for round in 1 2 3; do
  for side in baseline main; do
    for w in digits mlp-mnist; do
      extra=""; [ $w = mlp-mnist ] && extra="--epochs 2"
      echo "== round $round $side $w $(cat /proc/loadavg | cut -d' ' -f1)" >> $out
      (cd "${BASELINE_DIR:?}/../$side" && dotnet run -c Release --no-build --project benchmarks/Backprop.Benchmarks -- workload $w --threads 1,2 $extra 2>&1 | grep RESULT) >> $out
    done
  done
done
echo done >> $out
