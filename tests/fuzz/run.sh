#!/usr/bin/env bash
# Fuzzes the model-file loader with SharpFuzz + AFL++ for a while, then keeps what it found as a regression corpus.
#
#   tests/fuzz/run.sh [MINUTES]      (default 10)
#
# Installs afl++ (Debian package, needs root) and SharpFuzz.CommandLine 2.3.0 (local tool manifest in
# tests/fuzz/.config) if missing, publishes tests/fuzz/Backprop.Fuzz in Release, instruments the published copy of
# Backprop.dll, seeds the input folder with valid model files (float and double, every layer type) and the current
# regression corpus, runs one afl-fuzz instance for MINUTES, then copies into
# tests/Backprop.Tests/Serialization/corpus/:
#   crash-<sha1>   every input that crashed (an exception other than InvalidDataException escaped the loader),
#   hang-<sha1>    every input that timed out (5 s),
#   fuzz-<sha1>    the queue minimised by afl-cmin (a safety cap of FUZZ_CORPUS_MAX files, default 200, smallest first),
# skipping any whose content is already in the corpus. Review and commit them; the MutationTests corpus theory loads
# every file there on each `dotnet test`.
#
# Environment: FUZZ_WORK (work folder, default tests/fuzz/work; afl-cmin refuses /tmp), FUZZ_CORPUS_MAX.
set -euo pipefail

minutes=${1:-10}
if ! [[ "$minutes" =~ ^[0-9]+$ ]] || [ "$minutes" -lt 1 ]; then
  echo "usage: $0 [MINUTES]   (a whole number of minutes, default 10)" >&2
  exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${FUZZ_WORK:-$here/work}
corpus=$repo/tests/Backprop.Tests/Serialization/corpus
max_corpus=${FUZZ_CORPUS_MAX:-200}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- Tools ---------------------------------------------------------------------------------------------------------
if ! command -v afl-fuzz >/dev/null || ! command -v afl-cmin >/dev/null; then
  echo "== installing afl++ (Debian package)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "afl-fuzz is missing and this is not root: run 'apt-get install -y afl++' first" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
echo "== $(afl-fuzz -h 2>&1 | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"
(cd "$here" && dotnet tool restore >/dev/null)
dotnet_bin=$(command -v dotnet) # afl-cmin wants a path

# --- Build and instrument ------------------------------------------------------------------------------------------
echo "== publishing Backprop.Fuzz (Release) to $work/bin"
rm -rf "$work/bin" "$work/in" "$work/out" "$work/cmin"
mkdir -p "$work/in"
dotnet publish "$here/Backprop.Fuzz/Backprop.Fuzz.csproj" -c Release -o "$work/bin" -nologo -v quiet
echo "== instrumenting Backprop.dll"
(cd "$here" && dotnet tool run sharpfuzz "$work/bin/Backprop.dll")
target=("$dotnet_bin" "$work/bin/Backprop.Fuzz.dll")

# --- Seeds ---------------------------------------------------------------------------------------------------------
echo "== seeding $work/in"
"${target[@]}" seeds "$work/in" >/dev/null
find "$corpus" -maxdepth 1 -type f -size +0 -exec cp {} "$work/in/" \;
echo "$(ls "$work/in" | wc -l) seeds"
# afl-fuzz stops at the first seed that crashes: say which, with the exception, instead.
if ! "${target[@]}" check "$work/in" >"$work/seed-check.log"; then
  grep -A 20 ESCAPED "$work/seed-check.log" >&2
  echo "a seed already makes the loader throw something other than InvalidDataException: fix that first" >&2
  exit 1
fi

# --- Fuzz ----------------------------------------------------------------------------------------------------------
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export AFL_SKIP_BIN_CHECK=1      # the target is `dotnet`, which has no AFL instrumentation of its own
export AFL_NO_AFFINITY=1         # the machine is shared: don't pin a core
export AFL_FORKSRV_INIT_TMOUT=60000
seconds=$((minutes * 60))
echo "== afl-fuzz for $minutes min (log: $work/afl.log), started $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
status=0
timeout --signal=INT $((seconds + 600)) \
  afl-fuzz -i "$work/in" -o "$work/out" -t 5000 -m none -x "$here/model.dict" -V "$seconds" -- "${target[@]}" \
  >"$work/afl.log" 2>&1 || status=$?
stats=$work/out/default/fuzzer_stats
if [ ! -f "$stats" ]; then
  tail -n 30 "$work/afl.log" | sed 's/\x1b\[[0-9;]*m//g' >&2
  echo "afl-fuzz exited with $status before writing its statistics" >&2
  exit 1
fi
stat() { awk -v k="$1" '$1 == k { print $3 }' "$stats"; }
echo "== afl-fuzz exited with $status"
echo "run_time=$(stat run_time)s execs_done=$(stat execs_done) execs_per_sec=$(stat execs_per_sec)" \
  "corpus_count=$(stat corpus_count) edges_found=$(stat edges_found) stability=$(stat stability)" \
  "saved_crashes=$(stat saved_crashes) saved_hangs=$(stat saved_hangs)"
cp "$stats" "$work/fuzzer_stats.last"

# --- Keep what it found --------------------------------------------------------------------------------------------
declare -A known=()
for f in "$corpus"/*; do
  if [ -f "$f" ]; then known[$(sha1sum <"$f" | cut -c1-40)]=1; fi
done
kept=()
keep() { # keep FILE PREFIX: copies FILE into the corpus as PREFIX-<sha1> unless its content is there already
  local sha
  sha=$(sha1sum <"$1" | cut -c1-40)
  if [ -n "${known[$sha]:-}" ]; then return 0; fi
  known[$sha]=1
  cp "$1" "$corpus/$2-${sha:0:12}"
  chmod 644 "$corpus/$2-${sha:0:12}"
  kept+=("$corpus/$2-${sha:0:12}")
}

for f in "$work/out/default/crashes"/id:*; do if [ -f "$f" ]; then keep "$f" crash; fi; done
for f in "$work/out/default/hangs"/id:*; do if [ -f "$f" ]; then keep "$f" hang; fi; done
found=${#kept[@]}
if [ "$found" -gt 0 ]; then
  echo "== crashes and hangs (now in the corpus: the corpus test fails until the loader is fixed):"
  printf '%s\n' "${kept[@]}"
  "${target[@]}" check "${kept[@]}" 2>&1 | grep -A 12 ESCAPED || true
fi

echo "== minimising the queue with afl-cmin"
queue=$work/cmin
if ! afl-cmin -i "$work/out/default/queue" -o "$queue" -t 5000 -m none -- "${target[@]}" >"$work/cmin.log" 2>&1; then
  echo "afl-cmin failed (see $work/cmin.log): keeping the 40 smallest queue entries instead"
  mkdir -p "$work/sample"
  find "$work/out/default/queue" -maxdepth 1 -type f -name 'id:*' -printf '%s %p\n' | sort -n | head -n 40 \
    | cut -d' ' -f2- | while read -r f; do cp "$f" "$work/sample/"; done
  queue=$work/sample
  max_corpus=40
fi
echo "$(ls "$queue" | wc -l) files after minimisation"
while read -r f; do
  keep "$f" fuzz
done < <(find "$queue" -maxdepth 1 -type f -printf '%s %p\n' | sort -n | head -n "$max_corpus" | cut -d' ' -f2-)
echo "== added $((${#kept[@]} - found)) queue files and $found crashes/hangs to $corpus"
echo "   run: dotnet test tests/Backprop.Tests -c Release --filter FullyQualifiedName~MutationTests"
