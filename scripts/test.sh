#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UndefinedBehaviorSanitizer and runs
# the whole test suite, including the PostgreSQL tests against a throwaway cluster that the test
# run starts and removes itself. Exits non-zero on any failure.
# Extra arguments are passed to ctest (e.g. -L pg, -R Merkle, --verbose). A full run (no
# arguments) then runs scripts/tsan.sh too, unless LEDGER_TSAN=0, and every fuzz target for
# LEDGER_FUZZ_SECONDS seconds (default 5; 0 skips) with scripts/fuzz.sh, which builds them with
# clang into build/fuzz.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LEDGER_ROOT"

ledger_install_packages
ledger_install_browser_deps
ledger_build build/asan all -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLEDGER_SANITIZE=address,undefined \
  -DLEDGER_WERROR=ON

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
say "running the tests"
cd build/asan
ctest --output-on-failure --timeout 900 -j "$(nproc)" "$@"

# The concurrency tests again under ThreadSanitizer, in their own build/tsan (it cannot share a
# build with AddressSanitizer). Measured on 2 cores: about 40 s with a warm ccache, 11 minutes
# with a cold one.
if [ $# -eq 0 ] && [ "${LEDGER_TSAN:-1}" != 0 ]; then
  cd "$LEDGER_ROOT"
  scripts/tsan.sh
fi

# Every fuzz target for a few seconds over its seeds, in its own clang build/fuzz
# (docs/TESTING.md "Fuzzing"). Measured on 2 cores: about 50 s with a warm ccache, 7 minutes with
# a cold one.
fuzz_seconds="${LEDGER_FUZZ_SECONDS:-5}"
if [ $# -eq 0 ] && [ "$fuzz_seconds" != 0 ]; then
  cd "$LEDGER_ROOT"
  scripts/fuzz.sh "$fuzz_seconds"
fi
