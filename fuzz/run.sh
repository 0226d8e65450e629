#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of outside input: SharpFuzz instruments the library's assemblies,
# AFL++ drives each target from its seed corpus for a fixed time. Fails on any crash or hang.
#   fuzz/run.sh [seconds per target] [target ...]     (default: 30 s, every target)
#   FUZZ_EXECS=10000000 fuzz/run.sh 3600 validator     (a long run: stops at about that many executions, or the time)
#   FUZZ_OUT=<folder>                                  (where the build, corpus and findings go; default artifacts/fuzz)
# Findings go to artifacts/fuzz/findings/<target>/default/{crashes,hangs}; replay one with
#   dotnet artifacts/fuzz/bin/AgentCore.Security.Fuzz.dll replay <target> <file>
# then add it under fuzz/regressions/<target>/ (the unit tests replay that folder).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
budget=${1:-30}
shift || true
shared=${AGENTCORE_SHARED:-$(cd "$root/.." && pwd)/shared}
out=${FUZZ_OUT:-$root/artifacts/fuzz}
driver="$out/bin/AgentCore.Security.Fuzz.dll"

if ! command -v afl-fuzz >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq afl++ >/dev/null) || { echo "fuzz: could not install afl++" >&2; exit 1; }
fi

rm -rf "$out"
dotnet build "$root/fuzz/AgentCore.Security.Fuzz/AgentCore.Security.Fuzz.csproj" -c Release -o "$out/bin" -warnaserror --nologo -v q
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(dotnet "$driver" list | awk '{print $1}')
fi

# Seeds first: once instrumented, the library only runs under afl-fuzz (SharpFuzz's shared memory).
for target in "${targets[@]}"; do
  dotnet "$driver" seed "$target" "$out/corpus/$target" "$shared" >/dev/null
done
dotnet "$driver" instrument "$out/bin" >/dev/null

# A container has no core-dump handler or CPU governor to tune; SharpFuzz's fork server is dotnet, not an
# AFL-compiled binary; dotnet takes a few seconds to start.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_FORKSRV_INIT_TMOUT=60000 AFL_NO_AFFINITY=1 DOTNET_TieredPGO=0

mkdir -p "$out/findings"
failed=0
printf '%-15s %12s %10s %10s %8s %8s %6s\n' target execs execs/s edges cover crashes hangs
for target in "${targets[@]}"; do
  corpus="$out/corpus/$target"
  findings="$out/findings/$target"
  # -t: no input may take longer than 2 s (a hang is a finding); -V: the time budget.
  if ! afl-fuzz -i "$corpus" -o "$findings" -t 2000 -m none -V "$budget" ${FUZZ_EXECS:+-E "$FUZZ_EXECS"} -- "$(command -v dotnet)" "$driver" run "$target" >"$out/$target.log" 2>&1; then
    echo "fuzz: afl-fuzz failed for $target; see $out/$target.log" >&2
    tail -20 "$out/$target.log" >&2
    failed=1
    continue
  fi

  stats="$findings/default/fuzzer_stats"
  value() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$stats"; }
  crashes=$(find "$findings/default/crashes" -type f ! -name README.txt | wc -l)
  hangs=$(find "$findings/default/hangs" -type f ! -name README.txt | wc -l)
  printf '%-15s %12s %10s %10s %8s %8s %6s\n' "$target" "$(value execs_done)" "$(value execs_per_sec)" "$(value edges_found)" "$(value bitmap_cvg)" "$crashes" "$hangs"
  if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
    failed=1
    for file in $(find "$findings/default/crashes" "$findings/default/hangs" -type f ! -name README.txt | head -5); do
      echo "fuzz: $target finding: $file (replay it on an uninstrumented build: dotnet run --project fuzz/AgentCore.Security.Fuzz -- replay $target <file>)" >&2
    done
  fi
done

exit "$failed"
