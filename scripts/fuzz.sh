#!/usr/bin/env bash
# scripts/fuzz.sh [seconds-per-target]: builds the libFuzzer targets with clang into build/fuzz
# (-DLEDGER_FUZZ=ON: AddressSanitizer, UndefinedBehaviorSanitizer, coverage) and runs each target
# over its seed corpus fuzz/corpus/<target>/ for that many seconds (default 5). Exits non-zero on
# the first finding: the crashing input is saved as build/fuzz/artifacts/<target>/crash-<sha1>
# and the target's output is printed. New inputs go to build/fuzz/corpus/<target>/, never into
# the committed seeds. See docs/TESTING.md, "Fuzzing".
#
# LEDGER_FUZZ_TARGETS="fuzz_note fuzz_csv" scripts/fuzz.sh 600   # some targets only
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LEDGER_ROOT"

seconds="${1:-5}"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || die "usage: scripts/fuzz.sh [seconds-per-target]"

ledger_install_packages
ledger_build build/fuzz fuzz_targets -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DLEDGER_FUZZ=ON

targets=()
if [ -n "${LEDGER_FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$LEDGER_FUZZ_TARGETS"
else
  for dir in fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for t in "${targets[@]}"; do
  [ -x "build/fuzz/fuzz/$t" ] || die "no fuzz target $t (fuzz/CMakeLists.txt)"
  [ -d "fuzz/corpus/$t" ] || die "no seed corpus fuzz/corpus/$t"
  mkdir -p "build/fuzz/corpus/$t" "build/fuzz/artifacts/$t"
  log="build/fuzz/artifacts/$t/last.log"
  say "fuzzing $t for ${seconds}s"
  if ! "build/fuzz/fuzz/$t" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
      -artifact_prefix="build/fuzz/artifacts/$t/" "build/fuzz/corpus/$t" "fuzz/corpus/$t" \
      >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    die "$t found a failure: see $log and the input in build/fuzz/artifacts/$t/ (docs/TESTING.md)"
  fi
  grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/  $t /" >&2 || true
done
say "fuzzing done: ${#targets[@]} targets, ${seconds}s each, no finding"
